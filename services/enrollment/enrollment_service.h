// The gRPC face of enrollment. GetActivationForm, SubmitActivation and CheckActivationDocument
// take no API key: the activation token is their credential.
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

  AMS_SERVE_UNARY(ListPendingRegistrations, enrollment_, ListPending, ServeUnary)
  AMS_SERVE_UNARY(GetIdentity, enrollment_, GetIdentity, ServeUnary)
  AMS_SERVE_UNARY(ListIdentities, enrollment_, ListIdentities, ServeUnary)
  AMS_SERVE_UNARY(RegisterIdentity, enrollment_, Register, ServeUnary)
  AMS_SERVE_UNARY(ResendActivationLink, enrollment_, Resend, ServeUnary)
  AMS_SERVE_UNARY(GetDocument, enrollment_, GetDocument, ServeUnary)
  AMS_SERVE_UNARY(GetActivationForm, enrollment_, GetForm, ServePublicUnary)
  AMS_SERVE_UNARY(SubmitActivation, enrollment_, Submit, ServePublicUnary)
  AMS_SERVE_UNARY(CheckActivationDocument, enrollment_, CheckDocument, ServePublicUnary)

 private:
  Enrollment* enrollment_;
  const RpcEnvironment env_;
};

}  // namespace ams::enrollment

#endif  // AMS_SERVICES_ENROLLMENT_ENROLLMENT_SERVICE_H_
