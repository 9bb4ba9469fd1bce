// "Masuk": operator name and password, then, for an operator with an authenticator app, its
// six-digit code. Problems appear in an error summary at the top that links to the field, and
// beside the field; the server's wording is never shown. The password stays in this page's
// state only, until signed in or the operator starts again.
import { useEffect, useRef, useState } from "react";
import type { FormEvent } from "react";
import { Button, FieldError, Form, Input, Label, Text, TextField } from "react-aria-components";
import { useTranslation } from "react-i18next";
import { Navigate, useLocation, useNavigate } from "react-router";
import type { Problem } from "../api/client";
import { PageHeading } from "../common/page";
import { ErrorSummary, Notice } from "../common/messages";
import type { SummaryItem } from "../common/messages";
import { TotpCodeField, checkTotpCode, totpCodeId } from "../security/totp-code-field";
import { useSession } from "../session/session";

const operatorId = "operator";
const passwordId = "password";

interface Errors {
  operator?: string;
  password?: string;
  code?: string;
  // A problem with the attempt as a whole (wrong credentials or code, too many attempts, no
  // server).
  form?: Problem;
}

// Where the user was going before being sent here, if it is a page of this app.
function returnPath(state: unknown): string {
  const from = (state as { from?: unknown } | null)?.from;
  return typeof from === "string" && from.startsWith("/") && !from.startsWith("//") && from !== "/masuk"
    ? from
    : "/";
}

export function SignInPage() {
  const { t } = useTranslation();
  const session = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  const [operator, setOperator] = useState("");
  const [password, setPassword] = useState("");
  // "code": the name and password were right; the authenticator app's code is asked for.
  const [step, setStep] = useState<"password" | "code">("password");
  const [code, setCode] = useState("");
  const [errors, setErrors] = useState<Errors>({});
  const [pending, setPending] = useState(false);
  const [attempt, setAttempt] = useState(0);
  // Notices from before this page (signed out, server unreachable) until the next attempt.
  const [showNotice, setShowNotice] = useState(true);
  const codeInput = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (step === "code") codeInput.current?.focus();
  }, [step]);

  if (session.state.status === "signedIn") {
    return <Navigate to={returnPath(location.state)} replace />;
  }
  const notice = session.state.status === "signedOut" ? session.state.notice : undefined;

  function startAgain() {
    setStep("password");
    setPassword("");
    setCode("");
    setErrors({});
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    setShowNotice(false);
    const missing: Errors = {};
    const { digits, error: codeError } = checkTotpCode(t, code);
    if (step === "password") {
      if (operator.trim() === "") missing.operator = t("errors.operatorMissing");
      if (password === "") missing.password = t("errors.passwordMissing");
    } else {
      missing.code = codeError;
    }
    if (missing.operator || missing.password || missing.code) {
      setErrors(missing);
      setAttempt((n) => n + 1);
      return;
    }
    setPending(true);
    const outcome = await session.signIn(operator.trim(), password, step === "code" ? digits : "");
    setPending(false);
    if (!outcome) {
      void navigate(returnPath(location.state), { replace: true });
      return;
    }
    if (outcome === "secondFactorRequired" && step === "password") {
      setErrors({});
      setStep("code");
      return;
    }
    if (step === "password") setPassword("");
    setCode("");
    setErrors({ form: outcome === "secondFactorRequired" ? "unexpected" : outcome });
    setAttempt((n) => n + 1);
  }

  const formMessage: Record<Problem, string> = {
    unauthenticated: step === "code" ? t("errors.wrongCode") : t("errors.wrongCredentials"),
    tooManyAttempts: t("errors.tooManyAttempts"),
    unreachable: t("errors.unreachable"),
    unexpected: t("errors.unexpected"),
  };
  const summary: SummaryItem[] = [];
  if (errors.operator) summary.push({ message: errors.operator, fieldId: operatorId });
  if (errors.password) summary.push({ message: errors.password, fieldId: passwordId });
  if (errors.code) summary.push({ message: errors.code, fieldId: totpCodeId });
  // Wrong credentials: the operator name (or the code) is where to start again.
  if (errors.form) {
    summary.push({
      message: formMessage[errors.form],
      ...(errors.form === "unauthenticated" ? { fieldId: step === "code" ? totpCodeId : operatorId } : {}),
    });
  }
  const wrong = errors.form === "unauthenticated";

  return (
    <div className="narrow">
      {summary.length > 0 && <ErrorSummary items={summary} attempt={attempt} />}
      {showNotice && summary.length === 0 && notice === "unreachable" && (
        <Notice kind="warning" action={{ label: t("app.retry"), onPress: () => void session.refresh() }}>
          {t("errors.unreachable")}
        </Notice>
      )}
      {showNotice && summary.length === 0 && notice === "unexpected" && (
        <Notice kind="warning">{t("errors.unexpected")}</Notice>
      )}
      {showNotice && summary.length === 0 && notice === "signedOut" && (
        <Notice kind="success">{t("signIn.signedOut")}</Notice>
      )}
      {showNotice && summary.length === 0 && notice === "expired" && (
        <Notice kind="info">{t("signIn.expired")}</Notice>
      )}
      <PageHeading hasError={summary.length > 0}>{t("signIn.title")}</PageHeading>
      {step === "password" ? (
        <p className="lead">{t("signIn.lead")}</p>
      ) : (
        <>
          <p className="lead">{t("signIn.codeLead")}</p>
          <p className="sign-in__as">
            {t("signIn.as", { operator: operator.trim() })}{" "}
            <Button className="link-button" onPress={startAgain}>
              {t("signIn.otherOperator")}
            </Button>
          </p>
        </>
      )}
      <Form onSubmit={(e) => void submit(e)} validationBehavior="aria" className="form">
        {step === "password" ? (
          <>
            <TextField
              className="field"
              name="operator"
              value={operator}
              onChange={setOperator}
              isInvalid={Boolean(errors.operator) || wrong}
              autoComplete="username"
            >
              <Label className="field__label">{t("signIn.operator")}</Label>
              <Text slot="description" className="field__hint">
                {t("signIn.operatorHint")}
              </Text>
              {errors.operator && <FieldError className="field__error">{errors.operator}</FieldError>}
              <Input id={operatorId} className="field__input" autoCapitalize="none" autoCorrect="off" spellCheck={false} />
            </TextField>
            <TextField
              className="field"
              name="password"
              type="password"
              value={password}
              onChange={setPassword}
              isInvalid={Boolean(errors.password) || wrong}
              autoComplete="current-password"
            >
              <Label className="field__label">{t("signIn.password")}</Label>
              {errors.password && <FieldError className="field__error">{errors.password}</FieldError>}
              <Input id={passwordId} className="field__input" />
            </TextField>
          </>
        ) : (
          <TotpCodeField
            value={code}
            onChange={setCode}
            error={errors.code}
            isInvalid={Boolean(errors.code) || wrong}
            inputRef={codeInput}
          />
        )}
        <Button type="submit" className="button button--primary" isPending={pending}>
          {t("signIn.submit")}
        </Button>
      </Form>
    </div>
  );
}
