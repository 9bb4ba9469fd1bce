// The admin's client of the gateway (AdminService: operators and agencies' API keys) on the
// shared transport, in the admin pages' own files: no one else downloads it.
import { createClient } from "@connectrpc/connect";
import { transport } from "../api/transport";
import { AdminService } from "../gen/ams/gateway/v1/admin_service_pb";

export const adminClient = createClient(AdminService, transport);
