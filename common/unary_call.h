// The one way a service answers a unary gRPC call: authenticate the caller from
// "authorization: Bearer <key>", run the operation on the work pool (reactors must not
// block), and finish with the operation's status mapped by ToGrpcStatus.
#ifndef AMS_COMMON_UNARY_CALL_H_
#define AMS_COMMON_UNARY_CALL_H_

#include <string>
#include <utility>

#include "absl/status/statusor.h"
#include "common/api_keys.h"
#include "common/logging.h"
#include "common/rpc_status.h"
#include "common/work_pool.h"
#include "grpcpp/grpcpp.h"

namespace ams {

// The authorization metadata value of a call ("" when absent).
inline std::string AuthorizationOf(const grpc::CallbackServerContext& ctx) {
  auto it = ctx.client_metadata().find("authorization");
  return it == ctx.client_metadata().end() ? "" : std::string(it->second.data(), it->second.size());
}

// `operation(const Principal&, const Request&) -> absl::StatusOr<Response>`.
template <typename Request, typename Response, typename Operation>
grpc::ServerUnaryReactor* ServeUnary(grpc::CallbackServerContext* ctx, const ApiKeys& keys,
                                     WorkPool& pool, const Request* request, Response* response,
                                     Operation operation) {
  grpc::ServerUnaryReactor* reactor = ctx->DefaultReactor();
  absl::StatusOr<Principal> caller = keys.Authenticate(AuthorizationOf(*ctx));
  if (!caller.ok()) {
    reactor->Finish(ToGrpcStatus(caller.status()));
    return reactor;
  }
  pool.Submit([ctx, reactor, request, response, operation = std::move(operation),
               caller = *std::move(caller)]() mutable {
    if (ctx->IsCancelled()) {
      reactor->Finish(grpc::Status::CANCELLED);
      return;
    }
    absl::StatusOr<Response> result = operation(caller, *request);
    if (result.ok()) {
      *response = *std::move(result);
      reactor->Finish(grpc::Status::OK);
      return;
    }
    if (result.status().code() == absl::StatusCode::kInternal ||
        result.status().code() == absl::StatusCode::kDataLoss ||
        result.status().code() == absl::StatusCode::kUnknown) {
      LogError("call failed",
               {{"request", Request::descriptor()->full_name()}, {"status", result.status()}});
    }
    reactor->Finish(ToGrpcStatus(result.status()));
  });
  return reactor;
}

}  // namespace ams

#endif  // AMS_COMMON_UNARY_CALL_H_
