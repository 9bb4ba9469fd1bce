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
#define AMS_CREDENTIAL_RPC(Rpc, Method, Serve)                                                 \
  grpc::ServerUnaryReactor* Rpc(grpc::CallbackServerContext* ctx, const pb::Rpc##Request* req, \
                                pb::Rpc##Response* resp) override {                            \
    return Serve(ctx, env_, req, resp, [this](const Principal& p, const pb::Rpc##Request& r) { \
      return credential_->Method(p, r);                                                        \
    });                                                                                        \
  }
  AMS_CREDENTIAL_RPC(GetAccount, Get, ServeUnary)
  AMS_CREDENTIAL_RPC(ListAccounts, List, ServeUnary)
  AMS_CREDENTIAL_RPC(ResetCredential, Reset, ServeUnary)
  AMS_CREDENTIAL_RPC(Login, Login, ServePublicUnary)
  AMS_CREDENTIAL_RPC(ChangePassword, ChangePassword, ServePublicUnary)
  AMS_CREDENTIAL_RPC(Logout, Logout, ServePublicUnary)
#undef AMS_CREDENTIAL_RPC

 private:
  Credential* credential_;
  const RpcEnvironment env_;
};

class CredentialHandler final : public EventHandler {
 public:
  explicit CredentialHandler(Credential* credential) : credential_(credential) {}
  absl::Status Handle(const EventEnvelope& event, const KvCommand& inbox_mark) override {
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
