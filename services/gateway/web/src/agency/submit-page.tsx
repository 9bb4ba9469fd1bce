// /instansi/ajukan, SOP step 1 for an agency's user: the application for an AMS account (a new
// account, or a data update of an existing one), the applicant's data, the signed recommendation
// letter (PDF) and the superior who signed it. As it is filled, each field is checked here first
// (required; the shared free-text rules of common/field_rules.json), then by the server itself:
// SubmitApplication with validate_only, 400 ms after the typing stops and when a field is left,
// the form as it stands; its field violations show under the fields the user has touched (all of
// them after "Lanjut"). The letter goes with the first check after it is chosen (a progress bar),
// and not again once the server has judged it. "Lanjut" asks the server once more, then shows
// everything to check ("Periksa lagi", its own entry in the browser's history); "Kirim" sends it
// (the letter with a progress bar) with a request_id kept for retries of the same submission,
// and goes back to the list, which names the new application.
import { Code } from "@connectrpc/connect";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { FormEvent, ReactNode } from "react";
import type { TFunction } from "i18next";
import {
  Button,
  FieldError,
  Form,
  Input,
  Label,
  ProgressBar,
  Radio,
  RadioGroup,
  Text,
  TextField,
} from "react-aria-components";
import { useTranslation } from "react-i18next";
import { Link, useLocation, useNavigate, useSearchParams } from "react-router";
import type { FieldViolation, WorkError } from "../api/errors";
import { useRequestIds } from "../api/request-id";
import type { UploadProgress } from "../api/xhr";
import { errorText, violationText } from "../common/error-text";
import { agencyLabel, formatNip } from "../common/format";
import { employeeTypeKey, kindKey } from "../common/labels";
import { ErrorSummary } from "../common/messages";
import type { SummaryItem } from "../common/messages";
import { PageHeading } from "../common/page";
import { Bar, DataList, fileSize } from "../common/parts";
import { EmployeeType } from "../gen/ams/type/v1/applicant_pb";
import { ApplicationKind } from "../gen/ams/type/v1/sop_pb";
import { useSession } from "../session/session";
import { useWorkError } from "../work/use-work";
import { submitApplication } from "./api";
import {
  cleaned,
  emptyValues,
  employeeTypes,
  fieldOfViolation,
  fieldOrder,
  localProblems,
  maxLetterBytes,
  requestOf,
  stillStands,
  submissionKey,
} from "./form";
import type { FieldKey, Letter, LocalProblem, Sent, TextKey, Values } from "./form";
import { LetterField, letterChooseId } from "./letter";
import type { LetterCheck } from "./letter";
import { agencyPath } from "./paths";
import "./agency.css";

// How long after the last key the server is asked.
const checkDelayMs = 400;

// The address of the summary: its own entry in the history, so that "Back" returns to the form.
const reviewParam = "langkah";
const reviewValue = "periksa";

const inputId: Record<FieldKey, string> = {
  kind: "agency-kind",
  existingAccount: "agency-existing-account",
  fullName: "agency-full-name",
  nik: "agency-nik",
  employeeType: "agency-employee-type",
  employeeNumber: "agency-employee-number",
  position: "agency-position",
  workUnit: "agency-work-unit",
  officialEmail: "agency-official-email",
  phone: "agency-phone",
  letter: letterChooseId,
  superiorName: "agency-superior-name",
  superiorNip: "agency-superior-nip",
};

// The JSON names of the employee types: the select's values.
const employeeTypeValue: Record<EmployeeType, string> = {
  [EmployeeType.UNSPECIFIED]: "",
  [EmployeeType.ASN_PNS]: "EMPLOYEE_TYPE_ASN_PNS",
  [EmployeeType.PPPK]: "EMPLOYEE_TYPE_PPPK",
  [EmployeeType.OTHER]: "EMPLOYEE_TYPE_OTHER",
};

function employeeTypeOf(value: string): EmployeeType {
  return employeeTypes.find((e) => employeeTypeValue[e] === value) ?? EmployeeType.UNSPECIFIED;
}

// The employee number's name follows the employee type: NIP, PPPK number, or the agency's own.
function numberLabel(t: TFunction, type: EmployeeType): string {
  switch (type) {
    case EmployeeType.ASN_PNS:
      return t("applicant.nip");
    case EmployeeType.PPPK:
      return t("agency.pppkNumber");
    default:
      return t("applicant.employeeNumber");
  }
}

