// The operators' work (proto/ams/gateway/v1/work_service.proto): each queue read from its
// service in the signed-in operator's name, shaped into the screens' views (NIK masked, the
// employee number in full, who holds an item), and each decision passed on in the operator's
// name, in the one of their roles the step needs. The services decide what is allowed; this
// adds the claims ("Ambil") and says beforehand what separation of duties will refuse.
#ifndef AMS_SERVICES_GATEWAY_WORK_DESK_H_
#define AMS_SERVICES_GATEWAY_WORK_DESK_H_

#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "ams/gateway/v1/session_service.pb.h"
#include "ams/gateway/v1/work_service.pb.h"
#include "services/gateway/claims.h"
#include "services/gateway/operators.h"
#include "services/gateway/queue_views.h"
#include "services/gateway/service_clients.h"

namespace ams::gateway {

// Where the gateway serves documents: the recommendation letters at
// /documents/letters/{application id}, the activation data's at
// /documents/cases/{case id}/{ktp|sk|spesimen}.
inline constexpr char kLettersPath[] = "/documents/letters/";
inline constexpr char kCaseDocumentsPath[] = "/documents/cases/";

// Whether `op` holds `role`.
bool Holds(const ams::gateway::v1::Operator& op, ams::type::v1::Role role);
// The operator in the first of `roles` they hold (for reads several roles may make).
ActingFor AsAnyOf(const ams::gateway::v1::Operator& op,
                  std::initializer_list<ams::type::v1::Role> roles);
// The roles that read what any operator may see, in the order AsAnyOf tries them.
inline constexpr std::initializer_list<ams::type::v1::Role> kReaders = {
    ams::type::v1::ROLE_AUDITOR, ams::type::v1::ROLE_ADMIN, ams::type::v1::ROLE_VERIFIER,
    ams::type::v1::ROLE_BSRE_OP, ams::type::v1::ROLE_DISKOMINFO_OP};

// A document as the gateway streams it.
struct Document {
  std::string bytes;
  std::string media_type;  // application/pdf, image/jpeg, image/png, text/csv, …
  std::string file_name;   // for saving, e.g. "ktp-<case id>.jpg"
  bool download = false;   // saved rather than shown (Content-Disposition: attachment)
};

// Where the whole ledger downloads: /documents/ledger/csv or /documents/ledger/jsonl.
inline constexpr char kLedgerPath[] = "/documents/ledger/";

class WorkDesk {
 public:
  using Operator = ams::gateway::v1::Operator;

  WorkDesk(ServiceClients* services, Claims* claims, Operators* operators)
      : services_(services), claims_(claims), operators_(operators) {}

  absl::StatusOr<v1::GetQueueCountsResponse> Counts(const Operator& op);

  absl::StatusOr<v1::ListQueueResponse> ListReviewItems(const Operator& op,
                                                        const v1::ListQueueRequest& r);
  absl::StatusOr<v1::ReviewDetail> GetReviewItem(const Operator& op, const std::string& name);
  absl::StatusOr<v1::ReviewDetail> Forward(const Operator& op,
                                           const v1::ForwardApplicationRequest& r);
  absl::StatusOr<v1::ReviewDetail> Return(const Operator& op,
                                          const v1::ReturnApplicationRequest& r);
  // The recommendation letter of "applications/{id}".
  absl::StatusOr<Document> Letter(const Operator& op, const std::string& application);
  // A document of the activation data of "cases/{id}": `kind` "ktp", "sk" or "spesimen".
  absl::StatusOr<Document> CaseDocument(const Operator& op, const std::string& case_name,
                                        const std::string& kind);

  absl::StatusOr<v1::ListQueueResponse> ListRegistrations(const Operator& op,
                                                          const v1::ListQueueRequest& r);
  absl::StatusOr<v1::QueueItem> Register(const Operator& op, const v1::RegisterIdentityRequest& r);
  absl::StatusOr<v1::QueueItem> Resend(const Operator& op,
                                       const v1::ResendActivationLinkRequest& r);

  absl::StatusOr<v1::ListQueueResponse> ListCases(const Operator& op,
                                                  const v1::ListQueueRequest& r);
  absl::StatusOr<v1::CaseDetail> GetCase(const Operator& op, const std::string& name);
  absl::StatusOr<v1::CaseDetail> Approve(const Operator& op, const v1::ApproveCaseRequest& r);
  absl::StatusOr<v1::CaseDetail> Reject(const Operator& op, const v1::RejectCaseRequest& r);

