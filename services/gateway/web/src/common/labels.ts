// The API's enums as people read them (as roles.ts does for roles): each a Record, so a value
// added to a proto is a compile error here until it has words.
import type { ParseKeys } from "i18next";
import { Check_Outcome, ItemState } from "../gen/ams/gateway/v1/work_service_pb";
import { EmployeeType } from "../gen/ams/type/v1/applicant_pb";
import { SignatureCheck_Outcome } from "../gen/ams/type/v1/document_pb";
import { ApplicationKind, ReasonCode, SopStep } from "../gen/ams/type/v1/sop_pb";

export const itemStateKey: Record<ItemState, ParseKeys> = {
  [ItemState.UNSPECIFIED]: "itemState.unspecified",
  [ItemState.AWAITING_REVIEW]: "itemState.awaitingReview",
  [ItemState.FORWARDING]: "itemState.forwarding",
  [ItemState.FORWARDED]: "itemState.forwarded",
  [ItemState.RETURNED]: "itemState.returned",
  [ItemState.WITHDRAWN]: "itemState.withdrawn",
  [ItemState.AWAITING_REGISTRATION]: "itemState.awaitingRegistration",
  [ItemState.AWAITING_ACTIVATION]: "itemState.awaitingActivation",
  [ItemState.CORRECTION_REQUESTED]: "itemState.correctionRequested",
  [ItemState.ACTIVATION_SUBMITTED]: "itemState.activationSubmitted",
  [ItemState.AWAITING_DECISION]: "itemState.awaitingDecision",
  [ItemState.APPROVED]: "itemState.approved",
  [ItemState.REJECTED]: "itemState.rejected",
};

// How a state looks: waiting (neutral), done, sent back, or in between. Never by colour alone:
// the state's words are always there.
export type Tone = "waiting" | "done" | "back" | "neutral";

export const itemStateTone: Record<ItemState, Tone> = {
  [ItemState.UNSPECIFIED]: "neutral",
  [ItemState.AWAITING_REVIEW]: "waiting",
  [ItemState.FORWARDING]: "neutral",
  [ItemState.FORWARDED]: "done",
  [ItemState.RETURNED]: "back",
  [ItemState.WITHDRAWN]: "neutral",
  [ItemState.AWAITING_REGISTRATION]: "waiting",
  [ItemState.AWAITING_ACTIVATION]: "neutral",
  [ItemState.CORRECTION_REQUESTED]: "back",
  [ItemState.ACTIVATION_SUBMITTED]: "waiting",
  [ItemState.AWAITING_DECISION]: "waiting",
  [ItemState.APPROVED]: "done",
  [ItemState.REJECTED]: "back",
};

export const kindKey: Record<ApplicationKind, ParseKeys> = {
  [ApplicationKind.UNSPECIFIED]: "kind.unspecified",
  [ApplicationKind.NEW_ACCOUNT]: "kind.newAccount",
  [ApplicationKind.DATA_UPDATE]: "kind.dataUpdate",
};

export const employeeTypeKey: Record<EmployeeType, ParseKeys> = {
  [EmployeeType.UNSPECIFIED]: "employeeType.unspecified",
  [EmployeeType.ASN_PNS]: "employeeType.asnPns",
  [EmployeeType.PPPK]: "employeeType.pppk",
  [EmployeeType.OTHER]: "employeeType.other",
};

export const reasonCodeKey: Record<ReasonCode, ParseKeys> = {
  [ReasonCode.UNSPECIFIED]: "reasonCode.unspecified",
  [ReasonCode.LETTER_UNSIGNED]: "reasonCode.letterUnsigned",
  [ReasonCode.LETTER_UNREADABLE]: "reasonCode.letterUnreadable",
  [ReasonCode.DATA_INCOMPLETE]: "reasonCode.dataIncomplete",
  [ReasonCode.DATA_MISMATCH]: "reasonCode.dataMismatch",
  [ReasonCode.NOT_ELIGIBLE]: "reasonCode.notEligible",
  [ReasonCode.DUPLICATE]: "reasonCode.duplicate",
  [ReasonCode.DOCUMENT_INVALID]: "reasonCode.documentInvalid",
  [ReasonCode.OTHER]: "reasonCode.other",
};

// The codes an operator may choose, in the order the dialog offers them.
export const reasonCodes: readonly ReasonCode[] = [
  ReasonCode.LETTER_UNSIGNED,
  ReasonCode.LETTER_UNREADABLE,
  ReasonCode.DATA_INCOMPLETE,
  ReasonCode.DATA_MISMATCH,
  ReasonCode.NOT_ELIGIBLE,
  ReasonCode.DUPLICATE,
  ReasonCode.DOCUMENT_INVALID,
  ReasonCode.OTHER,
];

export const sopStepKey: Record<SopStep, ParseKeys> = {
  [SopStep.UNSPECIFIED]: "sopStep.unspecified",
  [SopStep.SUBMIT_REQUEST]: "sopStep.submitRequest",
  [SopStep.FORWARD_TO_BSRE]: "sopStep.forwardToBsre",
  [SopStep.REGISTER_IDENTITY]: "sopStep.registerIdentity",
  [SopStep.COMPLETE_DATA]: "sopStep.completeData",
  [SopStep.VERIFY_DATA]: "sopStep.verifyData",
  [SopStep.ISSUE_CREDENTIAL]: "sopStep.issueCredential",
  [SopStep.FIRST_LOGIN]: "sopStep.firstLogin",
  [SopStep.CHANGE_PASSWORD]: "sopStep.changePassword",
};

