// WorkDesk's auditor part: the audit service's ledger searched, verified and exported, its
// SLA report, and the overview every operator sees, asked in the auditor's (or admin's) name. The
// search's fields become the audit service's filter here, each checked first, so no value can
// change the filter's shape.
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
#include "common/cloud_event.h"
#include "common/rpc_status.h"
#include "common/status_macros.h"
#include "google/protobuf/util/time_util.h"
#include "re2/re2.h"
#include "services/gateway/work_desk.h"

namespace ams::gateway {
namespace {

namespace pb = ams::gateway::v1;
namespace audit = ams::audit::v1;
using ams::type::v1::Role;
using google::protobuf::util::TimeUtil;

ActingFor AsAuditor(const pb::Operator& op) {
  return AsAnyOf(op, {Role::ROLE_AUDITOR, Role::ROLE_ADMIN});
}

std::string Rfc3339(const google::protobuf::Timestamp& t) { return TimeUtil::ToString(t); }

}  // namespace

absl::StatusOr<pb::SearchLedgerResponse> WorkDesk::SearchLedger(const Operator& op,
                                                                const pb::SearchLedgerRequest& r) {
  static const RE2* const kApplication =
      new RE2("applications/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  static const RE2* const kEventType = new RE2(R"(ams\.[a-z]+\.v1\.[A-Za-z]{1,64})");
  std::vector<FieldViolation> v;
  std::vector<std::string> terms;
  if (!r.application().empty()) {
    if (RE2::FullMatch(r.application(), *kApplication)) {
      terms.push_back(absl::StrCat("application=\"", r.application(), "\""));
    } else {
      v.push_back({"application", "must be applications/{id}"});
    }
  }
  if (!r.event_type().empty()) {
    if (RE2::FullMatch(r.event_type(), *kEventType)) {
      terms.push_back(absl::StrCat("event_type=\"", r.event_type(), "\""));
    } else {
      v.push_back(
          {"event_type", "must be an event type such as ams.intake.v1.ApplicationSubmitted"});
    }
  }
  if (r.has_start_time())
    terms.push_back(absl::StrCat("event_time>=\"", Rfc3339(r.start_time()), "\""));
  if (r.has_end_time()) terms.push_back(absl::StrCat("event_time<\"", Rfc3339(r.end_time()), "\""));
  if (r.has_start_time() && r.has_end_time() &&
      FromTimestamp(r.end_time()) <= FromTimestamp(r.start_time())) {
    v.push_back({"end_time", "must be after start_time"});
  }
  if (r.page_size() < 0 || r.page_size() > 100) v.push_back({"page_size", "must be 0 to 100"});
  if (!v.empty()) return InvalidFields(v);
  audit::ListEventsRequest request;
  request.set_page_size(r.page_size() == 0 ? 50 : r.page_size());
  request.set_page_token(r.page_token());
  request.set_filter(absl::StrJoin(terms, " AND "));
  ASSIGN_OR_RETURN(audit::ListEventsResponse events,
                   services_->Call(services_->audit(), &audit::AuditService::Stub::ListEvents,
                                   AsAuditor(op), request));
  pb::SearchLedgerResponse response;
  *response.mutable_ledger_entries() = std::move(*events.mutable_ledger_entries());
  response.set_next_page_token(events.next_page_token());
  return response;
}

absl::StatusOr<audit::VerifyLedgerResponse> WorkDesk::VerifyLedger(const Operator& op,
                                                                   const pb::VerifyLedgerRequest&) {
  return services_->Call(services_->audit(), &audit::AuditService::Stub::VerifyLedger,
                         AsAuditor(op), audit::VerifyLedgerRequest());
}

absl::StatusOr<audit::GetSlaReportResponse> WorkDesk::SlaReport(const Operator& op,
                                                                const pb::GetSlaReportRequest& r) {
  audit::GetSlaReportRequest request;
  const absl::Time now = absl::Now();
  *request.mutable_start_time() =
      r.has_start_time() ? r.start_time() : ToTimestamp(now - absl::Hours(24 * 30));
  *request.mutable_end_time() = r.has_end_time() ? r.end_time() : ToTimestamp(now);
  std::vector<FieldViolation> v;
  if (FromTimestamp(request.end_time()) <= FromTimestamp(request.start_time())) {
    v.push_back(
        {r.has_end_time() ? "end_time" : "start_time", "the period must end after it starts"});
  }
  if (!r.agency().empty() && !IsAgencyName(r.agency())) {
    v.push_back({"agency", "must be agencies/{id}"});
  }
  if (!v.empty()) return InvalidFields(v);
  request.set_agency(r.agency());
  return services_->Call(services_->audit(), &audit::AuditService::Stub::GetSlaReport,
                         AsAuditor(op), request);
}

absl::StatusOr<audit::GetOverviewResponse> WorkDesk::Overview(const Operator& op,
                                                              const audit::GetOverviewRequest& r) {
  return services_->Call(services_->audit(), &audit::AuditService::Stub::GetOverview,
                         AsAnyOf(op, kReaders), r);
}

absl::StatusOr<Document> WorkDesk::LedgerExport(const Operator& op, const std::string& format) {
  audit::ExportLedgerRequest request;
  Document d;
  d.download = true;
  if (format == "csv") {
    request.set_format(audit::EXPORT_FORMAT_CSV);
    d.media_type = "text/csv; charset=utf-8";
    d.file_name = "ams-ledger.csv";
  } else if (format == "jsonl") {
    request.set_format(audit::EXPORT_FORMAT_JSON_LINES);
    d.media_type = "application/x-ndjson";
    d.file_name = "ams-ledger.jsonl";
  } else {
    return absl::NotFoundError("no such export; use /documents/ledger/csv or /jsonl");
  }
  grpc::ClientContext ctx;
  services_->Prepare(ctx, AsAuditor(op), absl::Minutes(2));
  std::unique_ptr<grpc::ClientReader<audit::ExportLedgerResponse>> reader =
      services_->audit().ExportLedger(&ctx, request);
  audit::ExportLedgerResponse chunk;
  while (reader->Read(&chunk)) d.bytes += chunk.data();
  RETURN_IF_ERROR(ServiceClients::Answer(reader->Finish()));
  return d;
}

}  // namespace ams::gateway
