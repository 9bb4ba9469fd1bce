// The gRPC face of forwarding: authenticates, hands each call to Forwarding on the pool.
#ifndef AMS_SERVICES_FORWARDING_FORWARDING_SERVICE_H_
#define AMS_SERVICES_FORWARDING_FORWARDING_SERVICE_H_

#include "ams/forwarding/v1/forwarding_service.grpc.pb.h"
#include "common/unary_call.h"
#include "services/forwarding/forwarding.h"

namespace ams::forwarding {

class ForwardingServiceImpl final : public pb::ForwardingService::CallbackService {
 public:
  ForwardingServiceImpl(Forwarding* forwarding, RpcEnvironment env)
      : forwarding_(forwarding), env_(env) {}

  AMS_SERVE_UNARY(ListReviewQueue, forwarding_, List, ServeUnary)
  AMS_SERVE_UNARY(GetReviewItem, forwarding_, Get, ServeUnary)
  AMS_SERVE_UNARY(ForwardApplication, forwarding_, Forward, ServeUnary)
  AMS_SERVE_UNARY(ReturnApplication, forwarding_, Return, ServeUnary)

 private:
  Forwarding* forwarding_;
  const RpcEnvironment env_;
};

}  // namespace ams::forwarding

#endif  // AMS_SERVICES_FORWARDING_FORWARDING_SERVICE_H_
