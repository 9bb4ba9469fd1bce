// The gRPC face of enrollment. GetActivationForm and SubmitActivation take no API key: the
// activation token is their credential.
#ifndef AMS_SERVICES_ENROLLMENT_ENROLLMENT_SERVICE_H_
#define AMS_SERVICES_ENROLLMENT_ENROLLMENT_SERVICE_H_

#include "ams/enrollment/v1/enrollment_service.grpc.pb.h"
#include "common/unary_call.h"
#include "services/enrollment/enrollment.h"

namespace ams::enrollment {

class EnrollmentServiceImpl final : public pb::EnrollmentService::CallbackService {
 public:
  EnrollmentServiceImpl(Enrollment* enrollment, RpcEnvironment env)
      : enrollment_(enrollment), env_(env) {}

#define AMS_ENROLLMENT_RPC(Rpc, Method, Serve)                                                 \
  grpc::ServerUnaryReactor* Rpc(grpc::CallbackServerContext* ctx, const pb::Rpc##Request* req, \
                                pb::Rpc##Response* resp) override {                            \
    return Serve(ctx, env_, req, resp, [this](const Principal& p, const pb::Rpc##Request& r) { \
      return enrollment_->Method(p, r);                                                        \
    });                                                                                        \
  }
  AMS_ENROLLMENT_RPC(ListPendingRegistrations, ListPending, ServeUnary)
  AMS_ENROLLMENT_RPC(GetIdentity, GetIdentity, ServeUnary)
  AMS_ENROLLMENT_RPC(ListIdentities, ListIdentities, ServeUnary)
  AMS_ENROLLMENT_RPC(RegisterIdentity, Register, ServeUnary)
  AMS_ENROLLMENT_RPC(ResendActivationLink, Resend, ServeUnary)
  AMS_ENROLLMENT_RPC(GetActivationForm, GetForm, ServePublicUnary)
  AMS_ENROLLMENT_RPC(SubmitActivation, Submit, ServePublicUnary)
#undef AMS_ENROLLMENT_RPC

 private:
  Enrollment* enrollment_;
  const RpcEnvironment env_;
};

}  // namespace ams::enrollment

#endif  // AMS_SERVICES_ENROLLMENT_ENROLLMENT_SERVICE_H_
