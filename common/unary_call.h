// The one way a service answers a unary gRPC call: authenticate the caller from
// "authorization: Bearer <key>" (and the person the gateway acts for), run the operation on the
// work pool (reactors must not block), and finish with the operation's status mapped by
// ToGrpcStatus.
#ifndef AMS_COMMON_UNARY_CALL_H_
#define AMS_COMMON_UNARY_CALL_H_

#include <string>
#include <utility>

#include "absl/status/statusor.h"
#include "common/api_keys.h"
#include "common/cloud_event.h"
#include "common/lenient_request.h"
#include "common/logging.h"
#include "common/random.h"
#include "common/rpc_metrics.h"
#include "common/rpc_status.h"
#include "common/work_pool.h"
#include "grpcpp/grpcpp.h"

namespace ams {

// What every RPC of a service shares: who may call, where blocking work runs, what is
// measured.
struct RpcEnvironment {
  const ApiKeys* keys;  // null: the call carries its own credential (ServePublicUnary)
  WorkPool* pool;
  RpcMetrics* metrics;  // null: not measured
};

// A metadata value of a call ("" when absent).
inline std::string MetadataOf(const grpc::CallbackServerContext& ctx, const char* key) {
  auto it = ctx.client_metadata().find(key);
  return it == ctx.client_metadata().end() ? "" : std::string(it->second.data(), it->second.size());
}

// Who the call is from: the key's holder, or the person the gateway names (ActingPrincipal).
inline absl::StatusOr<Principal> CallerOf(const grpc::CallbackServerContext& ctx,
                                          const ApiKeys& keys) {
  absl::StatusOr<Principal> key_holder = keys.Authenticate(MetadataOf(ctx, "authorization"));
  if (!key_holder.ok()) return key_holder;
  return ActingPrincipal(*key_holder, MetadataOf(ctx, kActorHeader),
                         MetadataOf(ctx, kActorRoleHeader), MetadataOf(ctx, kActorAgencyHeader));
}

// `operation(const Principal&, const Request&) -> absl::StatusOr<Response>`.
template <typename Request, typename Response, typename Operation>
grpc::ServerUnaryReactor* ServeUnary(grpc::CallbackServerContext* ctx, const RpcEnvironment& env,
                                     const Request* request, Response* response,
                                     Operation operation) {
  grpc::ServerUnaryReactor* reactor = ctx->DefaultReactor();
  const absl::Time start = absl::Now();
  // "ams.intake.v1.SubmitApplicationRequest" -> "SubmitApplication"
  const std::string& name = Request::descriptor()->name();
  const absl::string_view method = absl::string_view(name).substr(0, name.size() - 7);
  auto finish = [reactor, start, method, metrics = env.metrics](const absl::Status& status) {
    if (metrics != nullptr) metrics->Record(method, status.code(), absl::Now() - start);
    reactor->Finish(ToGrpcStatus(status));
  };
  absl::StatusOr<Principal> caller = env.keys == nullptr ? Principal{} : CallerOf(*ctx, *env.keys);
  if (!caller.ok()) {
    finish(caller.status());
    return reactor;
  }
  // Events the call emits belong to the caller's trace (W3C "traceparent"), or to one trace
  // of their own, shared by every event of this call.
  auto it = ctx->client_metadata().find("traceparent");
  std::string traceparent = it == ctx->client_metadata().end()
                                ? NewTraceparent(SecureRandom())
                                : std::string(it->second.data(), it->second.size());
  env.pool->Submit([ctx, request, response, finish, method, operation = std::move(operation),
                    caller = *std::move(caller), traceparent = std::move(traceparent)]() mutable {
    TraceScope trace(traceparent);
    if (ctx->IsCancelled()) {
      finish(absl::CancelledError("the caller went away"));
      return;
    }
    absl::StatusOr<Response> result = operation(caller, *request);
    if (result.ok()) {
      *response = *std::move(result);
      finish(absl::OkStatus());
      return;
    }
    if (result.status().code() == absl::StatusCode::kInternal ||
        result.status().code() == absl::StatusCode::kDataLoss ||
        result.status().code() == absl::StatusCode::kUnknown) {
      LogError("call failed", {{"method", method}, {"status", result.status()}});
    }
    finish(result.status());
  });
  return reactor;
}

// For calls whose credential is in the request itself (an activation link's token, a
// password): no API key; the principal's subject is who to rate-limit: the caller's network
// address ("ipv4:1.2.3.4"), or, when the gateway calls with its key, the browser's address it
// names in x-ams-client ("client:203.0.113.7"): behind the gateway every person would
// otherwise share the gateway's address.
template <typename Request, typename Response, typename Operation>
grpc::ServerUnaryReactor* ServePublicUnary(grpc::CallbackServerContext* ctx,
                                           const RpcEnvironment& env, const Request* request,
                                           Response* response, Operation operation) {
  std::string peer = ctx->peer();
  peer = peer.substr(0, peer.rfind(':'));  // without the port
  const std::string client = MetadataOf(*ctx, kClientHeader);
  if (!client.empty() && client.size() <= 64 && env.keys != nullptr) {
    absl::StatusOr<Principal> key = env.keys->Authenticate(MetadataOf(*ctx, "authorization"));
    if (key.ok() && key->role == ams::type::v1::ROLE_GATEWAY) peer = "client:" + client;
  }
  return ServeUnary(ctx, RpcEnvironment{nullptr, env.pool, env.metrics}, request, response,
                    [peer, operation = std::move(operation)](const Principal&, const Request& r) {
                      return operation(Principal{peer, ams::type::v1::ROLE_UNSPECIFIED, ""}, r);
                    });
}

}  // namespace ams

// Inside a service's CallbackService (with `pb` naming its proto package and an `env_`
// RpcEnvironment member): the handler of `Rpc`, answered by `logic->Method(caller, request)`
// through `Serve` (ServeUnary, or ServePublicUnary when the request carries its credential).
// Its requests are parsed leniently (lenient_request.h), so that bytes protobuf refuses are
// answered INVALID_ARGUMENT naming the field.
#define AMS_SERVE_UNARY(Rpc, logic, Method, Serve)                                              \
  grpc::ServerUnaryReactor* Rpc(grpc::CallbackServerContext* ctx, const pb::Rpc##Request* req,  \
                                pb::Rpc##Response* resp) override {                             \
    return ::ams::Serve(ctx, env_, req, resp,                                                   \
                        [this](const ::ams::Principal& p, const pb::Rpc##Request& r) {          \
                          return logic->Method(p, r);                                           \
                        });                                                                     \
  }                                                                                             \
  const bool lenient_##Rpc##_ =                                                                 \
      (MarkMethodCallback(::ams::MethodIndexOf(pb::Rpc##Request::descriptor()),                 \
                          ::ams::LenientHandler<pb::Rpc##Request, pb::Rpc##Response>(           \
                              [this](grpc::CallbackServerContext* c, const pb::Rpc##Request* q, \
                                     pb::Rpc##Response* s) { return Rpc(c, q, s); })),          \
       true);

#endif  // AMS_COMMON_UNARY_CALL_H_
