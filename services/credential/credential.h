// SOP steps 6-8: the account (username, initial password mailed once), the applicant's first
// login with a forced password change, lockout after repeated failures, and the operator's
// reset. Transport-free; credential_service.h puts gRPC and Kafka in front of it.
//
// Redis keys (A = application id):
//   credential:{A}:account     hash: proto (Account), password_hash, failures, locks,
//                              session_epoch, sealed_password (only until its mail is sent),
//                              issue (count of passwords issued), version, request:<id>
//   credential:username:<u>    -> A
//   credential:session:<sha256(token)>  -> "A|epoch" with the session's TTL
//   credential:accounts        sorted set of A by creation time (listing)
//   credential:mail:pending    sorted set of A whose password mail is not sent yet
#ifndef AMS_SERVICES_CREDENTIAL_CREDENTIAL_H_
#define AMS_SERVICES_CREDENTIAL_CREDENTIAL_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "ams/credential/v1/credential_service.pb.h"
#include "ams/verification/v1/events.pb.h"
#include "common/api_keys.h"
#include "common/clock.h"
#include "common/kv_store.h"
#include "common/mailer.h"
#include "common/outbox.h"
#include "common/random.h"
#include "common/request_ids.h"
#include "services/credential/passwords.h"

namespace ams::credential {

namespace pb = ams::credential::v1;

struct CredentialOptions {
  int initial_password_length = 12;  // AMS_CREDENTIAL_PASSWORD_LENGTH, at least 8
  int min_password_length = 10;      // AMS_CREDENTIAL_MIN_PASSWORD_LENGTH, for new passwords
  int max_failures = 5;              // AMS_CREDENTIAL_MAX_FAILURES before a lock
  absl::Duration lock_base = absl::Minutes(5);  // doubles with each lock, up to lock_max
  absl::Duration lock_max = absl::Hours(24);
  absl::Duration session_ttl = absl::Minutes(30);
  std::string login_url = "https://ams.kebumenkab.go.id/masuk";  // in the password mail
  std::string mail_from = "ams@kebumenkab.go.id";
  std::string seal_key;  // 32 bytes: seals a password between its commit and its mail
};

class Credential {
 public:
  Credential(KvStore* kv, Outbox* outbox, Mailer* mailer, const PasswordHasher* hasher,
             CredentialOptions options, Clock* clock, RandomSource* random);

  // Step 6, on EnrollmentVerified: creates the account and mails its password once (a data
  // update changes the existing account's identity instead). The inbox mark is written
  // only after the mail went out, so a crash in between is finished by the redelivery.
  absl::Status OnVerified(const ams::verification::v1::EnrollmentVerified& e,
                          const KvCommand& inbox_mark);
  // Sends every password mail a crash left unsent (at start).
  absl::Status SendPendingMail();

  // Steps 7 and 8, called by the applicant (`caller.subject` is the peer address).
  absl::StatusOr<pb::LoginResponse> Login(const Principal& caller, const pb::LoginRequest& r);
  absl::StatusOr<pb::ChangePasswordResponse> ChangePassword(const Principal& caller,
                                                            const pb::ChangePasswordRequest& r);
  absl::StatusOr<pb::LogoutResponse> Logout(const Principal& caller, const pb::LogoutRequest& r);

  // Operators.
  absl::StatusOr<pb::GetAccountResponse> Get(const Principal& caller,
                                             const pb::GetAccountRequest& r);
  absl::StatusOr<pb::ListAccountsResponse> List(const Principal& caller,
                                                const pb::ListAccountsRequest& r);
  absl::StatusOr<pb::ResetCredentialResponse> Reset(const Principal& caller,
                                                    const pb::ResetCredentialRequest& r);

 private:
  struct Stored {
    pb::Account account;
    std::string password_hash;
    std::string sealed_password;
    int64_t failures = 0, locks = 0, session_epoch = 0, issue = 0, version = 0;
    RequestHashes request_hashes;
  };
  absl::StatusOr<std::optional<Stored>> Load(const std::string& id);
  absl::StatusOr<std::optional<Stored>> LoadByUsername(const std::string& username);
  // The account a request names ("accounts/{username}"): INVALID_ARGUMENT for another form,
  // NOT_FOUND when there is none.
  absl::StatusOr<Stored> LoadNamed(const std::string& name);
  // Writes `after` if the account is still at `before`'s version (ABORTED otherwise).
  absl::Status Save(const std::optional<Stored>& before, const Stored& after,
                    std::vector<EventEnvelope> events, std::vector<KvCommand> extra = {});
  // A fresh initial password for `s`: hashed, sealed for its mail, sessions ended.
  absl::StatusOr<std::string> Issue(Stored& s);
  // Mails the sealed password of account `id`, then forgets it (with `inbox_mark`, if any).
  absl::Status MailPassword(const std::string& id, const KvCommand& inbox_mark);
  // The account of a live session, or UNAUTHENTICATED.
  absl::StatusOr<Stored> SessionAccount(const std::string& token);
  absl::StatusOr<pb::Session> NewSession(const Stored& s, absl::Time now);

  KvStore* kv_;
  Outbox* outbox_;
  Mailer* mailer_;
  const PasswordHasher* hasher_;
  const CredentialOptions options_;
  Clock* clock_;
  RandomSource* random_;
};

}  // namespace ams::credential

#endif  // AMS_SERVICES_CREDENTIAL_CREDENTIAL_H_
