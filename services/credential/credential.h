// SOP steps 6-8: the account (username, initial password mailed once), the applicant's first
// login with a forced password change, lockout after repeated failures, and the operator's
// reset. Transport-free; credential_service.h puts gRPC and Kafka in front of it.
//
// Lockout is per account and client (the peer address), so nobody can lock the applicant
// out from elsewhere; a client failing across accounts is throttled on its own. Every failed
// login gets the same answer, so none tells which usernames exist.
//
// Redis keys (A = application id, C = client):
//   credential:{A}:account     hash: proto (Account), password_hash, session_epoch, issue
//                              (count of passwords issued), version, request:<id>
//   credential:{A}:clients     hash: C -> "failures|locks|lock end ms|last failure ms", the
//                              clients that failed on this account; gone lock_max after the
//                              last change
//   credential:failures:<C>    failed logins of C on any account in its client_window (TTL)
//   credential:username:<u>    -> A
//   credential:session:<sha256(token)>  -> "A|epoch" with the session's TTL
//   credential:change-retry:<sha256(token)>  -> "A|answer": a password change's answer,
//                              sealed with a key derived from the session token it ended,
//                              for a retry of the change (session TTL)
//   credential:accounts        sorted set of A by creation time (listing)
//   credential:{A}:mail:<id>   each password mail, owed with the password's issue (MailOutbox)
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
#include "common/mail_outbox.h"
#include "common/outbox.h"
#include "common/random.h"
#include "common/request_ids.h"
#include "services/credential/common_passwords.h"
#include "services/credential/passwords.h"

namespace ams::credential {

namespace pb = ams::credential::v1;

struct CredentialOptions {
  int initial_password_length = 12;  // AMS_CREDENTIAL_PASSWORD_LENGTH, at least 8
  int min_password_length = 10;      // AMS_CREDENTIAL_MIN_PASSWORD_LENGTH, for new passwords
  int max_failures = 5;  // AMS_CREDENTIAL_MAX_FAILURES of one client before it is locked out
  absl::Duration lock_base = absl::Minutes(5);  // doubles with each lock, up to lock_max
  absl::Duration lock_max = absl::Hours(24);
  // AMS_CREDENTIAL_CLIENT_MAX_FAILURES in AMS_CREDENTIAL_CLIENT_WINDOW, on any accounts,
  // before a client is refused without a look at the password.
  int client_max_failures = 20;
  absl::Duration client_window = absl::Minutes(15);
  absl::Duration session_ttl = absl::Minutes(30);
  std::string login_url = "https://ams.kebumenkab.go.id/akun/masuk";  // in the password mail
  std::string mail_from = "ams@kebumenkab.go.id";
};

class Credential {
 public:
  Credential(KvStore* kv, Outbox* outbox, MailOutbox* mail, const PasswordHasher* hasher,
             const CommonPasswords* common_passwords, CredentialOptions options, Clock* clock,
             RandomSource* random);

  // Step 6, on EnrollmentVerified: creates the account and owes its password mail, in one
  // transaction with the inbox mark (a data update changes the existing account's identity
  // instead, if the NIK is the account's; otherwise DataUpdateRefused).
  absl::Status OnVerified(const ams::verification::v1::EnrollmentVerified& e,
                          const KvWrites& inbox_mark);

  // Steps 7 and 8, called by the applicant (`caller.subject` is the peer address). An unknown
  // user, a wrong password and a locked-out client get the same UNAUTHENTICATED answer.
  absl::StatusOr<pb::LoginResponse> Login(const Principal& caller, const pb::LoginRequest& r);
  // Ends every other session of the account and returns the one new session.
  absl::StatusOr<pb::ChangePasswordResponse> ChangePassword(const Principal& caller,
                                                            const pb::ChangePasswordRequest& r);
  absl::StatusOr<pb::CheckNewPasswordResponse> CheckNewPassword(
      const Principal& caller, const pb::CheckNewPasswordRequest& r);
  absl::StatusOr<pb::LogoutResponse> Logout(const Principal& caller, const pb::LogoutRequest& r);

  // Operators (and, for Get, the service reading accounts). They see the account LOCKED
  // while some client is locked out of it.
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
    int64_t session_epoch = 0, issue = 0, version = 0;
    RequestHashes request_hashes;
  };
  // One client's failures on one account.
  struct ClientLock {
    int64_t failures = 0;                  // since its last success or lock
    int64_t locks = 0;                     // each lasts twice the one before
    absl::Time until = absl::UnixEpoch();  // locked out before this
    absl::Time last_failure = absl::UnixEpoch();
  };
  absl::StatusOr<std::optional<Stored>> Load(const std::string& id);
  absl::StatusOr<std::optional<Stored>> LoadByUsername(const std::string& username);
  // The account a request names ("accounts/{username}"): INVALID_ARGUMENT for another form,
  // NOT_FOUND when there is none.
  absl::StatusOr<Stored> LoadNamed(const std::string& name);
  // Writes `after` if the account is still at `before`'s version (ABORTED otherwise).
  absl::Status Save(const std::optional<Stored>& before, const Stored& after,
                    std::vector<EventEnvelope> events, KvWrites extra = {});
  // A fresh initial password for `s` (hashed, sessions ended) and the mail that owes it, to
  // commit with `s`.
  absl::StatusOr<KvWrites> Issue(Stored& s);
  // The account of a live session, or UNAUTHENTICATED.
  absl::StatusOr<Stored> SessionAccount(const std::string& token);
  // A new session of `s`, and the command that stores it.
  std::pair<pb::Session, KvCommand> MintSession(const Stored& s, absl::Time now);
  absl::StatusOr<pb::Session> NewSession(const Stored& s, absl::Time now);
  // The answer a password change gave `r` (same session, request_id and body), if any.
  absl::StatusOr<std::optional<pb::ChangePasswordResponse>> FirstAnswer(
      const pb::ChangePasswordRequest& r, const std::string& hash);
  // The data update `e` may change `existing` only if it is the same person's (NIK).
  absl::Status ApplyDataUpdate(const ams::verification::v1::EnrollmentVerified& e,
                               const KvWrites& inbox_mark);
  absl::Status RefuseDataUpdate(const ams::verification::v1::EnrollmentVerified& e,
                                const std::string& why, const KvWrites& inbox_mark);

  // Login throttling: failures of `client` on any account in the window, and on one account.
  absl::StatusOr<int64_t> ClientFailures(const std::string& client);
  // Counts a failure of `client` and returns the answer every failed login gets.
  absl::Status FailedLogin(const std::string& client);
  absl::StatusOr<ClientLock> LoadClientLock(const std::string& id, const std::string& client,
                                            absl::Time now);
  std::vector<KvCommand> SaveClientLock(const std::string& id, const std::string& client,
                                        const ClientLock& lock, absl::Time now) const;
  // Counts a wrong password of the client in `lock` (LoginFailed). At max_failures it is
  // locked out: AccountLocked, the account's lock_expire_time shows it, and true returns.
  bool CountWrongPassword(Stored& s, ClientLock& lock, absl::Time now,
                          std::vector<EventEnvelope>& events);

  KvStore* kv_;
  Outbox* outbox_;
  MailOutbox* mail_;
  const PasswordHasher* hasher_;
  const CommonPasswords* common_passwords_;
  const CredentialOptions options_;
  Clock* clock_;
  RandomSource* random_;
};

}  // namespace ams::credential

#endif  // AMS_SERVICES_CREDENTIAL_CREDENTIAL_H_