function numberHint(t: TFunction, type: EmployeeType): string {
  switch (type) {
    case EmployeeType.ASN_PNS:
      return t("agency.nipHint");
    case EmployeeType.PPPK:
      return t("agency.pppkNumberHint");
    case EmployeeType.OTHER:
      return t("agency.otherNumberHint");
    default:
      return t("agency.numberHintNoType");
  }
}

function labelOf(t: TFunction, field: FieldKey, type: EmployeeType): string {
  switch (field) {
    case "kind":
      return t("applicant.kind");
    case "existingAccount":
      return t("agency.existingAccount");
    case "fullName":
      return t("applicant.fullName");
    case "nik":
      return t("applicant.nik");
    case "employeeType":
      return t("applicant.employeeType");
    case "employeeNumber":
      return numberLabel(t, type);
    case "position":
      return t("applicant.position");
    case "workUnit":
      return t("applicant.workUnit");
    case "officialEmail":
      return t("applicant.email");
    case "phone":
      return t("agency.phone");
    case "letter":
      return t("agency.letter");
    case "superiorName":
      return t("agency.superiorName");
    case "superiorNip":
      return t("agency.superiorNip");
  }
}

function requiredText(t: TFunction, field: FieldKey, type: EmployeeType): string {
  switch (field) {
    case "employeeNumber":
      return type === EmployeeType.ASN_PNS
        ? t("agency.required.nip")
        : type === EmployeeType.PPPK
          ? t("agency.required.pppkNumber")
          : t("agency.required.employeeNumber");
    case "kind":
      return t("agency.required.kind");
    default:
      return t(`agency.required.${field}`);
  }
}

// A message in two forms: words for the error summary, and what shows at the field (where the
// server's own words, in English, are marked as such).
interface Shown {
  text: string;
  node: ReactNode;
}

function plain(text: string): Shown {
  return { text, node: text };
}

// The server's refusal: the field in the user's words, the reason in the server's (English):
// the rules themselves are the server's.
function refused(lead: string, reason: string): Shown {
  if (!reason) return plain(lead);
  return {
    text: `${lead} ${reason}`,
    node: (
      <>
        {lead}{" "}
        <span lang="en" className="server-words">
          {reason}
        </span>
      </>
    ),
  };
}

function localText(t: TFunction, field: FieldKey, type: EmployeeType, problem: LocalProblem, letter: Letter | undefined): string {
  const label = labelOf(t, field, type);
  switch (problem.kind) {
    case "required":
      return requiredText(t, field, type);
    case "tooLong":
      return t("agency.tooLong", { field: label, max: problem.max, count: problem.length });
    case "forbidden":
      return t("agency.forbidden", { field: label, code: problem.codePoint });
    case "letter": {
      const name = letter?.name ?? "";
      switch (problem.problem) {
        case "missing":
          return t("agency.required.letter");
        case "tooLarge":
          return t("agency.letterTooLarge", { name, size: fileSize(letter?.size ?? 0), max: fileSize(maxLetterBytes) });
        case "wrongType":
          return t("agency.letterWrongType", { name });
        case "unreadable":
          return t("agency.letterUnreadable", { name });
      }
    }
  }
}

type Verdict = { sent: Sent; violations: FieldViolation[] };
type CheckOutcome = { ok: true; violations: FieldViolation[] } | { ok: false; error: WorkError };
type Flags = Partial<Record<FieldKey, boolean>>;

