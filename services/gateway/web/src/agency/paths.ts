// The agency's pages (SOP step 1 for an agency without a system of its own): plain paths the
// gateway hands to the app, and who is offered them. An agency's user is an operator in role
// AGENCY, of one agency (Operator.agency); the gateway lets them call only AgencyService (and
// their session's methods), so the shell gives them these pages and nothing of the operators'
// work: no queue counts, no live updates.
import { Role } from "../gen/ams/type/v1/sop_pb";

export const agencyPath = "/instansi";
export const agencySubmitPath = "/instansi/ajukan";

export function isAgencyUser(roles: readonly Role[]): boolean {
  return roles.includes(Role.AGENCY);
}
