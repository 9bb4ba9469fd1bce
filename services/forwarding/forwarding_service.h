// The gRPC face of forwarding: authenticates, hands each call to Forwarding on the pool.
#ifndef AMS_SERVICES_FORWARDING_FORWARDING_SERVICE_H_
#define AMS_SERVICES_FORWARDING_FORWARDING_SERVICE_H_

#include "ams/forwarding/v1/forwarding_service.grpc.pb.h"
#include "common/api_keys.h"
#include "common/work_pool.h"
#include "services/forwarding/forwarding.h"

namespace ams::forwarding {

class ForwardingServiceImpl final : public pb::ForwardingService::CallbackService {
 public:
  ForwardingServiceImpl(Forwarding* forwarding, const ApiKeys* keys, WorkPool* pool)
      : forwarding_(forwarding), keys_(keys), pool_(pool) {}

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
  const ApiKeys* keys_;
  WorkPool* pool_;
};

}  // namespace ams::forwarding

#endif  // AMS_SERVICES_FORWARDING_FORWARDING_SERVICE_H_