export const signatureKey: Record<SignatureCheck_Outcome, { title: ParseKeys; detail: ParseKeys; tone: Tone }> = {
  [SignatureCheck_Outcome.UNSPECIFIED]: {
    title: "review.verdictUnknown",
    detail: "review.verdictUnsignedDetail",
    tone: "neutral",
  },
  [SignatureCheck_Outcome.VALID]: { title: "review.verdictValid", detail: "review.verdictValidDetail", tone: "done" },
  [SignatureCheck_Outcome.UNSIGNED]: {
    title: "review.verdictUnsigned",
    detail: "review.verdictUnsignedDetail",
    tone: "neutral",
  },
  [SignatureCheck_Outcome.INVALID]: {
    title: "review.verdictInvalid",
    detail: "review.verdictInvalidDetail",
    tone: "back",
  },
  [SignatureCheck_Outcome.UNTRUSTED]: {
    title: "review.verdictUntrusted",
    detail: "review.verdictUntrustedDetail",
    tone: "back",
  },
};

export const checkOutcomeKey: Record<Check_Outcome, { label: ParseKeys; tone: Tone }> = {
  [Check_Outcome.UNSPECIFIED]: { label: "verification.outcomeUnknown", tone: "neutral" },
  [Check_Outcome.PASSED]: { label: "verification.outcomePassed", tone: "done" },
  [Check_Outcome.WARNING]: { label: "verification.outcomeWarning", tone: "waiting" },
  [Check_Outcome.FAILED]: { label: "verification.outcomeFailed", tone: "back" },
};

// The verification service's check ids; an unknown id is shown as it is.
const checkNames: Record<string, ParseKeys> = {
  nik_format: "verification.checkNames.nikFormat",
  nip_nik_agreement: "verification.checkNames.nipNikAgreement",
  official_email: "verification.checkNames.officialEmail",
  duplicate_nik: "verification.checkNames.duplicateNik",
  same_person: "verification.checkNames.samePerson",
  documents_well_formed: "verification.checkNames.documentsWellFormed",
  letter_signature: "verification.checkNames.letterSignature",
  application_consistency: "verification.checkNames.applicationConsistency",
};

export function checkNameKey(check: string): ParseKeys | undefined {
  return checkNames[check];
}

// Difference.field and the applicant's fields: the same words as the applicant data list.
const fieldNames: Record<string, ParseKeys> = {
  full_name: "applicant.fullName",
  nik: "applicant.nik",
  employee_type: "applicant.employeeType",
  employee_number: "applicant.employeeNumber",
  position: "applicant.position",
  work_unit: "applicant.workUnit",
  agency: "applicant.agency",
  official_email: "applicant.email",
};

export function fieldNameKey(field: string): ParseKeys | undefined {
  return fieldNames[field];
}

// Event types of the audit ledger by their last segment ("ams.forwarding.v1.ApplicationForwarded").
const eventNames: Record<string, ParseKeys> = {
  ApplicationSubmitted: "timeline.eventNames.ApplicationSubmitted",
  ApplicationWithdrawn: "timeline.eventNames.ApplicationWithdrawn",
  ApplicationForwarded: "timeline.eventNames.ApplicationForwarded",
  ApplicationReturned: "timeline.eventNames.ApplicationReturned",
  IdentityRegistered: "timeline.eventNames.IdentityRegistered",
  ActivationLinkIssued: "timeline.eventNames.ActivationLinkIssued",
  EnrollmentSubmitted: "timeline.eventNames.EnrollmentSubmitted",
  EnrollmentVerified: "timeline.eventNames.EnrollmentVerified",
  EnrollmentRejected: "timeline.eventNames.EnrollmentRejected",
  CredentialIssued: "timeline.eventNames.CredentialIssued",
  LoginSucceeded: "timeline.eventNames.LoginSucceeded",
  LoginFailed: "timeline.eventNames.LoginFailed",
  AccountLocked: "timeline.eventNames.AccountLocked",
  PasswordChanged: "timeline.eventNames.PasswordChanged",
  AccountActivated: "timeline.eventNames.AccountActivated",
  DataUpdateRefused: "timeline.eventNames.DataUpdateRefused",
  SlaBreached: "timeline.eventNames.SlaBreached",
};

export function eventNameKey(eventType: string): ParseKeys | undefined {
  return eventNames[eventType.slice(eventType.lastIndexOf(".") + 1)];
}

// The services that mail (ParkedMail.service) and what a mail is for (OutgoingMail.kind), by the
// API's strings; an unknown one is shown as it is.
const mailServices: Record<string, ParseKeys> = {
  intake: "parkedMail.services.intake",
  forwarding: "parkedMail.services.forwarding",
  enrollment: "parkedMail.services.enrollment",
  credential: "parkedMail.services.credential",
};

export function mailServiceKey(service: string): ParseKeys | undefined {
  return mailServices[service];
}

const mailKinds: Record<string, ParseKeys> = {
  returned: "parkedMail.kinds.returned",
  bsre: "parkedMail.kinds.bsre",
  "activation-link": "parkedMail.kinds.activationLink",
  reminder: "parkedMail.kinds.reminder",
  password: "parkedMail.kinds.password",
};

export function mailKindKey(kind: string): ParseKeys | undefined {
  return mailKinds[kind];
}
