// The gRPC face of the audit service. ExportLedger streams: a pool thread reads the ledger
// chunk by chunk into a short queue that the reactor writes out, so a large ledger is never
// held in memory whole and a slow reader slows the reading down.
#ifndef AMS_SERVICES_AUDIT_AUDIT_SERVICE_H_
#define AMS_SERVICES_AUDIT_AUDIT_SERVICE_H_

#include <deque>
#include <optional>
#include <string>

#include "absl/synchronization/mutex.h"
#include "ams/audit/v1/audit_service.grpc.pb.h"
#include "common/unary_call.h"
#include "services/audit/audit.h"

namespace ams::audit {

class AuditServiceImpl final : public pb::AuditService::CallbackService {
 public:
  // Exports read the ledger on `export_pool`, so slow readers cannot starve unary calls.
  AuditServiceImpl(Audit* audit, RpcEnvironment env, WorkPool* export_pool)
      : audit_(audit), env_(env), export_pool_(export_pool) {}

  AMS_SERVE_UNARY(ListEvents, audit_, ListEvents, ServeUnary)
  AMS_SERVE_UNARY(GetTimeline, audit_, GetTimeline, ServeUnary)
  AMS_SERVE_UNARY(VerifyLedger, audit_, VerifyLedger, ServeUnary)
  AMS_SERVE_UNARY(GetOverview, audit_, GetOverview, ServeUnary)
  AMS_SERVE_UNARY(GetApplicationStatus, audit_, GetApplicationStatus, ServeUnary)
  AMS_SERVE_UNARY(GetSlaReport, audit_, GetSlaReport, ServeUnary)

  grpc::ServerWriteReactor<pb::ExportLedgerResponse>* ExportLedger(
      grpc::CallbackServerContext* ctx, const pb::ExportLedgerRequest* request) override;

 private:
  Audit* audit_;
  const RpcEnvironment env_;
  WorkPool* export_pool_;
};

}  // namespace ams::audit

#endif  // AMS_SERVICES_AUDIT_AUDIT_SERVICE_H_
