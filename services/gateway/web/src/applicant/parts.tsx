// What the applicants' pages share: a refusal in the applicant's words, media types and the
// applicant's employment in words; and, from common/parts.tsx (the agency's pages use them
// too), file sizes, the applicant's data as a list, a bar (upload progress, password strength)
// and the PDF mark.
import type { ParseKeys, TFunction } from "i18next";
import type { WorkError } from "../api/errors";
import { EmployeeType } from "../gen/ams/type/v1/applicant_pb";
import "./applicant.css";

export { Bar, DataList, PdfIcon, fileSize } from "../common/parts";

// A failed call that no page handles itself, in the applicant's words; never the server's.
export function applicantErrorText(t: TFunction, error: WorkError): string {
  if (error.reason === "RATE_LIMITED") return t("portal.rateLimited");
  if (error.reason === "DEPENDENCY_UNAVAILABLE") return t("portal.unavailable");
  switch (error.problem) {
    case "tooManyAttempts":
      return t("portal.rateLimited");
    case "unreachable":
      return t("portal.unreachable");
    default:
      return t("portal.unexpected");
  }
}

export const mediaTypeLabel: Record<string, string> = {
  "image/jpeg": "JPEG",
  "image/png": "PNG",
  "application/pdf": "PDF",
};

export const employeeTypeKey: Record<EmployeeType, ParseKeys> = {
  [EmployeeType.UNSPECIFIED]: "employeeType.unspecified",
  [EmployeeType.ASN_PNS]: "employeeType.asnPns",
  [EmployeeType.PPPK]: "employeeType.pppk",
  [EmployeeType.OTHER]: "employeeType.other",
};
