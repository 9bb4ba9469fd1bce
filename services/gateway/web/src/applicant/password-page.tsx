// /akun/ganti-sandi, SOP step 8: the mailed password replaced by the applicant's own (forced
// while password_change_required: the account can do nothing else but log out), or a later
// change from the account page. The rules are shown first; as the new password is typed the
// server judges it (CheckNewPassword, 300 ms after the last key: the same rules ChangePassword
// applies), shown as a strength meter with words and, when it fails, which rule in the
// applicant's words.
import { useEffect, useState } from "react";
import type { FormEvent, ReactNode } from "react";
import type { ParseKeys, TFunction } from "i18next";
import { Code } from "@connectrpc/connect";
import { Button, Form, Label, Meter } from "react-aria-components";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";
import { workErrorOf } from "../api/errors";
import { useRequestIds } from "../api/request-id";
import { ActionMessage, ErrorSummary } from "../common/messages";
import type { SummaryItem } from "../common/messages";
import { PageHeading } from "../common/page";
import type { AccountView, PasswordCheck } from "../gen/ams/gateway/v1/applicant_service_pb";
import { accountIs, loggedOut, sessionEnded } from "./account";
import { WithAccount } from "./account-guard";
import { useLogOut } from "./log-out";
import { applicantClient } from "./api";
import { Bar, applicantErrorText } from "./parts";
import { PasswordField } from "./password-field";
import { accountPath } from "./paths";

const currentId = "current-password";
const newId = "new-password";
const repeatId = "repeat-password";
const rulesId = "password-rules";
const checkId = "password-check";

export default function PasswordPage() {
  return <WithAccount>{(account) => <PasswordChange account={account} />}</WithAccount>;
}

// The server's answer for these two passwords, or that it could not be asked.
type Check =
  | { status: "idle" }
  | { status: "done"; current: string; next: string; result: PasswordCheck }
  | { status: "failed"; current: string; next: string };

const ruleKey: Record<string, ParseKeys> = {
  TOO_SHORT: "password.rule.TOO_SHORT",
  TOO_FEW_CLASSES: "password.rule.TOO_FEW_CLASSES",
  SAME_AS_CURRENT: "password.rule.SAME_AS_CURRENT",
  TOO_SIMILAR: "password.rule.TOO_SIMILAR",
  CONTAINS_USERNAME: "password.rule.CONTAINS_USERNAME",
  CONTAINS_NAME: "password.rule.CONTAINS_NAME",
  DIGIT_RUN: "password.rule.DIGIT_RUN",
  COMMON: "password.rule.COMMON",
  DICTIONARY_WORD: "password.rule.DICTIONARY_WORD",
};

// Why a password fails, in the applicant's words; for a rule without words here (OTHER), the
// server's (English).
function ruleText(t: TFunction, result: PasswordCheck): string {
  const key = ruleKey[result.rule];
  return key ? t(key) : `${t("password.rule.OTHER")} ${result.reason}`.trim();
}

function RuleMessage({ result }: { result: PasswordCheck }) {
  const { t } = useTranslation();
  const key = ruleKey[result.rule];
  if (key) return <>{t(key)}</>;
  return (
    <>
      {t("password.rule.OTHER")} <span lang="en">{result.reason}</span>
    </>
  );
}

type Level = "weak" | "fair" | "strong";

function levelOf(score: number): Level {
  return score < 40 ? "weak" : score < 70 ? "fair" : "strong";
}

interface Errors {
  current?: string;
  next?: string;
  repeat?: string;
  form?: string;
}

