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
      audit_(ams::audit::v1::AuditService::NewStub(ChannelTo(addresses.audit))) {}

}  // namespace ams::gateway
