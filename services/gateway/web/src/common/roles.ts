// Role names as people read them, for every role the protos define (the Record makes a new
// role a compile error here until it has a name).
import type { ParseKeys } from "i18next";
import { Role } from "../gen/ams/type/v1/sop_pb";

export const roleNameKey: Record<Role, ParseKeys> = {
  [Role.UNSPECIFIED]: "roles.unspecified",
  [Role.AGENCY]: "roles.agency",
  [Role.DISKOMINFO_OP]: "roles.diskominfoOp",
  [Role.BSRE_OP]: "roles.bsreOp",
  [Role.VERIFIER]: "roles.verifier",
  [Role.AUDITOR]: "roles.auditor",
  [Role.ADMIN]: "roles.admin",
  [Role.SERVICE_LETTER_READER]: "roles.service",
  [Role.SERVICE_APPLICATION_READER]: "roles.service",
  [Role.SERVICE_ACCOUNT_READER]: "roles.service",
  [Role.GATEWAY]: "roles.service",
};
