// SOP step 5 as plain calls: each submitted enrollment becomes a verification case with
// automated checks; an operator approves (EnrollmentVerified: credential issues the
// account) or rejects with a reason (EnrollmentRejected: enrollment sends a correction
// link). Separation of duties: the verifier is neither who forwarded nor who registered.
//
// Redis: verification:{<app>}:case (proto, version, forwarded_by, registered_by,
// nik_fingerprint, request:<id>), verification:cases (by creation time), and
// verification:nik:<fingerprint> (the application whose account is active for a NIK).
#ifndef AMS_SERVICES_VERIFICATION_VERIFICATION_H_
#define AMS_SERVICES_VERIFICATION_VERIFICATION_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "ams/enrollment/v1/events.pb.h"
#include "ams/verification/v1/verification_service.pb.h"
#include "common/api_keys.h"
#include "common/clock.h"
#include "common/kv_store.h"
#include "common/outbox.h"
#include "common/random.h"
#include "common/request_ids.h"
#include "services/verification/automated_checks.h"

namespace ams::verification {

namespace pb = ams::verification::v1;

// Where the application as the agency submitted it comes from: intake's API.
class ApplicationSource {
 public:
  virtual ~ApplicationSource() = default;
  virtual absl::StatusOr<ams::intake::v1::Application> Get(const std::string& application) = 0;
};

struct VerificationOptions {
  std::vector<std::string> email_domains = {"kebumenkab.go.id"};
  bool separation_of_duties = true;  // AMS_VERIFICATION_SEPARATION_OF_DUTIES
};

class Verification {
 public:
  Verification(KvStore* kv, Outbox* outbox, ApplicationSource* applications,
               VerificationOptions options, Clock* clock, RandomSource* random);

  absl::StatusOr<pb::ListCasesResponse> List(const Principal& caller,
                                             const pb::ListCasesRequest& r);
  absl::StatusOr<pb::GetCaseResponse> Get(const Principal& caller, const pb::GetCaseRequest& r);
  absl::StatusOr<pb::ApproveEnrollmentResponse> Approve(const Principal& caller,
                                                        const pb::ApproveEnrollmentRequest& r);
  absl::StatusOr<pb::RejectEnrollmentResponse> Reject(const Principal& caller,
                                                      const pb::RejectEnrollmentRequest& r);

  // EnrollmentSubmitted: opens (or re-opens, after a correction) the case.
  absl::Status OnSubmitted(const ams::enrollment::v1::EnrollmentSubmitted& e,
                           const KvWrites& inbox_mark);

 private:
  struct Stored {
    pb::VerificationCase verification_case;
    int64_t version = 0;
    ams::type::v1::Actor forwarded_by, registered_by;
    std::string nik_fingerprint;
    std::string submitted;  // the EnrollmentSubmitted it is about, serialized
    RequestHashes request_hashes;
  };
  absl::StatusOr<std::optional<Stored>> Load(const std::string& id);
  absl::Status Save(const std::optional<Stored>& before, const Stored& after,
                    std::vector<EventEnvelope> events, KvWrites extra);
  // The decision path shared by approve and reject.
  absl::StatusOr<pb::VerificationCase> Decide(
      const Principal& caller, const std::string& name, const std::string& request_id,
      const google::protobuf::Message& request, bool approve,
      const std::function<void(Stored&, std::vector<EventEnvelope>&)>& decide);

  KvStore* kv_;
  Outbox* outbox_;
  ApplicationSource* applications_;
  const VerificationOptions options_;
  Clock* clock_;
  RandomSource* random_;
};

}  // namespace ams::verification

#endif  // AMS_SERVICES_VERIFICATION_VERIFICATION_H_
