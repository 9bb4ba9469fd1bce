// What the applicants' pages do (ams.gateway.v1.ApplicantService), as plain calls: SOP step 4
// through enrollment, steps 7 and 8 through credential, each in an applicant session
// (applicant_sessions.h). Every call names the browser's address (`client`) to the services,
// for their own limits; the token or password is the credential, never the gateway's key.
#ifndef AMS_SERVICES_GATEWAY_APPLICANT_DESK_H_
#define AMS_SERVICES_GATEWAY_APPLICANT_DESK_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "ams/gateway/v1/applicant_service.pb.h"
#include "common/clock.h"
#include "services/gateway/applicant_sessions.h"
#include "services/gateway/service_clients.h"

namespace ams::gateway {

// UNAUTHENTICATED, reason ACTIVATION_LINK_INVALID: the activation page says how to get a new
// link, whatever the reason the old one cannot be used.
absl::Status NoActivation();
// UNAUTHENTICATED, reason SESSION_INVALID: log in first.
absl::Status NoAccountSession();

class ApplicantDesk {
 public:
  // An activation session lasts `activation_session` (or until its link expires).
  ApplicantDesk(ServiceClients* services, ApplicantSessions* activations,
                ApplicantSessions* accounts, Clock* clock,
                absl::Duration activation_session = absl::Minutes(30))
      : services_(services),
        activations_(activations),
        accounts_(accounts),
        clock_(clock),
        activation_session_(activation_session) {}

  // The mailed link opened: a session for a usable token.
  absl::StatusOr<ApplicantSession> OpenActivation(const std::string& token,
                                                  const std::string& client);
  absl::StatusOr<v1::Activation> GetActivation(const std::string& session,
                                               const std::string& client);
  absl::StatusOr<v1::UploadedDocument> Upload(const std::string& session, const std::string& client,
                                              const v1::UploadActivationDocumentRequest& r);
  // Ends the activation session once enrollment took the data.
  absl::StatusOr<v1::SubmitActivationResponse> Submit(const std::string& session,
                                                      const std::string& client,
                                                      const v1::SubmitActivationRequest& r);

  // LogIn and ChangePassword start a new account session (the old one, if any, ends).
  struct Account {
    ApplicantSession session;
    v1::AccountView view;
  };
  absl::StatusOr<Account> LogIn(const v1::LogInRequest& r, const std::string& client);
  absl::StatusOr<v1::AccountView> GetAccount(const std::string& session);
  absl::StatusOr<v1::PasswordCheck> CheckNewPassword(const std::string& session,
                                                     const std::string& client,
                                                     const v1::CheckNewPasswordRequest& r);
  absl::StatusOr<Account> ChangePassword(const std::string& session, const std::string& client,
                                         const v1::ChangePasswordRequest& r);
  absl::Status LogOut(const std::string& session, const std::string& client);

  // The status page: the audit service's answer, asked by the gateway as itself.
  absl::StatusOr<ams::audit::v1::GetApplicationStatusResponse> Status(
      const ams::audit::v1::GetApplicationStatusRequest& r);

 private:
  absl::StatusOr<Account> StartAccount(const ams::credential::v1::Session& credential_session,
                                       const ams::credential::v1::Account& account);

  ServiceClients* services_;
  ApplicantSessions* activations_;
  ApplicantSessions* accounts_;
  Clock* clock_;
  const absl::Duration activation_session_;
};

}  // namespace ams::gateway

#endif  // AMS_SERVICES_GATEWAY_APPLICANT_DESK_H_
