// /akun/masuk, SOP step 7: the username and the mailed (or own) password. A wrong username and a
// wrong password are one message (the server does not say which either); a locked account and
// too many attempts are said plainly. Then the forced password change, or the account.
import { useState } from "react";
import type { FormEvent } from "react";
import { Code } from "@connectrpc/connect";
import { Button, FieldError, Form, Input, Label, Text, TextField } from "react-aria-components";
import { useTranslation } from "react-i18next";
import { Navigate } from "react-router";
import { workErrorOf } from "../api/errors";
import { ErrorSummary, Notice } from "../common/messages";
import type { SummaryItem } from "../common/messages";
import { PageHeading } from "../common/page";
import { accountIs, useAccountState } from "./account";
import { applicantClient } from "./api";
import { applicantErrorText } from "./parts";
import { PasswordField } from "./password-field";
import { accountPath, passwordPath } from "./paths";

const usernameId = "username";
const passwordId = "password";

interface Errors {
  username?: string;
  password?: string;
  // The attempt as a whole: wrong credentials, locked, too many attempts, no server.
  form?: string;
  wrong?: boolean;
}

export default function LogInPage() {
  const { t } = useTranslation();
  const state = useAccountState();
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [errors, setErrors] = useState<Errors>({});
  const [pending, setPending] = useState(false);
  const [attempt, setAttempt] = useState(0);
  // The notice from before this page (logged out, session ended) until the next attempt.
  const [showNotice, setShowNotice] = useState(true);

  if (state.status === "in") {
    return <Navigate to={state.account.passwordChangeRequired ? passwordPath : accountPath} replace />;
  }
  const notice = state.status === "out" ? state.notice : undefined;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    setShowNotice(false);
    const missing: Errors = {};
    if (username.trim() === "") missing.username = t("logIn.usernameMissing");
    if (password === "") missing.password = t("logIn.passwordMissing");
    if (missing.username || missing.password) {
      setErrors(missing);
      setAttempt((n) => n + 1);
      return;
    }
    setPending(true);
    try {
      const account = await applicantClient.logIn({ username: username.trim(), password });
      // The page follows the state: to the password change or the account.
      accountIs(account);
      return;
    } catch (error) {
      const e = workErrorOf(error);
      setPassword("");
      if (e.reason === "ACCOUNT_LOCKED") setErrors({ form: t("logIn.locked") });
      else if (e.reason === "LOGIN_FAILED" || (e.code === Code.Unauthenticated && e.reason === "")) {
        setErrors({ form: t("logIn.failed"), wrong: true });
      } else setErrors({ form: applicantErrorText(t, e) });
      setAttempt((n) => n + 1);
    } finally {
      setPending(false);
    }
  }

  const summary: SummaryItem[] = [];
  if (errors.username) summary.push({ message: errors.username, fieldId: usernameId });
  if (errors.password) summary.push({ message: errors.password, fieldId: passwordId });
  if (errors.form) summary.push({ message: errors.form, ...(errors.wrong ? { fieldId: usernameId } : {}) });

  return (
    <div className="portal-page">
      {summary.length > 0 && <ErrorSummary items={summary} attempt={attempt} />}
      {showNotice && summary.length === 0 && notice === "loggedOut" && <Notice kind="success">{t("logIn.loggedOut")}</Notice>}
      {showNotice && summary.length === 0 && notice === "expired" && <Notice kind="info">{t("logIn.expired")}</Notice>}
      <PageHeading hasError={summary.length > 0}>{t("logIn.title")}</PageHeading>
      <p className="lead">{t("logIn.lead")}</p>
      <Form onSubmit={(e) => void submit(e)} validationBehavior="aria" className="form">
        <TextField
          className="field"
          name="username"
          value={username}
          onChange={setUsername}
          isInvalid={Boolean(errors.username) || Boolean(errors.wrong)}
          autoComplete="username"
        >
          <Label className="field__label">{t("logIn.username")}</Label>
          <Text slot="description" className="field__hint">
            {t("logIn.usernameHint")}
          </Text>
          {errors.username && <FieldError className="field__error">{errors.username}</FieldError>}
          <Input id={usernameId} className="field__input" autoCapitalize="none" autoCorrect="off" spellCheck={false} />
        </TextField>
        <PasswordField
          id={passwordId}
          label={t("logIn.password")}
          value={password}
          onChange={setPassword}
          error={errors.password}
          isInvalid={Boolean(errors.password) || Boolean(errors.wrong)}
          autoComplete="current-password"
        />
        <Button type="submit" className="button button--primary" isPending={pending}>
          {t("logIn.submit")}
        </Button>
      </Form>
      <p className="portal-page__aside">{t("logIn.forgot")}</p>
    </div>
  );
}