export default function SubmitPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  const [params] = useSearchParams();
  const { state: session } = useSession();
  const toError = useWorkError();
  const ids = useRequestIds();

  const [values, setValuesState] = useState<Values>(emptyValues);
  const [letter, setLetterState] = useState<Letter>();
  // A field's verdicts show once it was changed or left ("touched"); its "required" only once
  // it was left; all of them after "Lanjut".
  const [touched, setTouched] = useState<Flags>({});
  const [left, setLeft] = useState<Flags>({});
  const [tried, setTried] = useState(false);
  const [attempt, setAttempt] = useState(0);
  // The server's last verdict on the form (without the letter's PDF: see letterCheck).
  const [verdict, setVerdict] = useState<Verdict>();
  const [letterCheck, setLetterCheckState] = useState<LetterCheck>();
  const [checking, setChecking] = useState(false);
  const [formProblem, setFormProblem] = useState<string>();
  // The submission "Lanjut" found complete: the summary shows while the form is still that.
  const [reviewed, setReviewed] = useState<string>();
  const [sending, setSending] = useState<UploadProgress>();
  const [sendProblem, setSendProblem] = useState<string>();

  // What the timers and answers read: the form as it is now.
  const valuesRef = useRef(values);
  const letterRef = useRef(letter);
  const letterCheckRef = useRef<LetterCheck>(undefined);
  const letterVersion = useRef(0);
  // Answers may overtake each other: only a later question's answer replaces the verdict.
  const asked = useRef(0);
  const applied = useRef(0);
  const lastAsked = useRef("");
  const timer = useRef<number>(undefined);
  const letterInFlight = useRef<{ version: number; done: Promise<unknown> }>(undefined);
  const checkingRef = useRef(false);
  const sendingRef = useRef(false);

  // The page goes: no question after it.
  useEffect(() => () => window.clearTimeout(timer.current), []);

  const setValues = (next: Values) => {
    valuesRef.current = next;
    setValuesState(next);
  };
  const setLetter = (next: Letter | undefined) => {
    letterRef.current = next;
    setLetterState(next);
  };

  // A check's news of a letter, unless a later letter's is there already.
  const updateLetterCheck = useCallback((next: LetterCheck | ((prev: LetterCheck | undefined) => LetterCheck | undefined)) => {
    const prev = letterCheckRef.current;
    const value = typeof next === "function" ? next(prev) : next;
    if (!value || (prev && prev.version > value.version)) return;
    letterCheckRef.current = value;
    setLetterCheckState(value);
  }, []);

  // Asks the server about the form as it is now (validate_only). The letter's PDF goes with it
  // while the server has not judged this file yet (and no check of it is under way, unless
  // `force`).
  const check = useCallback(
    async (force: boolean): Promise<CheckOutcome> => {
      window.clearTimeout(timer.current);
      const now = valuesRef.current;
      const file = letterRef.current;
      const id = ++asked.current;
      lastAsked.current = submissionKey(now, file);
      const known = file && letterCheckRef.current?.version === file.version ? letterCheckRef.current : undefined;
      const judged = known?.status === "accepted" || known?.status === "refused";
      const withPdf = Boolean(file?.bytes) && !judged && (force || known?.status !== "checking");
      const version = file?.version ?? 0;
      if (withPdf) updateLetterCheck({ version, status: "checking", fraction: 0, sent: false });
      const call = submitApplication(
        requestOf(now, file, { withPdf, validateOnly: true }),
        withPdf
          ? {
              onProgress: (p) =>
                updateLetterCheck((prev) =>
                  prev?.version === version && prev.status === "checking" ? { ...prev, fraction: p.fraction, sent: p.sent } : prev,
                ),
            }
          : {},
      );
      if (withPdf) letterInFlight.current = { version, done: call.catch(() => undefined) };
      let violations: FieldViolation[] = [];
      try {
        await call;
      } catch (error) {
        const e = toError(error);
        if (e.code !== Code.InvalidArgument || e.violations.length === 0) {
          if (withPdf) updateLetterCheck({ version, status: "failed", error: e });
          return { ok: false, error: e };
        }
        violations = e.violations;
      }
      // Without the PDF the server says it is missing: the letter's verdict is the one given
      // when it went.
      const pdf = violations.find((v) => v.field === "recommendation_letter.pdf");
      if (withPdf) updateLetterCheck(pdf ? { version, status: "refused", reason: pdf.description } : { version, status: "accepted" });
      const rest = violations.filter((v) => v.field !== "recommendation_letter.pdf");
      if (id > applied.current) {
        applied.current = id;
        setVerdict({ sent: { values: now, letterVersion: version }, violations: rest });
      }
      return { ok: true, violations: rest };
    },
    [toError, updateLetterCheck],
  );

  const checkLater = () => {
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => void check(false), checkDelayMs);
  };

  function touch(field: FieldKey) {
    setTouched((s) => (s[field] ? s : { ...s, [field]: true }));
  }

  function change<K extends keyof Values>(field: K, value: Values[K], now = false) {
    setValues({ ...valuesRef.current, [field]: value });
    touch(field as FieldKey);
    if (now) void check(false);
    else checkLater();
  }

  function leave(field: FieldKey) {
    setLeft((s) => (s[field] ? s : { ...s, [field]: true }));
    touch(field);
    // Asked at once when the field was changed since the last question.
    if (submissionKey(valuesRef.current, letterRef.current) !== lastAsked.current) void check(false);
  }

  async function chooseLetter(file: File) {
    const version = ++letterVersion.current;
    touch("letter");
    const chosen: Letter = { version, name: file.name, size: file.size };
    if (file.size > maxLetterBytes) {
      setLetter({ ...chosen, problem: "tooLarge" });
      return;
    }
    // The browser's type is from the name; the content is the server's to judge.
    if (file.type !== "" && file.type !== "application/pdf") {
      setLetter({ ...chosen, problem: "wrongType" });
      return;
    }
    setLetter(chosen);
    try {
      const bytes = new Uint8Array(await file.arrayBuffer());
      if (letterVersion.current !== version) return;
      setLetter({ ...chosen, bytes });
      void check(false);
    } catch {
      if (letterVersion.current === version) setLetter({ ...chosen, problem: "unreadable" });
    }
  }

  const local = useMemo(() => localProblems(values, letter), [values, letter]);

  // The server's violations that still stand for the form as it is now, by field; and those no
  // field can fix.
  const server = useMemo(() => {
    const byField: Partial<Record<FieldKey, FieldViolation>> = {};
    const other: FieldViolation[] = [];
    for (const v of verdict?.violations ?? []) {
      const field = fieldOfViolation(v.field);
      if (!field || field === "kind") {
        other.push(v);
        continue;
      }
      if (verdict && stillStands(field, verdict.sent, values, letter) && !byField[field]) byField[field] = v;
    }
    return { byField, other };
  }, [verdict, values, letter]);

  const currentCheck = letter && letterCheck?.version === letter.version ? letterCheck : undefined;
  const type = values.employeeType;

  function fieldError(field: FieldKey): Shown | undefined {
    const problem = local[field];
    if (problem) {
      if (problem.kind === "required" && !(left[field] || tried)) return undefined;
      return plain(localText(t, field, type, problem, letter));
    }
    if (!(touched[field] || tried)) return undefined;
    const label = labelOf(t, field, type);
    if (field === "letter" && currentCheck) {
      if (currentCheck.status === "refused") return refused(t("agency.letterRefused"), currentCheck.reason);
      if (currentCheck.status === "failed") return plain(t("agency.letterCheckFailed", { why: errorText(t, currentCheck.error) }));
    }
    const v = server.byField[field];
    if (!v) return undefined;
    return v.description ? refused(t("agency.refused", { field: label }), v.description) : plain(t("agency.refusedNoReason", { field: label }));
  }

  function summaryItems(): SummaryItem[] {
    const items: SummaryItem[] = [];
    for (const field of fieldOrder) {
      if (field === "existingAccount" && values.kind !== ApplicationKind.DATA_UPDATE) continue;
      const error = fieldError(field);
      if (error) items.push({ message: error.text, fieldId: inputId[field] });
    }
    for (const v of server.other) items.push({ message: violationText(t, v) });
    if (formProblem) items.push({ message: formProblem });
    return items;
  }

  async function next(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (checkingRef.current) return;
    window.clearTimeout(timer.current);
    setTried(true);
    setFormProblem(undefined);
    if (Object.keys(localProblems(valuesRef.current, letterRef.current)).length > 0) {
      setAttempt((n) => n + 1);
      // The server's verdict on the rest, for the summary.
      void check(false);
      return;
    }
    checkingRef.current = true;
    setChecking(true);
    try {
      const file = letterRef.current;
      // The letter's own check, if it is still going, first.
      const inFlight = letterInFlight.current;
      if (file && inFlight?.version === file.version && letterCheckRef.current?.status === "checking") await inFlight.done;
      const outcome = await check(true);
      if (!outcome.ok) {
        setFormProblem(`${t("agency.checkFailed")} ${errorText(t, outcome.error)}`);
        setAttempt((n) => n + 1);
        return;
      }
      const judged = letterCheckRef.current?.version === file?.version ? letterCheckRef.current : undefined;
      const letterAccepted = judged?.status === "accepted";
      if (outcome.violations.length > 0 || !letterAccepted) {
        // A letter neither accepted nor refused (still being read or checked): said here, as
        // its field has nothing to say yet.
        if (!letterAccepted && judged?.status !== "refused" && judged?.status !== "failed") setFormProblem(t("agency.letterNotChecked"));
        setAttempt((n) => n + 1);
        return;
      }
      setReviewed(submissionKey(valuesRef.current, file));
      setSendProblem(undefined);
      void navigate({ search: `?${reviewParam}=${reviewValue}` }, { state: { review: true } });
    } finally {
      checkingRef.current = false;
      setChecking(false);
    }
  }

  // From the summary back to the form: its history entry, when it has one.
  function backToForm() {
    if ((location.state as { review?: boolean } | null)?.review) void navigate(-1);
    else void navigate({ search: "" }, { replace: true });
  }

  async function send() {
    const file = letterRef.current;
    const now = valuesRef.current;
    if (sendingRef.current || !file?.bytes) return;
    sendingRef.current = true;
    setSendProblem(undefined);
    setSending({ fraction: 0, sent: false });
    const key = submissionKey(now, file);
    try {
      const application = await submitApplication(
        requestOf(now, file, { withPdf: true, validateOnly: false, requestId: ids.idFor(key) }),
        { onProgress: setSending },
      );
      ids.settle(key);
      void navigate(agencyPath, {
        replace: true,
        state: { submitted: { name: application.name, fullName: application.fullName || cleaned(now).fullName } },
      });
    } catch (error) {
      const e = toError(error);
      ids.settle(key, e);
      if (e.code === Code.Unauthenticated) return;
      if (e.code === Code.InvalidArgument && e.violations.length > 0) {
        // Back to the form, each refusal at its field.
        const pdf = e.violations.find((v) => v.field === "recommendation_letter.pdf");
        if (pdf) updateLetterCheck({ version: file.version, status: "refused", reason: pdf.description });
        applied.current = ++asked.current;
        setVerdict({ sent: { values: now, letterVersion: file.version }, violations: e.violations.filter((v) => v !== pdf) });
        setTried(true);
        setAttempt((n) => n + 1);
        backToForm();
        return;
      }
      const why = errorText(t, e);
      setSendProblem(
        e.problem === "unreachable" ? `${t("agency.sendFailed")} ${why} ${t("agency.sendAgain")}` : `${t("agency.sendFailed")} ${why}`,
      );
      setAttempt((n) => n + 1);
    } finally {
      sendingRef.current = false;
      setSending(undefined);
    }
  }

  const agency = session.status === "signedIn" ? agencyLabel(session.operator.agency) : "";
  const inReview = params.get(reviewParam) === reviewValue && reviewed !== undefined && reviewed === submissionKey(values, letter);

  if (inReview && letter) {
    return (
      <Review
        values={values}
        letter={letter}
        agency={agency}
        sending={sending}
        problem={sendProblem}
        attempt={attempt}
        onSend={() => void send()}
        onChange={backToForm}
      />
    );
  }

  const items = tried ? summaryItems() : [];
  const shown = items.length > 0;
  const error = (field: FieldKey) => fieldError(field)?.node;
  const text = (field: TextKey, props: Omit<TextInputProps, "id" | "value" | "onChange" | "onBlur" | "error" | "label">) => (
    <TextInput
      id={inputId[field]}
      label={labelOf(t, field, type)}
      value={values[field]}
      onChange={(v) => change(field, v)}
      onBlur={() => leave(field)}
      error={error(field)}
      {...props}
    />
  );
  const typeError = error("employeeType");

  return (
    <div className="agency-page agency-page--form" data-agency-form="">
      <div className="agency-narrow">
        {shown && <ErrorSummary items={items} attempt={attempt} />}
        <PageHeading hasError={shown} takeFocus={!shown}>
          {t("agency.submitTitle")}
        </PageHeading>
        <p className="lead">{t("agency.submitLead", { agency })}</p>
        <p className="field__hint">{t("agency.checkedAsTyped")}</p>
      </div>

      <div className="agency-layout">
        <section className="agency-needed" aria-labelledby="agency-needed-title">
          <h2 id="agency-needed-title" className="agency-needed__title">
            {t("agency.neededTitle")}
          </h2>
          <ul className="agency-needed__list">
            <li>{t("agency.neededEmail")}</li>
            <li>{t("agency.neededLetter", { max: fileSize(maxLetterBytes) })}</li>
            <li>{t("agency.neededNumbers")}</li>
          </ul>
          <p className="agency-needed__after">{t("agency.neededAfter")}</p>
        </section>

        <Form onSubmit={(e) => void next(e)} validationBehavior="aria" className="form agency-form">
          <fieldset className="agency-fieldset">
            <legend className="agency-legend">{t("agency.kindHeading")}</legend>
            <RadioGroup
              className="field radio-group"
              value={String(values.kind)}
              onChange={(v) => change("kind", Number(v) as ApplicationKind, true)}
            >
              <Label className="field__label">{t("applicant.kind")}</Label>
              <Radio value={String(ApplicationKind.NEW_ACCOUNT)} className="radio">
                <span className="radio__text">
                  <span className="radio__label">{t("kind.newAccount")}</span>
                  <span className="radio__hint">{t("agency.newAccountHint")}</span>
                </span>
              </Radio>
              <Radio value={String(ApplicationKind.DATA_UPDATE)} className="radio">
                <span className="radio__text">
                  <span className="radio__label">{t("kind.dataUpdate")}</span>
                  <span className="radio__hint">{t("agency.dataUpdateHint")}</span>
                </span>
              </Radio>
            </RadioGroup>
            {values.kind === ApplicationKind.DATA_UPDATE &&
              text("existingAccount", { hint: t("agency.existingAccountHint"), autoCapitalize: "none" })}
          </fieldset>

          <fieldset className="agency-fieldset">
            <legend className="agency-legend">{t("agency.applicantHeading")}</legend>
            {text("fullName", { hint: t("agency.fullNameHint"), wide: true })}
            {text("nik", { hint: t("agency.nikHint"), inputMode: "numeric", short: true })}
            <div className="field" data-invalid={typeError ? "true" : undefined}>
              <label className="field__label" htmlFor={inputId.employeeType}>
                {t("applicant.employeeType")}
              </label>
              {typeError && (
                <p id="agency-employee-type-error" className="field__error">
                  {typeError}
                </p>
              )}
              <select
                id={inputId.employeeType}
                className="field__input field__select"
                value={employeeTypeValue[values.employeeType]}
                onChange={(e) => change("employeeType", employeeTypeOf(e.target.value), true)}
                onBlur={() => leave("employeeType")}
                aria-invalid={typeError ? true : undefined}
                aria-describedby={typeError ? "agency-employee-type-error" : undefined}
              >
                <option value="">{t("agency.employeeTypeChoose")}</option>
                {employeeTypes.map((e) => (
                  <option key={e} value={employeeTypeValue[e]}>
                    {t(employeeTypeKey[e])}
                  </option>
                ))}
              </select>
            </div>
            {text("employeeNumber", { hint: numberHint(t, type), inputMode: type === EmployeeType.OTHER ? "text" : "numeric", short: true })}
            {text("position", { hint: t("agency.positionHint"), wide: true })}
            {text("workUnit", { hint: t("agency.workUnitHint"), wide: true })}
            {text("officialEmail", { hint: t("agency.emailHint"), type: "email", autoCapitalize: "none" })}
            {text("phone", { hint: t("agency.phoneHint"), type: "tel", short: true })}
          </fieldset>

          <fieldset className="agency-fieldset">
            <legend className="agency-legend">{t("agency.letterHeading")}</legend>
            <LetterField
              letter={letter}
              check={currentCheck}
              error={error("letter")}
              maxBytes={maxLetterBytes}
              onChoose={(file) => void chooseLetter(file)}
            />
            {text("superiorName", { hint: t("agency.superiorNameHint"), wide: true })}
            {text("superiorNip", { hint: t("agency.superiorNipHint"), inputMode: "numeric", short: true })}
          </fieldset>

          <div className="agency-actions">
            <Button type="submit" className="button button--primary" isPending={checking}>
              {t("agency.next")}
            </Button>
            <Link to={agencyPath} className="agency-cancel">
              {t("agency.cancel")}
            </Link>
          </div>
          {/* What "Lanjut" is waiting for, read out. */}
          <p className="visually-hidden" role="status">
            {checking ? t("agency.checking") : ""}
          </p>
        </Form>
      </div>
    </div>
  );
}

