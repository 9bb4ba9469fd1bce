// The application form of SOP step 1 as data: its fields, the request they make, what is
// checked here before the server is asked (required, and the shared free-text rules of
// common/field_rules.json: length and forbidden characters), and which of the server's field
// violations belongs to which field. The structural rules (NIK, NIP, PPPK number, official
// e-mail domain, phone, the PDF itself) are the server's alone: the form asks it with
// validate_only and shows its verdict.
import { applicationRules, cleanText, fieldRules } from "../common/field-rules";
import type { ApplicationField, TextProblem } from "../common/field-rules";
import { EmployeeType } from "../gen/ams/type/v1/applicant_pb";
import { ApplicationKind } from "../gen/ams/type/v1/sop_pb";
import type { SubmitRequest } from "./api";

export type FieldKey =
  | "kind"
  | "existingAccount"
  | "fullName"
  | "nik"
  | "employeeType"
  | "employeeNumber"
  | "position"
  | "workUnit"
  | "officialEmail"
  | "phone"
  | "letter"
  | "superiorName"
  | "superiorNip";

// In the order the form asks for them (and the error summary lists them).
export const fieldOrder: readonly FieldKey[] = [
  "kind",
  "existingAccount",
  "fullName",
  "nik",
  "employeeType",
  "employeeNumber",
  "position",
  "workUnit",
  "officialEmail",
  "phone",
  "letter",
  "superiorName",
  "superiorNip",
];

export type TextKey = Exclude<FieldKey, "kind" | "employeeType" | "letter">;

export interface Values {
  kind: ApplicationKind;
  employeeType: EmployeeType;
  existingAccount: string;
  fullName: string;
  nik: string;
  employeeNumber: string;
  position: string;
  workUnit: string;
  officialEmail: string;
  phone: string;
  superiorName: string;
  superiorNip: string;
}

export const emptyValues: Values = {
  kind: ApplicationKind.NEW_ACCOUNT,
  employeeType: EmployeeType.UNSPECIFIED,
  existingAccount: "",
  fullName: "",
  nik: "",
  employeeNumber: "",
  position: "",
  workUnit: "",
  officialEmail: "",
  phone: "",
  superiorName: "",
  superiorNip: "",
};

// The chosen recommendation letter. `version` grows with each choice, so that a verdict on an
// earlier file is never taken for this one's. `bytes` once read (a file too big, or not a PDF,
// is never read nor sent).
export interface Letter {
  version: number;
  name: string;
  size: number;
  bytes?: Uint8Array;
  problem?: "tooLarge" | "wrongType" | "unreadable";
}

// The largest letter the server takes (intake's AMS_INTAKE_MAX_LETTER_BYTES, 2 MiB by default);
// its base64 in the JSON stays well inside the gateway's 4 MiB body limit. Bigger files are not
// sent at all.
export const maxLetterBytes = 2 * 1024 * 1024;

// The employee types the form offers, in its order.
export const employeeTypes: readonly EmployeeType[] = [EmployeeType.ASN_PNS, EmployeeType.PPPK, EmployeeType.OTHER];

// The free-text fields under common/field_rules.json's "application" rules.
const ruled: Partial<Record<TextKey, ApplicationField>> = {
  fullName: "full_name",
  position: "position",
  workUnit: "work_unit",
  superiorName: "superior_name",
};

// Numbers are sent without the spaces people type between groups ("19800101 201001 1 000"); a
// phone number also without hyphens ("0812-3456-7890").
function digitsOf(value: string): string {
  return value.replace(/\s+/g, "");
}

