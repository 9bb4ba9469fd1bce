// The work queues and which roles open each. The server decides what an operator may do;
// this only chooses which links to offer.
import { agencyKeysPath, operatorsPath, parkedMailPath } from "../admin/paths";
import { Role } from "../gen/ams/type/v1/sop_pb";

export type QueueId = "diskominfo" | "bsre" | "verifier" | "audit" | "parkedMail" | "operators" | "agencyKeys";

export interface Queue {
  id: QueueId;
  // A plain path the gateway hands to the app (letters, digits, "-", "/" only).
  path: string;
  roles: readonly Role[];
}

export const queues: readonly Queue[] = [
  { id: "diskominfo", path: "/antrian/diskominfo", roles: [Role.DISKOMINFO_OP] },
  { id: "bsre", path: "/antrian/bsre", roles: [Role.BSRE_OP] },
  { id: "verifier", path: "/antrian/verifikasi", roles: [Role.VERIFIER] },
  { id: "audit", path: "/audit", roles: [Role.AUDITOR, Role.ADMIN] },
  // Not a queue of applications: the mail the mail server refused, for the admin to send again.
  { id: "parkedMail", path: parkedMailPath, roles: [Role.ADMIN] },
  // Nor these: the people who sign in and their roles, and agencies' API keys.
  { id: "operators", path: operatorsPath, roles: [Role.ADMIN] },
  { id: "agencyKeys", path: agencyKeysPath, roles: [Role.ADMIN] },
];

export function queuesFor(roles: readonly Role[]): Queue[] {
  return queues.filter((q) => q.roles.some((r) => roles.includes(r)));
}
