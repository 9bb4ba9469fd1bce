// /aktivasi, SOP step 4: (a) the mailed link opened (the gateway turned its token into a short
// session, cookie __Host-ams_activation, and sent the browser here without it), (b) the
// required data filled in and the three documents uploaded, (c) sent. The page: loading; the
// link refused (expired, used or unknown: never which) or too many attempts; the form; a
// summary to check; sending; done. The session lasts a short while: its end is shown, and what
// to do then (open the link again while it is valid).
import { Code } from "@connectrpc/connect";
import { timestampDate } from "@bufbuild/protobuf/wkt";
import { useCallback, useEffect, useMemo, useState } from "react";
import type { FormEvent } from "react";
import type { TFunction } from "i18next";
import { Button, FieldError, Form, Input, Label, Text, TextField } from "react-aria-components";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import { workErrorOf } from "../api/errors";
import type { WorkError } from "../api/errors";
import { useRequestIds } from "../api/request-id";
import { agencyLabel, formatDateTime, formatNip, idOf, locale } from "../common/format";
import { ErrorSummary, Notice } from "../common/messages";
import type { SummaryItem } from "../common/messages";
import { PageHeading } from "../common/page";
import type { Activation, SubmitActivationResponse } from "../gen/ams/gateway/v1/applicant_service_pb";
import { EmployeeType } from "../gen/ams/type/v1/applicant_pb";
import { applicantClient } from "./api";
import { DocumentUpload, chooseButtonId, documentSpecs, heldOf, useDocumentUploads } from "./document-upload";
import type { DocumentKey, DocumentStates } from "./document-upload";
import { activationFields, activationRules, cleanText, fieldRules } from "../common/field-rules";
import type { ActivationField, TextProblem } from "../common/field-rules";
import { DataList, applicantErrorText, employeeTypeKey, fileSize, mediaTypeLabel } from "./parts";
import { logInPath } from "./paths";

type Load =
  | { status: "loading" }
  | { status: "invalid" }
  | { status: "limited" }
  | { status: "failed"; error: WorkError }
  // skewMs: the server's clock minus this device's (from the answer's Date), so that the
  // session's end is shown right on a phone whose clock is off.
  | { status: "ready"; activation: Activation; skewMs: number };

export default function ActivationPage() {
  const [search] = useSearchParams();
  const limited = search.get("status") === "limited";
  const [load, setLoad] = useState<Load>(limited ? { status: "limited" } : { status: "loading" });

  const fetchActivation = useCallback(async () => {
    setLoad({ status: "loading" });
    let date: string | null = null;
    try {
      const activation = await applicantClient.getActivation({}, { onHeader: (h) => (date = h.get("date")) });
      const server = date ? Date.parse(date) : NaN;
      setLoad({ status: "ready", activation, skewMs: Number.isNaN(server) ? 0 : server - Date.now() });
    } catch (error) {
      const e = workErrorOf(error);
      if (e.code === Code.Unauthenticated) setLoad({ status: "invalid" });
      else if (e.code === Code.ResourceExhausted) setLoad({ status: "limited" });
      else setLoad({ status: "failed", error: e });
    }
  }, []);

  useEffect(() => {
    if (!limited) void fetchActivation();
  }, [limited, fetchActivation]);

  switch (load.status) {
    case "loading":
      return <LoadingView />;
    case "invalid":
      return <InvalidLinkView />;
    case "limited":
      return <LimitedView />;
    case "failed":
      return <LoadFailedView error={load.error} retry={() => void fetchActivation()} />;
    case "ready":
      return <ActivationFlow activation={load.activation} skewMs={load.skewMs} />;
  }
}

function LoadingView() {
  const { t } = useTranslation();
  return (
    <div className="portal-page">
      <PageHeading>{t("activation.title")}</PageHeading>
      <p className="loading" role="status">
        {t("activation.loading")}
      </p>
    </div>
  );
}

function LoadFailedView({ error, retry }: { error: WorkError; retry(): void }) {
  const { t } = useTranslation();
  return (
    <div className="portal-page">
      <PageHeading hasError>{t("activation.title")}</PageHeading>
      <Notice kind="warning" action={{ label: t("app.retry"), onPress: retry }}>
        {`${t("errors.loadFailed")} ${applicantErrorText(t, error)}`}
      </Notice>
    </div>
  );
}