function PasswordChange({ account }: { account: AccountView }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const forced = account.passwordChangeRequired;
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [repeat, setRepeat] = useState("");
  const [repeatLeft, setRepeatLeft] = useState(false);
  const [check, setCheck] = useState<Check>({ status: "idle" });
  const [errors, setErrors] = useState<Errors>({});
  const [attempt, setAttempt] = useState(0);
  const [pending, setPending] = useState(false);
  const ids = useRequestIds();
  const { pending: loggingOut, message: logOutMessage, logOut } = useLogOut();

  // The server's judgement, 300 ms after the last change; an answer for older input is dropped.
  useEffect(() => {
    if (next === "") {
      setCheck({ status: "idle" });
      return;
    }
    let live = true;
    const timer = window.setTimeout(() => {
      applicantClient.checkNewPassword({ currentPassword: current, newPassword: next }).then(
        (result) => {
          if (live) setCheck({ status: "done", current, next, result });
        },
        (error: unknown) => {
          if (!live) return;
          const e = workErrorOf(error);
          if (sessionEnded(e)) loggedOut("expired");
          else setCheck({ status: "failed", current, next });
        },
      );
    }, 300);
    return () => {
      live = false;
      window.clearTimeout(timer);
    };
  }, [current, next]);

  // The answer is for what is typed now.
  const fresh = check.status !== "idle" && check.current === current && check.next === next;
  const mismatch = repeat !== "" && repeat !== next && (repeatLeft || repeat.length >= next.length);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    const errs: Errors = {};
    if (current === "") errs.current = forced ? t("password.currentMissing") : t("password.currentMissingVoluntary");
    if (next === "") errs.next = t("password.newMissing");
    else if (fresh && check.status === "done" && !check.result.acceptable) {
      errs.next = `${t("password.rejected")} ${ruleText(t, check.result)}`;
    }
    if (repeat === "") errs.repeat = t("password.repeatMissing");
    else if (repeat !== next) errs.repeat = t("password.mismatch");
    if (errs.current || errs.next || errs.repeat) {
      setErrors(errs);
      setAttempt((n) => n + 1);
      return;
    }
    const key = `change:${current}\u0000${next}`;
    setPending(true);
    try {
      const changed = await applicantClient.changePassword({
        currentPassword: current,
        newPassword: next,
        requestId: ids.idFor(key),
      });
      ids.settle(key);
      accountIs(changed, forced ? "first" : "again");
      void navigate(accountPath, { replace: true });
      return;
    } catch (error) {
      const e = workErrorOf(error);
      ids.settle(key, e);
      if (e.reason === "LOGIN_FAILED") {
        setCurrent("");
        setErrors({ current: forced ? t("password.currentWrong") : t("password.currentWrongVoluntary") });
      } else if (e.reason === "ACCOUNT_LOCKED") {
        setErrors({ form: t("logIn.locked") });
      } else if (
        e.reason === "PASSWORD_REJECTED" ||
        (e.code === Code.InvalidArgument && e.violations.some((v) => v.field === "new_password"))
      ) {
        const why = fresh && check.status === "done" && !check.result.acceptable ? ` ${ruleText(t, check.result)}` : "";
        setErrors({ next: `${t("password.rejected")}${why}` });
      } else if (sessionEnded(e)) {
        loggedOut("expired");
        return;
      } else {
        setErrors({ form: applicantErrorText(t, e) });
      }
      setAttempt((n) => n + 1);
    } finally {
      setPending(false);
    }
  }

  const summary: SummaryItem[] = [];
  if (errors.current) summary.push({ message: errors.current, fieldId: currentId });
  if (errors.next) summary.push({ message: errors.next, fieldId: newId });
  if (errors.repeat) summary.push({ message: errors.repeat, fieldId: repeatId });
  if (errors.form) summary.push({ message: errors.form });

  return (
    <div className="portal-page">
      {summary.length > 0 && <ErrorSummary items={summary} attempt={attempt} />}
      <PageHeading hasError={summary.length > 0}>{forced ? t("password.titleForced") : t("password.title")}</PageHeading>
      <p className="lead">{forced ? t("password.leadForced") : t("password.lead")}</p>

      <section className="panel" aria-labelledby={`${rulesId}-title`}>
        <h2 id={`${rulesId}-title`} className="panel__title">
          {t("password.rulesTitle")}
        </h2>
        <ul id={rulesId} className="rules">
          <li>{t("password.rules.length")}</li>
          <li>{t("password.rules.classes")}</li>
          <li>{forced ? t("password.rules.notCurrent") : t("password.rules.notCurrentVoluntary")}</li>
          <li>{t("password.rules.noName")}</li>
          <li>{t("password.rules.noDigits")}</li>
          <li>{t("password.rules.notCommon")}</li>
        </ul>
      </section>

      <Form onSubmit={(e) => void submit(e)} validationBehavior="aria" className="form">
        {/* For password managers: whose password this is. */}
        <input type="text" name="username" autoComplete="username" value={account.username} readOnly hidden />
        <PasswordField
          id={currentId}
          label={forced ? t("password.currentForced") : t("password.current")}
          value={current}
          onChange={(v) => {
            setCurrent(v);
            setErrors((e) => ({ ...e, current: undefined }));
          }}
          error={errors.current}
          autoComplete="current-password"
        />
        <PasswordField
          id={newId}
          label={t("password.new")}
          value={next}
          onChange={(v) => {
            setNext(v);
            setErrors((e) => ({ ...e, next: undefined }));
          }}
          error={errors.next}
          isInvalid={Boolean(errors.next) || (fresh && check.status === "done" && !check.result.acceptable)}
          autoComplete="new-password"
          describedBy={`${rulesId} ${checkId}`}
        />
        <Strength check={check} typed={next !== ""} fresh={fresh} />
        <PasswordField
          id={repeatId}
          label={t("password.repeat")}
          value={repeat}
          onChange={(v) => {
            setRepeat(v);
            setErrors((e) => ({ ...e, repeat: undefined }));
          }}
          error={errors.repeat ?? (mismatch ? t("password.mismatch") : undefined)}
          autoComplete="new-password"
          onBlur={() => setRepeatLeft(true)}
        />
        <Button type="submit" className="button button--primary" isPending={pending}>
          {t("password.submit")}
        </Button>
      </Form>

      <ActionMessage message={logOutMessage} />
      <div className="actions actions--after">
        {forced ? (
          <Button className="button button--secondary" isPending={loggingOut} onPress={() => void logOut()}>
            {t("account.logOut")}
          </Button>
        ) : (
          <Link to={accountPath} className="button button--secondary">
            {t("password.cancel")}
          </Link>
        )}
      </div>
    </div>
  );
}

