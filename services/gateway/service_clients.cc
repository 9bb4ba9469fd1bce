#include "services/gateway/service_clients.h"

namespace ams::gateway {
namespace {

std::shared_ptr<grpc::Channel> ChannelTo(const std::string& address) {
  return grpc::CreateChannel(address, grpc::InsecureChannelCredentials());
}

}  // namespace

ServiceClients::ServiceClients(const ServiceAddresses& addresses, std::string api_key,
                               absl::Duration deadline)
    : api_key_(std::move(api_key)),
      deadline_(deadline),
      intake_(ams::intake::v1::IntakeService::NewStub(ChannelTo(addresses.intake))),
      forwarding_(ams::forwarding::v1::ForwardingService::NewStub(ChannelTo(addresses.forwarding))),
      enrollment_(ams::enrollment::v1::EnrollmentService::NewStub(ChannelTo(addresses.enrollment))),
      verification_(
          ams::verification::v1::VerificationService::NewStub(ChannelTo(addresses.verification))),
      audit_(ams::audit::v1::AuditService::NewStub(ChannelTo(addresses.audit))),
      credential_(
          ams::credential::v1::CredentialService::NewStub(ChannelTo(addresses.credential))) {
  for (const auto& [service, address] :
       {std::pair<const char*, const std::string&>{"intake", addresses.intake},
        {"forwarding", addresses.forwarding},
        {"enrollment", addresses.enrollment},
        {"credential", addresses.credential}}) {
    if (!address.empty()) mail_[service] = ams::mail::v1::MailService::NewStub(ChannelTo(address));
  }
}

void ServiceClients::Prepare(grpc::ClientContext& ctx, const ActingFor& who,
                             absl::Duration deadline) const {
  ctx.set_deadline(absl::ToChronoTime(absl::Now() + deadline));
  ctx.AddMetadata("authorization", absl::StrCat("Bearer ", api_key_));
  if (!who.client.empty()) {
    ctx.AddMetadata(kClientHeader, who.client);
    return;
  }
  if (who.operator_name.empty()) return;  // the gateway as itself
  ctx.AddMetadata(kActorHeader, who.operator_name);
  ctx.AddMetadata(kActorRoleHeader,
                  std::string(absl::StripPrefix(ams::type::v1::Role_Name(who.role), "ROLE_")));
  if (!who.agency.empty()) ctx.AddMetadata(kActorAgencyHeader, who.agency);
}

absl::Status ServiceClients::Answer(const grpc::Status& s, bool applicants_call) {
  if (s.error_code() == grpc::StatusCode::UNAVAILABLE ||
      s.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED) {
    return WithReason(absl::UnavailableError("a service of the pipeline cannot be reached"),
                      ams::type::v1::ERROR_REASON_DEPENDENCY_UNAVAILABLE);
  }
  if (s.error_code() == grpc::StatusCode::UNAUTHENTICATED && !applicants_call) {
    // The gateway's own key was refused: a fault of the deployment, not of the operator's
    // session (which UNAUTHENTICATED would tell the browser).
    LogError("a service refused the gateway's API key", {{"detail", s.error_message()}});
    return absl::InternalError("the gateway's key to the services is not accepted");
  }
  return FromGrpcStatus(s);
}

ams::mail::v1::MailService::Stub* ServiceClients::mail(absl::string_view service) {
  auto it = mail_.find(service);
  return it == mail_.end() ? nullptr : it->second.get();
}

}  // namespace ams::gateway
