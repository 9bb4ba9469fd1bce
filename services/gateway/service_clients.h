// The pipeline's services as the gateway calls them: with the gateway's own API key (role
// GATEWAY), naming the operator it acts for in each call (x-ams-actor, x-ams-actor-role), so
// that the services record and check the person, not the gateway.
#ifndef AMS_SERVICES_GATEWAY_SERVICE_CLIENTS_H_
#define AMS_SERVICES_GATEWAY_SERVICE_CLIENTS_H_

#include <chrono>
#include <map>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "absl/time/time.h"
#include "ams/audit/v1/audit_service.grpc.pb.h"
#include "ams/credential/v1/credential_service.grpc.pb.h"
#include "ams/enrollment/v1/enrollment_service.grpc.pb.h"
#include "ams/forwarding/v1/forwarding_service.grpc.pb.h"
#include "ams/intake/v1/intake_service.grpc.pb.h"
#include "ams/mail/v1/mail_service.grpc.pb.h"
#include "ams/type/v1/sop.pb.h"
#include "ams/verification/v1/verification_service.grpc.pb.h"
#include "common/api_keys.h"
#include "common/logging.h"
#include "common/rpc_status.h"
#include "common/status_macros.h"
#include "grpcpp/grpcpp.h"

namespace ams::gateway {

struct ServiceAddresses {
  std::string intake, forwarding, enrollment, verification, audit;  // host:port
  std::string credential;                                           // host:port
};

// The services that mail, each serving ams.mail.v1.MailService.
inline constexpr const char* kMailingServices[] = {"intake", "forwarding", "enrollment",
                                                   "credential"};

// The operator a call is made for, in the one of their roles the work needs (an agency's user
// with their agency); or, for a call
// whose credential is in the request (an applicant's token or password), the browser's address.
struct ActingFor {
  std::string operator_name;  // "operators/siti"
  ams::type::v1::Role role = ams::type::v1::ROLE_UNSPECIFIED;
  std::string client = "";  // "203.0.113.7": an applicant's call
  std::string agency = "";  // "agencies/dinkes": an agency's user (role AGENCY)
};

class ServiceClients {
 public:
  ServiceClients(const ServiceAddresses& addresses, std::string api_key,
                 absl::Duration deadline = absl::Seconds(10));

  ams::intake::v1::IntakeService::Stub& intake() { return *intake_; }
  ams::forwarding::v1::ForwardingService::Stub& forwarding() { return *forwarding_; }
  ams::enrollment::v1::EnrollmentService::Stub& enrollment() { return *enrollment_; }
  ams::verification::v1::VerificationService::Stub& verification() { return *verification_; }
  ams::audit::v1::AuditService::Stub& audit() { return *audit_; }
  ams::credential::v1::CredentialService::Stub& credential() { return *credential_; }
  // The mail of `service` (one of kMailingServices), or null for another name.
  ams::mail::v1::MailService::Stub* mail(absl::string_view service);

  // `(stub.*method)(request)` for `who`, e.g.
  //   Call(clients.forwarding(), &ForwardingService::Stub::ForwardApplication, who, request).
  // The service's answer with its reason and details; UNAVAILABLE (DEPENDENCY_UNAVAILABLE)
  // when it cannot be reached in time.
  template <typename Stub, typename Request, typename Response>
  absl::StatusOr<Response> Call(Stub& stub,
                                grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&,
                                                             Response*),
                                const ActingFor& who, const Request& request) const {
    grpc::ClientContext ctx;
    Prepare(ctx, who, deadline_);
    Response response;
    RETURN_IF_ERROR(Answer((stub.*method)(&ctx, request, &response), !who.client.empty()));
    return response;
  }

  // A call's context as Call makes it: the gateway's key, `who`, a deadline.
  void Prepare(grpc::ClientContext& ctx, const ActingFor& who, absl::Duration deadline) const;
  // A service's answer as the browser should see it: OK, the service's own refusal, or
  // UNAVAILABLE (DEPENDENCY_UNAVAILABLE) when it cannot be reached in time. UNAUTHENTICATED is
  // the applicant's own (a link, a password) on an applicant's call, else a fault of the
  // gateway's key.
  static absl::Status Answer(const grpc::Status& s, bool applicants_call = false);

 private:
  const std::string api_key_;
  const absl::Duration deadline_;
  std::unique_ptr<ams::intake::v1::IntakeService::Stub> intake_;
  std::unique_ptr<ams::forwarding::v1::ForwardingService::Stub> forwarding_;
  std::unique_ptr<ams::enrollment::v1::EnrollmentService::Stub> enrollment_;
  std::unique_ptr<ams::verification::v1::VerificationService::Stub> verification_;
  std::unique_ptr<ams::audit::v1::AuditService::Stub> audit_;
  std::unique_ptr<ams::credential::v1::CredentialService::Stub> credential_;
  std::map<std::string, std::unique_ptr<ams::mail::v1::MailService::Stub>, std::less<>> mail_;
};

}  // namespace ams::gateway

#endif  // AMS_SERVICES_GATEWAY_SERVICE_CLIENTS_H_
