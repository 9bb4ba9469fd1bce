#include "services/audit/sop_steps.h"

#include <algorithm>

namespace ams::audit {
namespace {

using ::ams::type::v1::SOP_STEP_CHANGE_PASSWORD;
using ::ams::type::v1::SOP_STEP_COMPLETE_DATA;
using ::ams::type::v1::SOP_STEP_FIRST_LOGIN;
using ::ams::type::v1::SOP_STEP_FORWARD_TO_BSRE;
using ::ams::type::v1::SOP_STEP_ISSUE_CREDENTIAL;
using ::ams::type::v1::SOP_STEP_REGISTER_IDENTITY;
using ::ams::type::v1::SOP_STEP_SUBMIT_REQUEST;
using ::ams::type::v1::SOP_STEP_VERIFY_DATA;

struct StepRule {
  SopStep step;
  int standard_minutes;
  std::vector<std::string> starts, ends;
};

const std::vector<StepRule>& Rules() {
  static const auto* const rules = new std::vector<StepRule>{
      {SOP_STEP_SUBMIT_REQUEST,
       1,
       {"ams.forwarding.v1.ApplicationReturned"},
       {"ams.intake.v1.ApplicationSubmitted", "ams.intake.v1.ApplicationWithdrawn"}},
      {SOP_STEP_FORWARD_TO_BSRE,
       3,
       {"ams.intake.v1.ApplicationSubmitted"},
       {"ams.forwarding.v1.ApplicationForwarded", "ams.forwarding.v1.ApplicationReturned",
        "ams.intake.v1.ApplicationWithdrawn"}},
      {SOP_STEP_REGISTER_IDENTITY,
       1,
       {"ams.forwarding.v1.ApplicationForwarded"},
       {"ams.enrollment.v1.IdentityRegistered"}},
      {SOP_STEP_COMPLETE_DATA,
       3,
       {"ams.enrollment.v1.ActivationLinkIssued"},
       {"ams.enrollment.v1.EnrollmentSubmitted"}},
      {SOP_STEP_VERIFY_DATA,
       3,
       {"ams.enrollment.v1.EnrollmentSubmitted"},
       {"ams.verification.v1.EnrollmentVerified", "ams.verification.v1.EnrollmentRejected"}},
      {SOP_STEP_ISSUE_CREDENTIAL,
       1,
       {"ams.verification.v1.EnrollmentVerified"},
       // A data update ends with the account updated, not a new credential.
       {"ams.credential.v1.CredentialIssued", "ams.credential.v1.AccountActivated"}},
      {SOP_STEP_FIRST_LOGIN,
       1,
       {"ams.credential.v1.CredentialIssued"},
       {"ams.credential.v1.LoginSucceeded"}},
      {SOP_STEP_CHANGE_PASSWORD,
       1,
       {},  // opened by the login that ends step 7
       {"ams.credential.v1.PasswordChanged", "ams.credential.v1.AccountActivated"}},
  };
  return *rules;
}

bool Has(const std::vector<std::string>& types, const std::string& type) {
  return std::find(types.begin(), types.end(), type) != types.end();
}

}  // namespace

absl::Duration StandardTime(SopStep step) {
  for (const StepRule& r : Rules()) {
    if (r.step == step) return absl::Minutes(r.standard_minutes);
  }
  return absl::ZeroDuration();
}

std::vector<ClosedStep> ApplyEvent(OpenSteps& open, const std::string& type, absl::Time time) {
  std::vector<ClosedStep> closed;
  for (const StepRule& r : Rules()) {
    auto it = open.find(r.step);
    if (it != open.end() && Has(r.ends, type)) {
      closed.push_back({r.step, it->second, time});
      open.erase(it);
    }
  }
  for (const StepRule& r : Rules()) {
    // A link issued again while the applicant still has step 4 to do keeps its first start.
    if (Has(r.starts, type)) open.emplace(r.step, time);
  }
  for (const ClosedStep& c : closed) {
    if (c.step == SOP_STEP_FIRST_LOGIN) open.emplace(SOP_STEP_CHANGE_PASSWORD, time);
  }
  return closed;
}

absl::Time BreachTime(SopStep step, absl::Time start, double factor) {
  return start + StandardTime(step) * factor;
}

}  // namespace ams::audit
