// The gRPC face of the credential service, and its reaction to verification's events.
#ifndef AMS_SERVICES_CREDENTIAL_CREDENTIAL_SERVICE_H_
#define AMS_SERVICES_CREDENTIAL_CREDENTIAL_SERVICE_H_

#include "ams/credential/v1/credential_service.grpc.pb.h"
#include "common/event_bus.h"
#include "common/unary_call.h"
#include "services/credential/credential.h"

namespace ams::credential {

class CredentialServiceImpl final : public pb::CredentialService::CallbackService {
 public:
  CredentialServiceImpl(Credential* credential, RpcEnvironment env)
      : credential_(credential), env_(env) {}

  // Operators authenticate with an API key; the applicant with a password or a session.
  AMS_SERVE_UNARY(GetAccount, credential_, Get, ServeUnary)
  AMS_SERVE_UNARY(ListAccounts, credential_, List, ServeUnary)
  AMS_SERVE_UNARY(ResetCredential, credential_, Reset, ServeUnary)
  AMS_SERVE_UNARY(Login, credential_, Login, ServePublicUnary)
  AMS_SERVE_UNARY(ChangePassword, credential_, ChangePassword, ServePublicUnary)
  AMS_SERVE_UNARY(CheckNewPassword, credential_, CheckNewPassword, ServePublicUnary)
  AMS_SERVE_UNARY(Logout, credential_, Logout, ServePublicUnary)

 private:
  Credential* credential_;
  const RpcEnvironment env_;
};

class CredentialHandler final : public EventHandler {
 public:
  explicit CredentialHandler(Credential* credential) : credential_(credential) {}
  absl::Status Handle(const EventEnvelope& event, const KvWrites& inbox_mark) override {
    ams::verification::v1::EnrollmentVerified verified;
    if (event.type() != verified.GetDescriptor()->full_name()) return absl::OkStatus();
    if (absl::Status s = UnpackEvent(event, &verified); !s.ok()) return s;
    return credential_->OnVerified(verified, inbox_mark);
  }

 private:
  Credential* credential_;
};

}  // namespace ams::credential

#endif  // AMS_SERVICES_CREDENTIAL_CREDENTIAL_SERVICE_H_
