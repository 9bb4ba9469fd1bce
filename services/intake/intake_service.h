// The gRPC face of intake: authenticates, hands each call to Intake on the work pool.
#ifndef AMS_SERVICES_INTAKE_INTAKE_SERVICE_H_
#define AMS_SERVICES_INTAKE_INTAKE_SERVICE_H_

#include "ams/intake/v1/intake_service.grpc.pb.h"
#include "common/unary_call.h"
#include "services/intake/intake.h"

namespace ams::intake {

class IntakeServiceImpl final : public pb::IntakeService::CallbackService {
 public:
  IntakeServiceImpl(Intake* intake, RpcEnvironment env) : intake_(intake), env_(env) {}

  grpc::ServerUnaryReactor* SubmitApplication(grpc::CallbackServerContext* ctx,
                                              const pb::SubmitApplicationRequest* request,
                                              pb::SubmitApplicationResponse* response) override;
  grpc::ServerUnaryReactor* GetApplication(grpc::CallbackServerContext* ctx,
                                           const pb::GetApplicationRequest* request,
                                           pb::GetApplicationResponse* response) override;
  grpc::ServerUnaryReactor* ListApplications(grpc::CallbackServerContext* ctx,
                                             const pb::ListApplicationsRequest* request,
                                             pb::ListApplicationsResponse* response) override;
  grpc::ServerUnaryReactor* WithdrawApplication(grpc::CallbackServerContext* ctx,
                                                const pb::WithdrawApplicationRequest* request,
                                                pb::WithdrawApplicationResponse* response) override;
  grpc::ServerUnaryReactor* ResubmitApplication(grpc::CallbackServerContext* ctx,
                                                const pb::ResubmitApplicationRequest* request,
                                                pb::ResubmitApplicationResponse* response) override;
  grpc::ServerUnaryReactor* GetRecommendationLetter(
      grpc::CallbackServerContext* ctx, const pb::GetRecommendationLetterRequest* request,
      pb::GetRecommendationLetterResponse* response) override;

 private:
  Intake* intake_;
  const RpcEnvironment env_;
};

}  // namespace ams::intake

#endif  // AMS_SERVICES_INTAKE_INTAKE_SERVICE_H_