interface TextInputProps {
  id: string;
  label: string;
  hint?: string;
  value: string;
  error: ReactNode;
  onChange(value: string): void;
  onBlur(): void;
  type?: "text" | "email" | "tel";
  inputMode?: "text" | "numeric";
  autoCapitalize?: "none";
  // A long value (a name, a position): the input as wide as the form; a number: narrow.
  wide?: boolean;
  short?: boolean;
}

function TextInput({ id, label, hint, value, error, onChange, onBlur, type = "text", inputMode, autoCapitalize, wide, short }: TextInputProps) {
  const size = wide ? " field__input--wide" : short ? " field__input--short" : "";
  return (
    <TextField
      className="field"
      value={value}
      onChange={onChange}
      onBlur={onBlur}
      isInvalid={Boolean(error)}
      type={type}
      autoComplete="off"
    >
      <Label className="field__label">{label}</Label>
      {hint && (
        <Text slot="description" className="field__hint">
          {hint}
        </Text>
      )}
      {error && <FieldError className="field__error">{error}</FieldError>}
      <Input
        id={id}
        className={`field__input${size}`}
        spellCheck={false}
        {...(inputMode ? { inputMode } : {})}
        {...(autoCapitalize ? { autoCapitalize } : {})}
      />
    </TextField>
  );
}