  absl::StatusOr<v1::Claim> Claim(const Operator& op, const std::string& item);
  absl::Status Release(const Operator& op, const std::string& item);

  // Auditors: the ledger searched, verified and exported, and the SLA report
  // (ledger_desk.cc). `format` of the export: "csv" or "jsonl".
  absl::StatusOr<v1::SearchLedgerResponse> SearchLedger(const Operator& op,
                                                        const v1::SearchLedgerRequest& r);
  absl::StatusOr<ams::audit::v1::VerifyLedgerResponse> VerifyLedger(
      const Operator& op, const v1::VerifyLedgerRequest& r);
  absl::StatusOr<ams::audit::v1::GetSlaReportResponse> SlaReport(const Operator& op,
                                                                 const v1::GetSlaReportRequest& r);
  absl::StatusOr<Document> LedgerExport(const Operator& op, const std::string& format);
  // Every operator: where applications stand now.
  absl::StatusOr<ams::audit::v1::GetOverviewResponse> Overview(
      const Operator& op, const ams::audit::v1::GetOverviewRequest& r);
  // Admin: the mail every service could not deliver, and a resend (parked_mail.cc).
  absl::StatusOr<v1::ListParkedMailsResponse> ListParkedMails(const Operator& op,
                                                              const v1::ListParkedMailsRequest& r);
  absl::StatusOr<v1::ParkedMail> ResendParkedMail(const Operator& op,
                                                  const v1::ResendParkedMailRequest& r);
  absl::StatusOr<v1::Timeline> Timeline(const Operator& op, const std::string& application);

 private:
  // Items of a queue as its service lists them, before search and paging; `truncated` when
  // it had more than the gateway reads.
  struct Queue {
    std::vector<v1::QueueItem> items;
    bool truncated = false;
  };
  // Without `facts`, the items lack what intake adds (full NIP, kind): enough to count them.
  using ReadQueueFn = absl::StatusOr<Queue> (WorkDesk::*)(const Operator& op,
                                                          v1::ListQueueRequest::View view,
                                                          bool facts);
  absl::StatusOr<Queue> ReviewItems(const Operator& op, v1::ListQueueRequest::View view,
                                    bool facts);
  absl::StatusOr<Queue> Registrations(const Operator& op, v1::ListQueueRequest::View view,
                                      bool facts);
  absl::StatusOr<Queue> Cases(const Operator& op, v1::ListQueueRequest::View view, bool facts);
  // Reads the queue `read`, then searches, orders and pages it, with who holds each item of
  // the page.
  absl::StatusOr<v1::ListQueueResponse> List(const Operator& op, const v1::ListQueueRequest& r,
                                             ReadQueueFn read);
  // What intake knows of the applications it holds in any of `states`.
  absl::StatusOr<FactsByApplication> Facts(const Operator& op,
                                           const std::vector<std::string>& states);
  // `item` with its applicant's employee number in full and its kind, as intake has them.
  v1::QueueItem WithApplicationFacts(const Operator& op, v1::QueueItem item);
  absl::Status AddClaims(const Operator& op, std::vector<v1::QueueItem*> items);
  absl::StatusOr<v1::ReviewDetail> ReviewDetailOf(const Operator& op,
                                                  const ams::forwarding::v1::ReviewItem& item);
  absl::StatusOr<v1::CaseDetail> CaseDetailOf(const Operator& op,
                                              const ams::verification::v1::VerificationCase& c);
  v1::Person PersonOf(const ams::type::v1::Actor& actor);
  // "cases/{id}" as the verifier reads it.
  absl::StatusOr<ams::verification::v1::VerificationCase> VerifierCase(const Operator& op,
                                                                       const std::string& name);
  template <typename Stub, typename Request, typename Response>
  absl::StatusOr<Response> Decide(const Operator& op, const std::string& item,
                                  ams::type::v1::Role role, Stub& stub,
                                  grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&,
                                                               Response*),
                                  const Request& request, bool release = true);

  ServiceClients* services_;
  Claims* claims_;
  Operators* operators_;
};

}  // namespace ams::gateway

#endif  // AMS_SERVICES_GATEWAY_WORK_DESK_H_