// What each field sends, as the server will read it (also what the summary shows).
export function cleaned(values: Values): Values {
  return {
    ...values,
    existingAccount: values.existingAccount.trim().replace(/^accounts\//, ""),
    fullName: cleanText(values.fullName),
    nik: digitsOf(values.nik),
    employeeNumber: values.employeeType === EmployeeType.OTHER ? values.employeeNumber.trim() : digitsOf(values.employeeNumber),
    position: cleanText(values.position),
    workUnit: cleanText(values.workUnit),
    officialEmail: values.officialEmail.trim(),
    phone: values.phone.replace(/[\s-]+/g, ""),
    superiorName: cleanText(values.superiorName),
    superiorNip: digitsOf(values.superiorNip),
  };
}

export function requestOf(
  values: Values,
  letter: Letter | undefined,
  { withPdf, validateOnly, requestId = "" }: { withPdf: boolean; validateOnly: boolean; requestId?: string },
): SubmitRequest {
  const v = cleaned(values);
  return {
    kind: v.kind,
    applicant: {
      fullName: v.fullName,
      nik: v.nik,
      employeeType: v.employeeType,
      employeeNumber: v.employeeNumber,
      position: v.position,
      workUnit: v.workUnit,
      officialEmail: v.officialEmail,
      phone: v.phone,
    },
    recommendationLetter: {
      pdf: withPdf && letter?.bytes ? letter.bytes : new Uint8Array(),
      fileName: letter?.name ?? "",
      superiorName: v.superiorName,
      superiorNip: v.superiorNip,
    },
    existingAccount: v.kind === ApplicationKind.DATA_UPDATE ? `accounts/${v.existingAccount}` : "",
    requestId,
    validateOnly,
  };
}

// One submission, for its request_id: the same values and the same file are the same
// submission (a retry after no answer reuses its id); anything else is a new one.
export function submissionKey(values: Values, letter: Letter | undefined): string {
  return `submit:${letter?.version ?? 0}:${JSON.stringify(cleaned(values))}`;
}

export type LocalProblem = TextProblem | { kind: "letter"; problem: "missing" | "tooLarge" | "wrongType" | "unreadable" };

// What is wrong before the server is asked, by field.
export function localProblems(values: Values, letter: Letter | undefined): Partial<Record<FieldKey, LocalProblem>> {
  const out: Partial<Record<FieldKey, LocalProblem>> = {};
  const text: TextKey[] = ["fullName", "nik", "employeeNumber", "position", "workUnit", "officialEmail", "phone", "superiorName", "superiorNip"];
  if (values.kind === ApplicationKind.DATA_UPDATE) text.unshift("existingAccount");
  for (const key of text) {
    const rule = ruled[key];
    if (rule) {
      const p = fieldRules.check(values[key], applicationRules[rule]);
      if (p) out[key] = p;
    } else if (values[key].trim() === "") {
      out[key] = { kind: "required" };
    }
  }
  if (values.employeeType === EmployeeType.UNSPECIFIED) out.employeeType = { kind: "required" };
  if (!letter) out.letter = { kind: "letter", problem: "missing" };
  else if (letter.problem) out.letter = { kind: "letter", problem: letter.problem };
  return out;
}

// The form's field of a violation the server names; undefined for one no field can fix.
export function fieldOfViolation(field: string): FieldKey | undefined {
  switch (field) {
    case "existing_account":
      return "existingAccount";
    case "applicant.full_name":
      return "fullName";
    case "applicant.nik":
      return "nik";
    case "applicant.employee_type":
      return "employeeType";
    case "applicant.employee_number":
      return "employeeNumber";
    case "applicant.position":
      return "position";
    case "applicant.work_unit":
      return "workUnit";
    case "applicant.official_email":
      return "officialEmail";
    case "applicant.phone":
      return "phone";
    case "recommendation_letter.pdf":
    case "recommendation_letter.file_name":
      return "letter";
    case "recommendation_letter.superior_name":
      return "superiorName";
    case "recommendation_letter.superior_nip":
      return "superiorNip";
    default:
      return undefined;
  }
}

// The values a field's verdict depends on: it stands while these are as they were sent (the
// NIP is checked against the NIK's birth date and sex; a data update's account against the kind).
const dependsOn: Partial<Record<FieldKey, readonly FieldKey[]>> = {
  employeeNumber: ["employeeType", "employeeNumber", "nik"],
  existingAccount: ["kind", "existingAccount"],
};

// The values and file a verdict was given for.
export interface Sent {
  values: Values;
  letterVersion: number;
}

export function stillStands(field: FieldKey, sent: Sent, values: Values, letter: Letter | undefined): boolean {
  if (field === "letter") return sent.letterVersion === (letter?.version ?? 0);
  const now = cleaned(values);
  const then = cleaned(sent.values);
  return (dependsOn[field] ?? [field]).every((k) => k === "letter" || now[k as keyof Values] === then[k as keyof Values]);
}
