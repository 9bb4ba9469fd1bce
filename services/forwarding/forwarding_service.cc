#include "services/forwarding/forwarding_service.h"

#include "common/unary_call.h"

namespace ams::forwarding {

#define AMS_FORWARDING_RPC(Rpc, Method)                                                  \
  grpc::ServerUnaryReactor* ForwardingServiceImpl::Rpc(grpc::CallbackServerContext* ctx, \
                                                       const pb::Rpc##Request* request,  \
                                                       pb::Rpc##Response* response) {    \
    return ServeUnary(ctx, env_, request, response,                                      \
                      [this](const Principal& caller, const pb::Rpc##Request& r) {       \
                        return forwarding_->Method(caller, r);                           \
                      });                                                                \
  }

AMS_FORWARDING_RPC(ListReviewQueue, List)
AMS_FORWARDING_RPC(GetReviewItem, Get)
AMS_FORWARDING_RPC(ForwardApplication, Forward)
AMS_FORWARDING_RPC(ReturnApplication, Return)

#undef AMS_FORWARDING_RPC

}  // namespace ams::forwarding
