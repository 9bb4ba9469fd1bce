// SOP step 5's automated checks, which the verifier sees beside the data: the identity rules
// (shared with intake in common/identity_rules), agreement between what the agency submitted
// and what the applicant completed, no second active account for the NIK, documents that are
// what they claim to be.
#ifndef AMS_SERVICES_VERIFICATION_AUTOMATED_CHECKS_H_
#define AMS_SERVICES_VERIFICATION_AUTOMATED_CHECKS_H_

#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "ams/enrollment/v1/events.pb.h"
#include "ams/intake/v1/intake_service.pb.h"
#include "ams/verification/v1/verification_service.pb.h"

namespace ams::verification {

using ams::verification::v1::AutomatedCheck;
using ams::verification::v1::FieldDifference;

struct CheckInput {
  const ams::intake::v1::Application* application;            // from intake, with the full NIK
  const ams::enrollment::v1::EnrollmentSubmitted* submitted;  // the applicant's data
  // Another application already holds an active account for this NIK ("" if none).
  std::string active_account_application;
  std::vector<std::string> email_domains;
  absl::CivilDay today;
};

struct CheckResult {
  std::vector<AutomatedCheck> checks;
  std::vector<FieldDifference> differences;
  bool any_failed = false;
};

CheckResult RunChecks(const CheckInput& input);

}  // namespace ams::verification

#endif  // AMS_SERVICES_VERIFICATION_AUTOMATED_CHECKS_H_
