// "Aplikasi autentikator": enrolling a TOTP app as the operator's second factor (required for
// ADMIN, offered to everyone). The gateway makes a key (BeginTotpEnrollment), shown as a QR code
// and as text to type; the code the app then shows confirms it (ConfirmTotpEnrollment). Once
// enrolled, it cannot be replaced from a session: that is an administrator's task.
import { Fragment, useEffect, useRef, useState } from "react";
import type { FormEvent } from "react";
import { Button, Form } from "react-aria-components";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { sessionClient } from "../api/client";
import { errorText } from "../common/error-text";
import { LoadState } from "../common/load-state";
import { ErrorSummary } from "../common/messages";
import type { SummaryItem } from "../common/messages";
import { PageHeading } from "../common/page";
import { useSession } from "../session/session";
import type { SecondFactor } from "../session/session";
import { useActions, useLoad } from "../work/use-work";
import { securityPath } from "./paths";
import { QrCode } from "./qr-code";
import { TotpCodeField, checkTotpCode, totpCodeId } from "./totp-code-field";

export default function AuthenticatorPage() {
  const { t } = useTranslation();
  const session = useSession();
  const secondFactor: SecondFactor =
    session.state.status === "signedIn" ? session.state.secondFactor : { enrolled: false, required: false };
  // Enrolled on this page just now (not on an earlier visit).
  const [justEnrolled, setJustEnrolled] = useState(false);
  const [hasError, setHasError] = useState(false);
  const status = useRef<HTMLDivElement>(null);

  function enrolled(next: SecondFactor | undefined) {
    setJustEnrolled(true);
    setHasError(false);
    session.setSecondFactor(next ?? { enrolled: true, required: false });
    // The form is gone: the news takes the focus.
    requestAnimationFrame(() => status.current?.focus());
  }

  return (
    <div className="narrow-wide">
      {!secondFactor.required && (
        <p className="back-link">
          <Link to={securityPath}>
            <span aria-hidden="true">← </span>
            {t("security.title")}
          </Link>
        </p>
      )}
      <PageHeading hasError={hasError}>{t("totp.title")}</PageHeading>
      {/* Always in the page, so that "aktif" is read out when it comes. */}
      <div ref={status} role="status" className="action-message" tabIndex={-1}>
        {secondFactor.enrolled && (
          <div className="notice notice--success">
            <p>{t("totp.active")}</p>
          </div>
        )}
      </div>
      {secondFactor.enrolled ? (
        <>
          <p>{t("totp.activeBody")}</p>
          <p>{t("totp.lostPhone")}</p>
          <p>
            {justEnrolled ? (
              <Link to="/" className="button button--primary">
                {t("totp.continue")}
              </Link>
            ) : (
              <Link to={securityPath}>{t("security.title")}</Link>
            )}
          </p>
        </>
      ) : (
        <Enrolment required={secondFactor.required} onEnrolled={enrolled} onError={setHasError} />
      )}
    </div>
  );
}

function Enrolment({
  required,
  onEnrolled,
  onError,
}: {
  required: boolean;
  onEnrolled(state: SecondFactor | undefined): void;
  onError(hasError: boolean): void;
}) {
  const { t } = useTranslation();
  const session = useSession();
  // A new key each time the page opens (the last one counts; an unconfirmed key lasts 10 min).
  const loaded = useLoad(() => sessionClient.beginTotpEnrollment({}), []);
  const actions = useActions();
  const [code, setCode] = useState("");
  const [fieldError, setFieldError] = useState<string>();
  const [formError, setFormError] = useState<string>();
  const [attempt, setAttempt] = useState(0);

  function fail(field: string | undefined, form: string | undefined) {
    setFieldError(field);
    setFormError(form);
    setAttempt((n) => n + 1);
    onError(Boolean(field || form));
  }

  async function confirm(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (actions.pending) return;
    const { digits, error } = checkTotpCode(t, code);
    if (error) {
      fail(error, undefined);
      return;
    }
    const result = await actions.run("confirm", () => sessionClient.confirmTotpEnrollment({ code: digits }));
    if (result.ok) {
      onEnrolled(result.value.secondFactor);
      return;
    }
    const e = result.error;
    setCode("");
    if (e.violations.some((v) => v.field === "code")) fail(t("totp.wrongCode"), undefined);
    else if (e.reason === "INVALID_STATE") {
      // The key waited more than 10 minutes: a new one, to scan again.
      fail(undefined, t("totp.expired"));
      loaded.reload();
    } else fail(undefined, errorText(t, e));
  }

  // Refused because one is enrolled already (in another tab, say): the page says so.
  const { setSecondFactor } = session;
  const alreadyEnrolled = loaded.error?.reason === "INVALID_STATE";
  useEffect(() => {
    if (alreadyEnrolled) setSecondFactor({ enrolled: true, required: false });
  }, [alreadyEnrolled, setSecondFactor]);

  const begun = loaded.data;
  if (!begun) return <LoadState error={alreadyEnrolled ? undefined : loaded.error} retry={loaded.reload} />;

  const groups = begun.secretBase32.match(/.{1,4}/g) ?? [];
  const uri = begun.otpauthUri.startsWith("otpauth://totp/") ? begun.otpauthUri : "";
  const summary: SummaryItem[] = [];
  if (fieldError) summary.push({ message: fieldError, fieldId: totpCodeId });
  if (formError) summary.push({ message: formError });

  return (
    <>
      {required && (
        <div className="notice">
          <p>{t("totp.required")}</p>
        </div>
      )}
      <p className="lead">{t("totp.lead")}</p>
      <ol className="steps">
        <li className="steps__step">
          <h2 className="steps__title">{t("totp.step1")}</h2>
          <p>{t("totp.step1Body")}</p>
        </li>
        <li className="steps__step">
          <h2 className="steps__title">{t("totp.step2")}</h2>
          <p>{t("totp.step2Body")}</p>
          {begun.qrRows.length > 0 && <QrCode rows={begun.qrRows} label={t("totp.qrLabel")} />}
          <p>{t("totp.secretLabel")}</p>
          <p className="totp-secret" data-totp-secret="">
            {/* Groups of four, each kept whole; the spaces between them may break a line. */}
            {groups.map((g, i) => (
              <Fragment key={i}>
                {i > 0 && " "}
                <span className="totp-secret__group">{g}</span>
              </Fragment>
            ))}
          </p>
          {uri && (
            <p className="totp-open">
              {t("totp.onThisPhone")} <a href={uri}>{t("totp.openInApp")}</a>
            </p>
          )}
        </li>
        <li className="steps__step">
          <h2 className="steps__title">{t("totp.step3")}</h2>
          {summary.length > 0 && <ErrorSummary items={summary} attempt={attempt} />}
          <Form onSubmit={(e) => void confirm(e)} validationBehavior="aria">
            <TotpCodeField value={code} onChange={setCode} error={fieldError} />
            <Button type="submit" className="button button--primary" isPending={actions.pending === "confirm"}>
              {t("totp.confirm")}
            </Button>
          </Form>
        </li>
      </ol>
    </>
  );
}
