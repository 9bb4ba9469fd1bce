// The operators' clients of the gateway's API (SessionService, WorkService) on the shared
// transport (transport.ts). Screens never call fetch themselves.
import { createClient } from "@connectrpc/connect";
import { SessionService } from "../gen/ams/gateway/v1/session_service_pb";
import { WorkService } from "../gen/ams/gateway/v1/work_service_pb";
import { transport } from "./transport";

export const sessionClient = createClient(SessionService, transport);
export const workClient = createClient(WorkService, transport);

// problem.ts, so that the applicants' pages can read a failure without the operators' services.
export { problemOf } from "./problem";
export type { Problem } from "./problem";
