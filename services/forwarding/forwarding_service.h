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

  grpc::ServerUnaryReactor* ListReviewQueue(grpc::CallbackServerContext* ctx,
                                            const pb::ListReviewQueueRequest* request,
                                            pb::ListReviewQueueResponse* response) override;
  grpc::ServerUnaryReactor* GetReviewItem(grpc::CallbackServerContext* ctx,
                                          const pb::GetReviewItemRequest* request,
                                          pb::GetReviewItemResponse* response) override;
  grpc::ServerUnaryReactor* ForwardApplication(grpc::CallbackServerContext* ctx,
                                               const pb::ForwardApplicationRequest* request,
                                               pb::ForwardApplicationResponse* response) override;
  grpc::ServerUnaryReactor* ReturnApplication(grpc::CallbackServerContext* ctx,
                                              const pb::ReturnApplicationRequest* request,
                                              pb::ReturnApplicationResponse* response) override;

 private:
  Forwarding* forwarding_;
  const RpcEnvironment env_;
};

}  // namespace ams::forwarding

#endif  // AMS_SERVICES_FORWARDING_FORWARDING_SERVICE_H_
