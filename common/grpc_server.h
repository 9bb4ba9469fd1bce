// gRPC server bootstrap shared by every service: callback-API services, health checking,
// server reflection (so grpcurl works without the protos), port 0 support, and a graceful
// shutdown that stops taking calls and lets running ones finish within a deadline.
#ifndef AMS_COMMON_GRPC_SERVER_H_
#define AMS_COMMON_GRPC_SERVER_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "grpcpp/grpcpp.h"

namespace ams {

class GrpcServer {
 public:
  // Listens on `address` (host:port; port 0 picks a free one) without TLS: inside the
  // cluster a mesh or the gateway terminates TLS.
  static absl::StatusOr<std::unique_ptr<GrpcServer>> Start(
      const std::string& address, const std::vector<grpc::Service*>& services);
  ~GrpcServer();

  int port() const { return port_; }
  // Health turns NOT_SERVING, then new calls are refused and running ones get `grace`.
  void Shutdown(absl::Duration grace);

 private:
  GrpcServer() = default;
  std::unique_ptr<grpc::Server> server_;
  int port_ = 0;
  bool shut_down_ = false;
};

// Blocks SIGINT and SIGTERM in this thread and every thread it starts later. Call first
// thing in main().
void BlockTerminationSignals();
// Waits for SIGINT or SIGTERM (blocked by BlockTerminationSignals) and returns it.
int WaitForTerminationSignal();

}  // namespace ams

#endif  // AMS_COMMON_GRPC_SERVER_H_
