#include "services/gateway/service_clients.h"

#include <memory>

#include "common/rpc_status.h"
#include "gtest/gtest.h"

namespace ams::gateway {
namespace {

namespace fwd = ams::forwarding::v1;

std::string Metadata(const grpc::ServerContext& ctx, const char* key) {
  auto it = ctx.client_metadata().find(key);
  return it == ctx.client_metadata().end() ? "" : std::string(it->second.data(), it->second.size());
}

// A forwarding service that reports what the gateway sent and answers as told.
class FakeForwarding final : public fwd::ForwardingService::Service {
 public:
  grpc::Status GetReviewItem(grpc::ServerContext* ctx, const fwd::GetReviewItemRequest* r,
                             fwd::GetReviewItemResponse* response) override {
    response->mutable_review_item()->set_name(absl::StrCat(Metadata(*ctx, "authorization"), "|",
                                                           Metadata(*ctx, kActorHeader), "|",
                                                           Metadata(*ctx, kActorRoleHeader)));
    return grpc::Status::OK;
  }
  grpc::Status ForwardApplication(grpc::ServerContext*, const fwd::ForwardApplicationRequest*,
                                  fwd::ForwardApplicationResponse*) override {
    return ToGrpcStatus(WithReason(absl::PermissionDeniedError("separation of duties"),
                                   ams::type::v1::ERROR_REASON_SEPARATION_OF_DUTIES));
  }
  grpc::Status ListReviewQueue(grpc::ServerContext*, const fwd::ListReviewQueueRequest*,
                               fwd::ListReviewQueueResponse*) override {
    return grpc::Status(grpc::StatusCode::UNAUTHENTICATED, "the API key is not valid");
  }
};

class ServiceClientsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    grpc::ServerBuilder builder;
    int port = 0;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port);
    builder.RegisterService(&forwarding_);
    server_ = builder.BuildAndStart();
    const std::string address = absl::StrCat("127.0.0.1:", port);
    clients_ = std::make_unique<ServiceClients>(
        ServiceAddresses{address, address, address, address, address, address}, "gateway-key");
  }
  void TearDown() override { server_->Shutdown(); }

  const ActingFor siti_{"operators/siti", ams::type::v1::ROLE_DISKOMINFO_OP};
  FakeForwarding forwarding_;
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<ServiceClients> clients_;
};

TEST_F(ServiceClientsTest, EveryCallCarriesTheKeyAndNamesTheOperator) {
  absl::StatusOr<fwd::GetReviewItemResponse> got =
      clients_->Call(clients_->forwarding(), &fwd::ForwardingService::Stub::GetReviewItem, siti_,
                     fwd::GetReviewItemRequest());
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(got->review_item().name(), "Bearer gateway-key|operators/siti|DISKOMINFO_OP");
}

TEST_F(ServiceClientsTest, TheServicesReasonsReachTheScreen) {
  absl::Status refused =
      clients_
          ->Call(clients_->forwarding(), &fwd::ForwardingService::Stub::ForwardApplication, siti_,
                 fwd::ForwardApplicationRequest())
          .status();
  EXPECT_EQ(refused.code(), absl::StatusCode::kPermissionDenied);
  google::rpc::ErrorInfo info;
  ASSERT_TRUE(GetErrorInfo(refused, &info));
  EXPECT_EQ(info.reason(), "SEPARATION_OF_DUTIES");
}

// A refused gateway key is the deployment's fault: never "your session ended" to the browser.
TEST_F(ServiceClientsTest, ARefusedGatewayKeyIsNotTheOperatorsSession) {
  absl::Status s =
      clients_
          ->Call(clients_->forwarding(), &fwd::ForwardingService::Stub::ListReviewQueue, siti_,
                 fwd::ListReviewQueueRequest())
          .status();
  EXPECT_EQ(s.code(), absl::StatusCode::kInternal);
}

TEST(ServiceClients, AServiceOutOfReachIsUnavailable) {
  ServiceClients clients(
      {"127.0.0.1:1", "127.0.0.1:1", "127.0.0.1:1", "127.0.0.1:1", "127.0.0.1:1", "127.0.0.1:1"},
      "k", absl::Seconds(2));
  absl::Status s =
      clients
          .Call(clients.forwarding(), &fwd::ForwardingService::Stub::GetReviewItem,
                {"operators/siti", ams::type::v1::ROLE_DISKOMINFO_OP}, fwd::GetReviewItemRequest())
          .status();
  EXPECT_EQ(s.code(), absl::StatusCode::kUnavailable);
  google::rpc::ErrorInfo info;
  ASSERT_TRUE(GetErrorInfo(s, &info));
  EXPECT_EQ(info.reason(), "DEPENDENCY_UNAVAILABLE");
}

}  // namespace
}  // namespace ams::gateway