// The meter (with its words: never colour alone) and what the server said, read out politely.
function Strength({ check, typed, fresh }: { check: Check; typed: boolean; fresh: boolean }) {
  const { t } = useTranslation();
  let meter: { value: number; label: string; tone: Level } | undefined;
  let message: ReactNode = null;
  if (typed && check.status === "done") {
    const r = check.result;
    if (r.acceptable) {
      const level = levelOf(r.score);
      meter = { value: Math.max(5, Math.min(100, r.score)), label: t(`password.${level}`), tone: level };
      message = t("password.acceptable");
    } else {
      meter = { value: 5, label: t("password.unusable"), tone: "weak" };
      message = <RuleMessage result={r} />;
    }
  } else if (typed && check.status === "failed") {
    message = t("password.checkFailed");
  }
  const busy = typed && !fresh;
  return (
    <div className="strength" aria-busy={busy}>
      {typed && (
        <Meter
          className="strength__meter"
          value={meter?.value ?? 0}
          valueLabel={meter ? meter.label : t("password.checking")}
          data-level={meter?.tone ?? "none"}
        >
          {({ valueText }) => (
            <>
              <div className="strength__text">
                <Label className="strength__label">{t("password.strength")}</Label>
                <span className="strength__value">{busy && !meter ? t("password.checking") : valueText}</span>
              </div>
              <Bar fraction={(meter?.value ?? 0) / 100} tone={meter?.tone ?? "weak"} />
            </>
          )}
        </Meter>
      )}
      <p
        id={checkId}
        role="status"
        className={`strength__message${check.status === "done" && !check.result.acceptable ? " strength__message--bad" : ""}`}
      >
        {typed ? message : null}
      </p>
    </div>
  );
}
