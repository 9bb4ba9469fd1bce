// The queues' views as the screens show them, made from the services' own records: a row of
// any queue (QueueItem), the applicant (NIK masked, the employee number in full where intake
// knows it), the item's state in the screens' terms. Pure: no calls, no state.
#ifndef AMS_SERVICES_GATEWAY_QUEUE_VIEWS_H_
#define AMS_SERVICES_GATEWAY_QUEUE_VIEWS_H_

#include <map>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "ams/enrollment/v1/enrollment_service.pb.h"
#include "ams/forwarding/v1/forwarding_service.pb.h"
#include "ams/gateway/v1/work_service.pb.h"
#include "ams/type/v1/applicant.pb.h"
#include "ams/verification/v1/verification_service.pb.h"

namespace ams::gateway {

// What intake knows of an application that the other services' records leave out: the
// employee number in full, the kind.
struct ApplicationFacts {
  std::string employee_number;
  ams::type::v1::ApplicationKind kind = ams::type::v1::APPLICATION_KIND_UNSPECIFIED;
};
using FactsByApplication = std::map<std::string, ApplicationFacts>;

// "reviewItems/{id}", "cases/{id}" … -> "applications/{id}".
std::string ApplicationOf(absl::string_view name);
// INVALID_ARGUMENT (field "name") unless `name` is "{collection}/{id}" with a plain id.
absl::Status RequireItemName(const std::string& name, absl::string_view collection);
// The same for any item a claim may name: reviewItems/, registrations/, identities/, cases/.
absl::Status RequireClaimable(const std::string& name);
// A return's or rejection's reason needs a code and words for the applicant.
absl::Status RequireReason(const ams::type::v1::Reason& reason);

// The applicant of a service's record, with the full employee number `facts` has for
// `application` (else masked, as the record has it).
v1::Applicant ApplicantOf(const ams::type::v1::ApplicantSummary& s, const FactsByApplication& facts,
                          const std::string& application);
// The applicant as intake holds them, the NIK masked here.
v1::Applicant ApplicantOf(const ams::type::v1::ApplicantIdentity& i);

v1::QueueItem ItemOf(const ams::forwarding::v1::ReviewItem& r, const FactsByApplication& facts);
// Named "registrations/{application id}": not yet an identity.
v1::QueueItem ItemOf(const ams::enrollment::v1::PendingRegistration& r,
                     const FactsByApplication& facts);
v1::QueueItem ItemOf(const ams::enrollment::v1::Identity& r, const FactsByApplication& facts);
v1::QueueItem ItemOf(const ams::verification::v1::VerificationCase& c,
                     const FactsByApplication& facts);

}  // namespace ams::gateway

#endif  // AMS_SERVICES_GATEWAY_QUEUE_VIEWS_H_
