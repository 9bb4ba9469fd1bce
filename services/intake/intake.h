// The intake service's operations (SOP step 1), as plain calls: an authenticated caller
// and a request in, a response or a status with reason and field violations out. The gRPC
// adapter (intake_service.h) only authenticates and translates.
#ifndef AMS_SERVICES_INTAKE_INTAKE_H_
#define AMS_SERVICES_INTAKE_INTAKE_H_

#include <string>

#include "absl/status/statusor.h"
#include "ams/intake/v1/intake_service.pb.h"
#include "common/api_keys.h"
#include "common/clock.h"
#include "common/random.h"
#include "services/intake/application.h"
#include "services/intake/application_store.h"

namespace ams::intake {

namespace pb = ams::intake::v1;

// What a caller reads: services read only what their role names (ROLE_SERVICE_*).
enum class Reading { kApplication, kLetter, kList };
absl::Status MayRead(const Principal& caller, Reading what);

class Intake {
 public:
  // `nik_key` keys the NIK fingerprints in events (AMS_NIK_FINGERPRINT_KEY).
  Intake(ApplicationStore* store, IntakeRules rules, std::string nik_key, Clock* clock,
         RandomSource* random);

  absl::StatusOr<pb::SubmitApplicationResponse> Submit(const Principal& caller,
                                                       const pb::SubmitApplicationRequest& r);
  absl::StatusOr<pb::GetApplicationResponse> Get(const Principal& caller,
                                                 const pb::GetApplicationRequest& r);
  absl::StatusOr<pb::ListApplicationsResponse> List(const Principal& caller,
                                                    const pb::ListApplicationsRequest& r);
  absl::StatusOr<pb::WithdrawApplicationResponse> Withdraw(const Principal& caller,
                                                           const pb::WithdrawApplicationRequest& r);
  absl::StatusOr<pb::ResubmitApplicationResponse> Resubmit(const Principal& caller,
                                                           const pb::ResubmitApplicationRequest& r);
  absl::StatusOr<pb::GetRecommendationLetterResponse> GetLetter(
      const Principal& caller, const pb::GetRecommendationLetterRequest& r);

 private:
  // The application `name` as `caller` may see it for `what`: NOT_FOUND also for another
  // agency's application; PERMISSION_DENIED when the caller's role may not read `what`.
  absl::StatusOr<StoredApplication> Load(const Principal& caller, const std::string& name,
                                         Reading what);
  // Runs read-modify-write `change` until no concurrent writer got in between.
  absl::StatusOr<Application> Change(
      const Principal& caller, const std::string& name, const std::string& request_id,
      const google::protobuf::Message& request,
      const std::function<absl::Status(StoredApplication&, std::vector<EventEnvelope>&,
                                       std::string& new_letter)>& change);

  ApplicationStore* store_;
  const IntakeRules rules_;
  const std::string nik_key_;
  Clock* clock_;
  RandomSource* random_;
};

// Only an agency's own system changes its applications; operators read.
absl::Status RequireAgency(const Principal& caller);

}  // namespace ams::intake

#endif  // AMS_SERVICES_INTAKE_INTAKE_H_