// How to get a new link: from the operator, to the official mailbox, valid 72 hours.
function NewLink({ title }: { title?: string }) {
  const { t } = useTranslation();
  return (
    <section className="panel" aria-labelledby="new-link-title">
      <h2 id="new-link-title" className="panel__title">
        {title ?? t("activation.newLinkTitle")}
      </h2>
      <p>{t("activation.newLinkAsk")}</p>
      <p>{t("activation.newLinkValid")}</p>
    </section>
  );
}

function InvalidLinkView() {
  const { t } = useTranslation();
  return (
    <div className="portal-page" data-activation="invalid">
      <PageHeading>{t("activation.invalidTitle")}</PageHeading>
      <p className="lead">{t("activation.invalidBody")}</p>
      <NewLink />
      <p>{t("activation.alreadySent")}</p>
    </div>
  );
}

function LimitedView() {
  const { t } = useTranslation();
  return (
    <div className="portal-page" data-activation="limited">
      <PageHeading>{t("activation.limitedTitle")}</PageHeading>
      <p className="lead">{t("activation.limitedBody")}</p>
    </div>
  );
}

function SessionEndedView({ linkExpire }: { linkExpire: Date | undefined }) {
  const { t } = useTranslation();
  const valid = linkExpire && linkExpire.getTime() > Date.now();
  return (
    <div className="portal-page" data-activation="ended">
      <PageHeading>{t("activation.endedTitle")}</PageHeading>
      <p className="lead">{t("activation.endedBody")}</p>
      <p>
        {valid ? t("activation.endedAgain", { time: formatDateTime(linkExpire) }) : t("activation.endedAgainNoTime")}
      </p>
      <NewLink title={t("activation.endedExpired")} />
    </div>
  );
}

// This device's clock, read again every `ms`.
function useNow(ms: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), ms);
    return () => window.clearInterval(timer);
  }, [ms]);
  return now;
}

type Values = Record<ActivationField, string>;
type Step = "form" | "summary" | "done" | "ended";

// The defaults: most applicants live in the regency (and may change them).
const defaults: Values = { address: "", city: "Kebumen", province: "Jawa Tengah" };

const fieldLabel: Record<ActivationField, "activation.address" | "activation.city" | "activation.province"> = {
  address: "activation.address",
  city: "activation.city",
  province: "activation.province",
};

const requiredText = {
  address: "activation.required.address",
  city: "activation.required.city",
  province: "activation.required.province",
} as const;

function problemText(t: TFunction, field: ActivationField, problem: TextProblem): string {
  const label = t(fieldLabel[field]);
  switch (problem.kind) {
    case "required":
      return t(requiredText[field]);
    case "tooLong":
      return t("activation.tooLong", { field: label, max: problem.max, count: problem.length });
    case "forbidden":
      return t("activation.forbidden", { field: label, code: problem.codePoint });
  }
}

const sessionWarningMs = 5 * 60_000;