// "Periksa lagi": everything as it will be sent; "Kirim" or "Ubah".
function Review({
  values,
  letter,
  agency,
  sending,
  problem,
  attempt,
  onSend,
  onChange,
}: {
  values: Values;
  letter: Letter;
  agency: string;
  sending: UploadProgress | undefined;
  problem: string | undefined;
  attempt: number;
  onSend(): void;
  onChange(): void;
}) {
  const { t } = useTranslation();
  const v = cleaned(values);
  const asn = v.employeeType === EmployeeType.ASN_PNS;
  const application: [string, string][] = [[t("applicant.kind"), t(kindKey[v.kind])]];
  if (v.kind === ApplicationKind.DATA_UPDATE) application.push([t("agency.existingAccount"), v.existingAccount]);
  return (
    <div className="agency-page" data-agency-review="">
      {problem && <ErrorSummary items={[{ message: problem }]} attempt={attempt} />}
      <PageHeading hasError={Boolean(problem)} takeFocus={!problem}>
        {t("agency.reviewTitle")}
      </PageHeading>
      <p className="lead">{t("agency.reviewLead")}</p>

      <h2 className="agency-section-title">{t("agency.kindHeading")}</h2>
      <DataList rows={application} />

      <h2 className="agency-section-title">{t("agency.applicantHeading")}</h2>
      <DataList
        rows={[
          [t("applicant.fullName"), v.fullName],
          [t("applicant.nik"), v.nik],
          [t("applicant.employeeType"), t(employeeTypeKey[v.employeeType])],
          [numberLabel(t, v.employeeType), asn ? formatNip(v.employeeNumber) : v.employeeNumber],
          [t("applicant.position"), v.position],
          [t("applicant.workUnit"), v.workUnit],
          [t("applicant.agency"), agency],
          [t("applicant.email"), v.officialEmail],
          [t("agency.phone"), v.phone],
        ]}
      />

      <h2 className="agency-section-title">{t("agency.letterHeading")}</h2>
      <DataList
        rows={[
          [t("review.file"), t("agency.letterFile", { name: letter.name, size: fileSize(letter.size) })],
          [t("agency.superiorName"), v.superiorName],
          [t("agency.superiorNip"), formatNip(v.superiorNip)],
        ]}
      />

      {sending && (
        <ProgressBar
          className="letter__progress agency-sending"
          {...(sending.sent || sending.fraction === undefined ? { isIndeterminate: true } : { value: Math.round(sending.fraction * 100) })}
        >
          {({ valueText }) => (
            <>
              <div className="letter__progress-text">
                <Label className="letter__progress-label">{sending.sent ? t("agency.sendingChecked") : t("agency.sending")}</Label>
                {!sending.sent && sending.fraction !== undefined && <span className="letter__progress-value">{valueText}</span>}
              </div>
              <Bar fraction={sending.sent || sending.fraction === undefined ? 1 : sending.fraction} tone={sending.sent ? "fair" : "progress"} />
            </>
          )}
        </ProgressBar>
      )}

      <div className="agency-actions">
        <Button className="button button--primary" isPending={Boolean(sending)} onPress={onSend}>
          {t("agency.send")}
        </Button>
        <Button className="button button--secondary" isDisabled={Boolean(sending)} onPress={onChange}>
          {t("agency.change")}
        </Button>
      </div>
    </div>
  );
}
