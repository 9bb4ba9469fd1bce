// An operator as the admin's form holds it (add, change), checked here before it goes (as the
// gateway checks it: common/api_keys.cc, services/gateway/operators.cc), and the gateway's
// refusals put back at the fields they name.
import type { TFunction } from "i18next";
import type { FieldViolation } from "../api/errors";
import { cleanText, fieldRules } from "../common/field-rules";
import { Role } from "../gen/ams/type/v1/sop_pb";

// The roles a person may hold, in the order the form offers them: any of the operators' roles,
// or AGENCY alone (an agency's user, with their agency).
export const operatorRoles: readonly Role[] = [Role.DISKOMINFO_OP, Role.BSRE_OP, Role.VERIFIER, Role.AUDITOR, Role.ADMIN];
export const offeredRoles: readonly Role[] = [...operatorRoles, Role.AGENCY];

export interface OperatorDraft {
  // The id as typed ("siti" or "operators/siti").
  id: string;
  displayName: string;
  roles: Role[];
  // The agency as typed ("dinkes" or "agencies/dinkes"), for AGENCY only.
  agency: string;
}

export type DraftField = "id" | "displayName" | "roles" | "agency";
export type DraftErrors = Partial<Record<DraftField, string>>;

// The fields in the form's order, with the ids of their inputs (the first with a problem takes
// the focus).
export const draftFields: readonly DraftField[] = ["id", "displayName", "roles", "agency"];

export const displayNameRule = { max_chars: 120 };

export function isAgencyRoles(roles: readonly Role[]): boolean {
  return roles.includes(Role.AGENCY);
}

// The roles after the admin ticked or unticked one: AGENCY stands alone, so ticking it unticks
// the others and ticking another unticks it. In the form's order.
export function nextRoles(previous: readonly Role[], chosen: readonly Role[]): Role[] {
  const added = chosen.filter((r) => !previous.includes(r));
  let next: readonly Role[] = chosen;
  if (added.includes(Role.AGENCY)) next = [Role.AGENCY];
  else if (added.length > 0) next = chosen.filter((r) => r !== Role.AGENCY);
  return offeredRoles.filter((r) => next.includes(r));
}

// "operators/siti" or "siti" → "siti".
export function operatorIdOf(typed: string): string {
  return typed.trim().replace(/^operators\//, "");
}

// "agencies/dinkes" or "dinkes" → "dinkes".
export function agencyIdOf(typed: string): string {
  return typed.trim().replace(/^agencies\//, "");
}

const operatorIdPattern = /^[a-z0-9][a-z0-9._-]{0,62}$/;
const agencyIdPattern = /^[a-z0-9][a-z0-9-]{1,39}$/;

export function checkAgency(t: TFunction, typed: string): string | undefined {
  const id = agencyIdOf(typed);
  if (id === "") return t("admin.agencyMissing");
  if (!agencyIdPattern.test(id)) return t("admin.agencyFormat");
  return undefined;
}

// The draft's problems, field by field (none: {}). `withId`: the id is typed (a new operator).
export function checkDraft(t: TFunction, draft: OperatorDraft, withId: boolean): DraftErrors {
  const errors: DraftErrors = {};
  if (withId) {
    const id = operatorIdOf(draft.id);
    if (id === "") errors.id = t("operators.idMissing");
    else if (!operatorIdPattern.test(id)) errors.id = t("operators.idFormat");
  }
  const name = fieldRules.check(draft.displayName, displayNameRule);
  if (name?.kind === "required") errors.displayName = t("operators.displayNameMissing");
  else if (name?.kind === "tooLong") errors.displayName = t("operators.displayNameTooLong", { max: name.max, count: name.length });
  else if (name?.kind === "forbidden") errors.displayName = t("operators.displayNameForbidden", { code: name.codePoint });
  if (draft.roles.length === 0) errors.roles = t("operators.rolesMissing");
  if (isAgencyRoles(draft.roles)) {
    const agency = checkAgency(t, draft.agency);
    if (agency) errors.agency = agency;
  }
  return errors;
}

// The errors without those of the fields that changed (the admin is fixing them).
export function withoutChanged(errors: DraftErrors, before: OperatorDraft, after: OperatorDraft): DraftErrors {
  const out = { ...errors };
  if (before.id !== after.id) delete out.id;
  if (before.displayName !== after.displayName) delete out.displayName;
  if (before.roles.join() !== after.roles.join()) delete out.roles;
  if (before.agency !== after.agency || !isAgencyRoles(after.roles)) delete out.agency;
  return out;
}

// What the request carries.
export function requestOf(draft: OperatorDraft): { name: string; displayName: string; roles: Role[]; agency: string } {
  return {
    name: `operators/${operatorIdOf(draft.id)}`,
    displayName: cleanText(draft.displayName),
    roles: draft.roles,
    agency: isAgencyRoles(draft.roles) ? `agencies/${agencyIdOf(draft.agency)}` : "",
  };
}

// The gateway's field violations at the fields they name ("operator" or "name" is the id);
// what names no field of the form, as words for the form as a whole.
export function draftViolations(t: TFunction, violations: readonly FieldViolation[]): { fields: DraftErrors; other: string[] } {
  const fields: DraftErrors = {};
  const other: string[] = [];
  for (const v of violations) {
    switch (v.field) {
      case "operator":
      case "name":
        fields.id = t("operators.idFormat");
        break;
      case "display_name":
        fields.displayName = t("operators.displayNameRefused");
        break;
      case "roles":
        fields.roles = t("operators.rolesRefused");
        break;
      case "agency":
        fields.agency = t("admin.agencyFormat");
        break;
      default:
        other.push(t("errors.fieldOther", { field: v.field }));
    }
  }
  return { fields, other };
}
