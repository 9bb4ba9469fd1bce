#include "common/grpc_server.h"

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "absl/synchronization/notification.h"
#include "common/metrics.h"
#include "gmock/gmock.h"
#include "grpcpp/generic/generic_stub.h"
#include "gtest/gtest.h"
#include "prometheus/counter.h"

namespace ams {
namespace {

// grpc.health.v1.Health/Check with an empty request (service ""), through the generic stub:
// Debian ships no health.proto for clients. SERVING is field 1 = 1: bytes 08 01.
grpc::Status CheckHealth(int port, std::string* response) {
  auto channel =
      grpc::CreateChannel("127.0.0.1:" + std::to_string(port), grpc::InsecureChannelCredentials());
  grpc::GenericStub stub(channel);
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
  grpc::Slice empty("", 0);
  grpc::ByteBuffer request(&empty, 1), reply;
  grpc::Status status;
  absl::Notification done;
  stub.UnaryCall(&ctx, "/grpc.health.v1.Health/Check", grpc::StubOptions(), &request, &reply,
                 [&](grpc::Status s) {
                   status = s;
                   done.Notify();
                 });
  done.WaitForNotification();
  std::vector<grpc::Slice> slices;
  if (status.ok() && reply.Dump(&slices).ok()) {
    for (auto& s : slices) response->append(reinterpret_cast<const char*>(s.begin()), s.size());
  }
  return status;
}

TEST(GrpcServer, ServesHealthOnAFreePortAndShutsDown) {
  absl::StatusOr<std::unique_ptr<GrpcServer>> server = GrpcServer::Start("127.0.0.1:0", {});
  ASSERT_TRUE(server.ok()) << server.status();
  ASSERT_GT((*server)->port(), 0);
  std::string response;
  ASSERT_TRUE(CheckHealth((*server)->port(), &response).ok());
  EXPECT_EQ(response, std::string("\x08\x01", 2));
  int port = (*server)->port();
  (*server)->Shutdown(absl::Seconds(1));
  EXPECT_FALSE(CheckHealth(port, &response).ok());
}

TEST(GrpcServer, RefusesAnAddressItCannotUse) {
  EXPECT_FALSE(GrpcServer::Start("256.1.1.1:0", {}).ok());
}

std::string HttpGet(int port, const std::string& path) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) return "";
  std::string req = "GET " + path + " HTTP/1.0\r\nHost: localhost\r\n\r\n";
  (void)!write(fd, req.data(), req.size());
  std::string out;
  char buf[4096];
  for (ssize_t n; (n = read(fd, buf, sizeof buf)) > 0;) out.append(buf, n);
  close(fd);
  return out;
}

TEST(MetricsEndpoint, ServesTheTextFormat) {
  absl::StatusOr<std::unique_ptr<MetricsEndpoint>> metrics = MetricsEndpoint::Start("127.0.0.1:0");
  ASSERT_TRUE(metrics.ok()) << metrics.status();
  ASSERT_GT((*metrics)->port(), 0);
  prometheus::BuildCounter()
      .Name("ams_test_total")
      .Help("a test counter")
      .Register((*metrics)->registry())
      .Add({{"outcome", "handled"}})
      .Increment(3);
  std::string body = HttpGet((*metrics)->port(), "/metrics");
  EXPECT_THAT(body, ::testing::HasSubstr("ams_test_total{outcome=\"handled\"} 3"));
}

}  // namespace
}  // namespace ams
