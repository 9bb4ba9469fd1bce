// The gRPC face of verification, and its reaction to enrollment's events.
#ifndef AMS_SERVICES_VERIFICATION_VERIFICATION_SERVICE_H_
#define AMS_SERVICES_VERIFICATION_VERIFICATION_SERVICE_H_

#include "ams/verification/v1/verification_service.grpc.pb.h"
#include "common/event_bus.h"
#include "common/unary_call.h"
#include "services/verification/verification.h"

namespace ams::verification {

class VerificationServiceImpl final : public pb::VerificationService::CallbackService {
 public:
  VerificationServiceImpl(Verification* verification, RpcEnvironment env)
      : verification_(verification), env_(env) {}

  AMS_SERVE_UNARY(ListCases, verification_, List, ServeUnary)
  AMS_SERVE_UNARY(GetCase, verification_, Get, ServeUnary)
  AMS_SERVE_UNARY(ApproveEnrollment, verification_, Approve, ServeUnary)
  AMS_SERVE_UNARY(RejectEnrollment, verification_, Reject, ServeUnary)

 private:
  Verification* verification_;
  const RpcEnvironment env_;
};

class VerificationHandler final : public EventHandler {
 public:
  explicit VerificationHandler(Verification* verification) : verification_(verification) {}
  absl::Status Handle(const EventEnvelope& event, const KvWrites& inbox_mark) override {
    ams::enrollment::v1::EnrollmentSubmitted submitted;
    if (event.type() != submitted.GetDescriptor()->full_name()) return absl::OkStatus();
    if (absl::Status s = UnpackEvent(event, &submitted); !s.ok()) return s;
    return verification_->OnSubmitted(submitted, inbox_mark);
  }

 private:
  Verification* verification_;
};

}  // namespace ams::verification

#endif  // AMS_SERVICES_VERIFICATION_VERIFICATION_SERVICE_H_
