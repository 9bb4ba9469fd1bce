// The overview ("Ikhtisar"): a plain path the gateway hands to the app, and who is offered it
// (every operator role; the server decides anyway).
import { Role } from "../gen/ams/type/v1/sop_pb";

export const overviewPath = "/ikhtisar";

const overviewRoles: readonly Role[] = [Role.DISKOMINFO_OP, Role.BSRE_OP, Role.VERIFIER, Role.AUDITOR, Role.ADMIN];

export function mayOverview(roles: readonly Role[]): boolean {
  return roles.some((r) => overviewRoles.includes(r));
}