function ActivationFlow({ activation, skewMs }: { activation: Activation; skewMs: number }) {
  const { t } = useTranslation();
  const [step, setStep] = useState<Step>("form");
  const [values, setValues] = useState<Values>(defaults);
  // A field's "required" shows once it was left, or after "Lanjut".
  const [left, setLeft] = useState<Partial<Record<ActivationField, boolean>>>({});
  const [tried, setTried] = useState(false);
  // Refusals from SubmitActivation, by field; gone when the field changes.
  const [refused, setRefused] = useState<Partial<Record<ActivationField, boolean>>>({});
  const [missing, setMissing] = useState<Partial<Record<DocumentKey, boolean>>>({});
  const [formProblem, setFormProblem] = useState<string>();
  const [attempt, setAttempt] = useState(0);
  const [sent, setSent] = useState<SubmitActivationResponse>();
  const [sending, setSending] = useState(false);
  const [sendProblem, setSendProblem] = useState<string>();
  const ids = useRequestIds();

  const ended = useCallback(() => setStep((s) => (s === "done" ? s : "ended")), []);
  const uploads = useDocumentUploads(activation, ended);

  const now = useNow(10_000) + skewMs;
  const sessionEnd = activation.sessionExpireTime ? timestampDate(activation.sessionExpireTime) : undefined;
  const linkExpire = activation.linkExpireTime ? timestampDate(activation.linkExpireTime) : undefined;
  const remaining = sessionEnd ? sessionEnd.getTime() - now : Infinity;
  useEffect(() => {
    if (remaining <= 0) ended();
  }, [remaining, ended]);

  const problems = useMemo(() => {
    const out: Partial<Record<ActivationField, TextProblem>> = {};
    for (const f of activationFields) {
      const p = fieldRules.check(values[f], activationRules[f]);
      if (p) out[f] = p;
    }
    return out;
  }, [values]);

  // What to show at a field now: its own problem (a missing value only once left or tried),
  // else the server's refusal.
  function fieldError(f: ActivationField): string | undefined {
    const p = problems[f];
    if (p && (p.kind !== "required" || left[f] || tried)) return problemText(t, f, p);
    if (refused[f]) return t("activation.refusedField", { field: t(fieldLabel[f]) });
    return undefined;
  }

  function documentError(key: DocumentKey): string | undefined {
    const spec = documentSpecs.find((s) => s.key === key);
    if (!spec || heldOf(uploads.states[key])) return undefined;
    return (tried && uploads.states[key].status !== "uploading") || missing[key] ? t(spec.missing) : undefined;
  }

  const uploading = documentSpecs.some((s) => uploads.states[s.key].status === "uploading");

  function summaryItems(): SummaryItem[] {
    const items: SummaryItem[] = [];
    for (const f of activationFields) {
      const message = fieldError(f);
      if (message) items.push({ message, fieldId: f });
    }
    for (const spec of documentSpecs) {
      const message = documentError(spec.key);
      if (message) items.push({ message, fieldId: chooseButtonId(spec.key) });
    }
    if (uploading && tried) items.push({ message: t("activation.uploadsPending") });
    if (formProblem) items.push({ message: formProblem });
    return items;
  }

  function next(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setTried(true);
    setFormProblem(undefined);
    const complete =
      Object.keys(problems).length === 0 &&
      !Object.values(refused).some(Boolean) &&
      !uploading &&
      documentSpecs.every((s) => heldOf(uploads.states[s.key]));
    if (complete) {
      setSendProblem(undefined);
      setStep("summary");
    } else setAttempt((n) => n + 1);
  }

  function setValue(f: ActivationField, value: string) {
    setValues((v) => ({ ...v, [f]: value }));
    setRefused((r) => ({ ...r, [f]: false }));
  }

  async function send() {
    if (sending) return;
    const request = {
      address: cleanText(values.address),
      city: cleanText(values.city),
      province: cleanText(values.province),
    };
    const key = `submit:${request.address}\u0000${request.city}\u0000${request.province}`;
    setSending(true);
    setSendProblem(undefined);
    try {
      const res = await applicantClient.submitActivation({ ...request, requestId: ids.idFor(key) });
      ids.settle(key);
      setSent(res);
      setStep("done");
    } catch (error) {
      const e = workErrorOf(error);
      ids.settle(key, e);
      if (e.code === Code.Unauthenticated) {
        ended();
      } else if (e.code === Code.InvalidArgument && e.violations.length > 0) {
        // Back to the form, each refusal at its field or document.
        const fields: Partial<Record<ActivationField, boolean>> = {};
        const docs: Partial<Record<DocumentKey, boolean>> = {};
        let other = false;
        for (const v of e.violations) {
          const f = activationFields.find((x) => x === v.field);
          const spec = documentSpecs.find((s) => s.field === v.field);
          if (f) fields[f] = true;
          else if (spec) {
            docs[spec.key] = true;
            uploads.forget(spec.key);
          } else other = true;
        }
        setRefused(fields);
        setMissing(docs);
        setFormProblem(other ? t("errors.invalidField") : undefined);
        setTried(true);
        setAttempt((n) => n + 1);
        setStep("form");
      } else {
        const why = applicantErrorText(t, e);
        setSendProblem(e.problem === "unreachable" ? `${t("activation.sendFailed")} ${why} ${t("activation.sendAgain")}` : `${t("activation.sendFailed")} ${why}`);
      }
    } finally {
      setSending(false);
    }
  }

  const sessionNotice =
    remaining < sessionWarningMs && sessionEnd ? (
      <Notice kind="warning">{t("activation.sessionEnding", { time: formatTimeOnly(sessionEnd, skewMs) })}</Notice>
    ) : null;

  switch (step) {
    case "ended":
      return <SessionEndedView linkExpire={linkExpire} />;
    case "done":
      return sent ? <DoneView sent={sent} email={activation.applicant?.officialEmail ?? ""} /> : null;
    case "summary":
      return (
        <div className="portal-page" data-activation="summary">
          {sessionNotice}
          {sendProblem && <ErrorSummary items={[{ message: sendProblem }]} attempt={attempt} />}
          <PageHeading hasError={Boolean(sendProblem)}>{t("activation.summaryTitle")}</PageHeading>
          <p className="lead">{t("activation.summaryLead")}</p>
          <h2 className="section-title">{t("activation.yourData")}</h2>
          <IdentityList activation={activation} short />
          <h2 className="section-title">{t("activation.summaryAddress")}</h2>
          <DataList
            rows={activationFields.map((f) => [t(fieldLabel[f]), cleanText(values[f])] as const)}
          />
          <h2 className="section-title">{t("activation.summaryDocuments")}</h2>
          <DocumentList states={uploads.states} />
          <div className="actions">
            <Button
              className="button button--primary"
              isPending={sending}
              onPress={() => {
                setAttempt((n) => n + 1);
                void send();
              }}
            >
              {t("activation.send")}
            </Button>
            <Button className="button button--secondary" isDisabled={sending} onPress={() => setStep("form")}>
              {t("activation.change")}
            </Button>
          </div>
        </div>
      );
    case "form": {
      const items = summaryItems();
      const shown = tried && items.length > 0;
      return (
        <div className="portal-page" data-activation="form">
          {sessionNotice}
          {shown && <ErrorSummary items={items} attempt={attempt} />}
          <PageHeading hasError={shown} takeFocus={!shown}>
            {t("activation.title")}
          </PageHeading>
          <p className="lead">{t("activation.lead")}</p>
          {sessionEnd && remaining >= sessionWarningMs && (
            <p className="session-note">{t("activation.sessionUntil", { time: formatTimeOnly(sessionEnd, skewMs) })}</p>
          )}

          <section aria-labelledby="your-data">
            <h2 id="your-data" className="section-title">
              {t("activation.yourData")}
            </h2>
            <p className="field__hint">{t("activation.yourDataHint")}</p>
            <IdentityList activation={activation} />
          </section>

          <Form onSubmit={next} validationBehavior="aria" className="form">
            <fieldset className="fieldset">
              <legend className="section-title">{t("activation.addressHeading")}</legend>
              {activationFields.map((f) => {
                const error = fieldError(f);
                return (
                  <TextField
                    key={f}
                    className="field"
                    name={f}
                    value={values[f]}
                    onChange={(v) => setValue(f, v)}
                    onBlur={() => setLeft((l) => ({ ...l, [f]: true }))}
                    isInvalid={Boolean(error)}
                    autoComplete={f === "address" ? "street-address" : f === "city" ? "address-level2" : "address-level1"}
                  >
                    <Label className="field__label">{t(fieldLabel[f])}</Label>
                    {f === "address" && (
                      <Text slot="description" className="field__hint">
                        {t("activation.addressHint")}
                      </Text>
                    )}
                    {error && <FieldError className="field__error">{error}</FieldError>}
                    <Input id={f} className={`field__input${f === "address" ? " field__input--wide" : ""}`} />
                  </TextField>
                );
              })}
            </fieldset>

            <section aria-labelledby="documents-title" className="documents-section">
              <h2 id="documents-title" className="section-title">
                {t("activation.documentsHeading")}
              </h2>
              <p>{t("activation.documentsLead")}</p>
              {documentSpecs.map((spec) => (
                <DocumentUpload
                  key={spec.key}
                  spec={spec}
                  state={uploads.states[spec.key]}
                  maxBytes={Number(spec.image ? activation.maxImageBytes : activation.maxDecreeBytes)}
                  error={documentError(spec.key)}
                  onChoose={(file) => {
                    setMissing((m) => ({ ...m, [spec.key]: false }));
                    void uploads.choose(spec, file);
                  }}
                  onCancel={() => uploads.cancel(spec.key)}
                />
              ))}
            </section>

            <Button type="submit" className="button button--primary">
              {t("activation.next")}
            </Button>
          </Form>
        </div>
      );
    }
  }
}

