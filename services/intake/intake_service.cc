#include "services/intake/intake_service.h"

#include "common/unary_call.h"

namespace ams::intake {

#define AMS_INTAKE_RPC(Rpc, Method)                                                  \
  grpc::ServerUnaryReactor* IntakeServiceImpl::Rpc(grpc::CallbackServerContext* ctx, \
                                                   const pb::Rpc##Request* request,  \
                                                   pb::Rpc##Response* response) {    \
    return ServeUnary(ctx, env_, request, response,                                  \
                      [this](const Principal& caller, const pb::Rpc##Request& r) {   \
                        return intake_->Method(caller, r);                           \
                      });                                                            \
  }

AMS_INTAKE_RPC(SubmitApplication, Submit)
AMS_INTAKE_RPC(GetApplication, Get)
AMS_INTAKE_RPC(ListApplications, List)
AMS_INTAKE_RPC(WithdrawApplication, Withdraw)
AMS_INTAKE_RPC(ResubmitApplication, Resubmit)
AMS_INTAKE_RPC(GetRecommendationLetter, GetLetter)

#undef AMS_INTAKE_RPC

}  // namespace ams::intake
