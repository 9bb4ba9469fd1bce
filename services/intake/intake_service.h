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

  AMS_SERVE_UNARY(SubmitApplication, intake_, Submit, ServeUnary)
  AMS_SERVE_UNARY(GetApplication, intake_, Get, ServeUnary)
  AMS_SERVE_UNARY(ListApplications, intake_, List, ServeUnary)
  AMS_SERVE_UNARY(WithdrawApplication, intake_, Withdraw, ServeUnary)
  AMS_SERVE_UNARY(ResubmitApplication, intake_, Resubmit, ServeUnary)
  AMS_SERVE_UNARY(GetRecommendationLetter, intake_, GetLetter, ServeUnary)

 private:
  Intake* intake_;
  const RpcEnvironment env_;
};

}  // namespace ams::intake

#endif  // AMS_SERVICES_INTAKE_INTAKE_SERVICE_H_