// "14.05": when the session ends, as this device's clock will read it then (the applicant
// compares it with their phone's clock, right or not).
function formatTimeOnly(date: Date, skewMs: number): string {
  return new Intl.DateTimeFormat(locale(), { timeStyle: "short" }).format(new Date(date.getTime() - skewMs));
}

function IdentityList({ activation, short = false }: { activation: Activation; short?: boolean }) {
  const { t } = useTranslation();
  const a = activation.applicant;
  const asn = a?.employeeType === EmployeeType.ASN_PNS;
  const number = a?.employeeNumberMasked ?? "";
  const expire = activation.linkExpireTime ? timestampDate(activation.linkExpireTime) : undefined;
  const rows: (readonly [string, string])[] = short
    ? [
        [t("applicant.fullName"), a?.fullName ?? ""],
        [t("applicant.nik"), a?.nikMasked ?? ""],
        [t("applicant.email"), a?.officialEmail ?? ""],
        [t("activation.username"), activation.username],
      ]
    : [
        [t("applicant.fullName"), a?.fullName ?? ""],
        [t("applicant.nik"), a?.nikMasked ?? ""],
        [t("applicant.employeeType"), a ? t(employeeTypeKey[a.employeeType]) : ""],
        [asn ? t("applicant.nip") : t("applicant.employeeNumber"), asn ? formatNip(number) : number],
        [t("applicant.position"), a?.position ?? ""],
        [t("applicant.workUnit"), a?.workUnit ?? ""],
        [t("applicant.agency"), agencyLabel(a?.agency ?? "")],
        [t("applicant.email"), a?.officialEmail ?? ""],
        [t("activation.username"), activation.username],
        [t("activation.linkExpires"), expire ? formatDateTime(expire) : ""],
      ];
  return <DataList rows={rows} />;
}

