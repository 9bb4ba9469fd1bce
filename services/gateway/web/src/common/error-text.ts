// A refused or failed call in the operator's words, chosen by ErrorInfo.reason (then by the
// code when there is no reason). The server's English message is never shown.
import { Code } from "@connectrpc/connect";
import type { TFunction } from "i18next";
import type { FieldViolation, WorkError } from "../api/errors";
import { idOf } from "./format";

export function errorText(t: TFunction, error: WorkError, holderName?: string): string {
  switch (error.reason) {
    case "SEPARATION_OF_DUTIES":
      return t("errors.separationOfDuties");
    case "CLAIMED": {
      // metadata "holder" is "operators/{id}"; the caller may know the display name (from
      // the item's claim, fetched again).
      const name = holderName || error.metadata.holder_display_name || idOf(error.metadata.holder ?? "");
      return name ? t("errors.claimed", { name }) : t("errors.claimedBySomeone");
    }
    case "INVALID_STATE":
      return t("errors.invalidState");
    case "INVALID_FIELD":
      return t("errors.invalidField");
    case "PERMISSION_DENIED":
      return t("errors.permissionDenied");
    case "NOT_FOUND":
      return t("errors.notFound");
    case "REQUEST_ID_REUSED":
      return t("errors.requestIdReused");
    case "RATE_LIMITED":
      return t("errors.rateLimited");
    case "DEPENDENCY_UNAVAILABLE":
      return t("errors.dependencyUnavailable");
    case "SESSION_INVALID":
      return t("signIn.expired");
    case "SECOND_FACTOR_REQUIRED":
      return t("errors.secondFactorRequired");
  }
  switch (error.code) {
    case Code.PermissionDenied:
      return t("errors.permissionDenied");
    case Code.NotFound:
      return t("errors.notFound");
    case Code.Aborted:
      return t("errors.claimedBySomeone");
    case Code.FailedPrecondition:
      return t("errors.invalidState");
    case Code.InvalidArgument:
      return t("errors.invalidField");
    case Code.ResourceExhausted:
      return t("errors.rateLimited");
    case Code.Unauthenticated:
      return t("signIn.expired");
  }
  return error.problem === "unreachable" ? t("errors.unreachable") : t("errors.unexpected");
}

// A field violation in the operator's words, by the request field it names.
export function violationText(t: TFunction, violation: FieldViolation): string {
  switch (violation.field) {
    case "reason.code":
    case "reason":
      return t("errors.fieldReasonCode");
    case "reason.text":
      return t("errors.fieldReasonText");
    case "username":
      return t("errors.fieldUsername");
    default:
      // A parked mail's corrected recipients: "to", "to[0]", "to[1]", …
      if (/^to(\[\d+\])?$/.test(violation.field)) return t("errors.fieldRecipient");
      return t("errors.fieldOther", { field: violation.field });
  }
}
