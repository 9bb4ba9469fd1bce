// What the auditor types, as the API wants it: an application or agency by its resource name
// (a bare id is accepted), a day of the period as a Timestamp (the operator's own time zone: a
// day from its midnight to the next), and the event types of the pipeline for the search.
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import type { Timestamp } from "@bufbuild/protobuf/wkt";
import type { TFunction } from "i18next";
import type { FieldViolation } from "../api/errors";
import { violationText } from "../common/error-text";
import { locale } from "../common/format";
import { eventNameKey } from "../common/labels";

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// "applications/{uuid}" from what was typed: the name itself, or a bare id. A UUID is sent in
// lower case (as the API writes it); anything else is sent as it is, for the server to refuse
// at its field. "" for none.
export function applicationName(input: string): string {
  const text = input.trim();
  if (text === "") return "";
  const id = text.startsWith("applications/") ? text.slice("applications/".length) : text;
  return `applications/${uuid.test(id) ? id.toLowerCase() : id}`;
}

// "agencies/{id}" from what was typed: the name itself, or a bare id. "" for every agency.
export function agencyName(input: string): string {
  const text = input.trim();
  if (text === "") return "";
  return text.startsWith("agencies/") ? text : `agencies/${text}`;
}

// A date input's value ("2025-11-30"): valid or not.
export function isDay(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) && dayDate(value) !== undefined;
}

// A day in the address (the search parameter `name`): its value when that is a day, else
// `fallback`.
export function dayParam(params: URLSearchParams, name: string, fallback = ""): string {
  const value = params.get(name) ?? "";
  return isDay(value) ? value : fallback;
}

function dayDate(value: string, plusDays = 0): Date | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return undefined;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(year, month - 1, day + plusDays);
  // 2025-02-31 is not a day.
  if (plusDays === 0 && (date.getFullYear() !== year || date.getMonth() !== month - 1 || date.getDate() !== day)) {
    return undefined;
  }
  return date;
}

// The start of a day (its midnight); undefined when the value is no day.
export function dayStart(value: string): Timestamp | undefined {
  const date = isDay(value) ? dayDate(value) : undefined;
  return date ? timestampFromDate(date) : undefined;
}

// The end of a day: the next day's midnight (the API's end is exclusive).
export function dayEnd(value: string): Timestamp | undefined {
  const date = isDay(value) ? dayDate(value, 1) : undefined;
  return date ? timestampFromDate(date) : undefined;
}

// A date input's value for a Date (its local day).
export function dayValue(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

// "30 Nov 2025" for a date input's value.
export function formatDay(value: string): string {
  const date = isDay(value) ? dayDate(value) : undefined;
  return date ? new Intl.DateTimeFormat(locale(), { dateStyle: "medium" }).format(date) : value;
}

// Whether the period's last day comes before its first.
export function periodReversed(from: string, to: string): boolean {
  return isDay(from) && isDay(to) && to < from;
}

// "40 %", "40%": in the operator's language.
export function formatShare(ratio: number): string {
  return new Intl.NumberFormat(locale(), { style: "percent", maximumFractionDigits: 0 }).format(
    Math.min(1, Math.max(0, ratio)),
  );
}

export function formatCount(count: bigint | number): string {
  return new Intl.NumberFormat(locale()).format(count);
}

// The event types the services write to the ledger, in the order of the SOP.
export const eventTypes: readonly string[] = [
  "ams.intake.v1.ApplicationSubmitted",
  "ams.intake.v1.ApplicationWithdrawn",
  "ams.forwarding.v1.ApplicationForwarded",
  "ams.forwarding.v1.ApplicationReturned",
  "ams.enrollment.v1.IdentityRegistered",
  "ams.enrollment.v1.ActivationLinkIssued",
  "ams.enrollment.v1.EnrollmentSubmitted",
  "ams.verification.v1.EnrollmentVerified",
  "ams.verification.v1.EnrollmentRejected",
  "ams.credential.v1.CredentialIssued",
  "ams.credential.v1.AccountActivated",
  "ams.credential.v1.LoginSucceeded",
  "ams.credential.v1.LoginFailed",
  "ams.credential.v1.AccountLocked",
  "ams.credential.v1.PasswordChanged",
  "ams.credential.v1.DataUpdateRefused",
  "ams.audit.v1.SlaBreached",
];

// An event type in words; an unknown one as it is.
export function eventLabel(t: TFunction, eventType: string): string {
  const key = eventNameKey(eventType);
  return key ? t(key) : eventType;
}

// A field violation of the audit requests in the operator's words.
export function auditViolationText(t: TFunction, violation: FieldViolation): string {
  switch (violation.field) {
    case "application":
      return t("ledger.fieldApplication");
    case "event_type":
      return t("ledger.fieldEventType");
    case "start_time":
      return t("audit.fieldFrom");
    case "end_time":
      return t("audit.fieldTo");
    case "agency":
      return t("sla.fieldAgency");
    case "page_token":
      return t("ledger.pageTokenStale");
    default:
      return violationText(t, violation);
  }
}