function DocumentList({ states }: { states: DocumentStates }) {
  const { t } = useTranslation();
  return (
    <DataList
      rows={documentSpecs.map((spec) => {
        const held = heldOf(states[spec.key]);
        const type = held ? (mediaTypeLabel[held.doc.mediaType] ?? held.doc.mediaType) : "";
        const value = !held
          ? t("upload.notUploaded")
          : held.from === "page"
            ? `${held.file.name} (${type}, ${fileSize(held.doc.sizeBytes)})`
            : t("upload.acceptedEarlier", { type, size: fileSize(held.doc.sizeBytes) });
        return [t(spec.title), value] as const;
      })}
    />
  );
}

function DoneView({ sent, email }: { sent: SubmitActivationResponse; email: string }) {
  const { t } = useTranslation();
  const at = sent.submitTime ? timestampDate(sent.submitTime) : new Date();
  return (
    <div className="portal-page" data-activation="done">
      <div className="confirmation">
        <PageHeading>{t("activation.doneTitle")}</PageHeading>
        <p className="confirmation__lead">{t("activation.doneLead", { time: formatDateTime(at) })}</p>
        {sent.application && (
          <p className="confirmation__number">
            {t("activation.application")}: <span className="number">{idOf(sent.application)}</span>
          </p>
        )}
      </div>
      <h2 className="section-title">{t("activation.nextTitle")}</h2>
      <ol className="next-steps">
        <li>{t("activation.nextVerify")}</li>
        <li>{t("activation.nextMail", { email })}</li>
        <li>{t("activation.nextLogIn", { page: `${window.location.origin}${logInPath}` })}</li>
      </ol>
      <p>{t("activation.nextRejected")}</p>
      <p>
        <Link to={logInPath} className="button button--secondary">
          {t("activation.logInLink")}
        </Link>
      </p>
    </div>
  );
}
