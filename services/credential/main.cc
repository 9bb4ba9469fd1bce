// ams-credential: SOP steps 6-8. Every verified enrollment becomes an account whose initial
// password is mailed once; the applicant logs in, must change the password, and the account
// is active (AccountActivated). Repeated wrong passwords lock that client out of the account
// for a growing time; a client failing on many accounts is throttled.
#include <algorithm>
#include <string>
#include <thread>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_cat.h"
#include "common/api_keys.h"
#include "common/grpc_server.h"
#include "common/logging.h"
#include "common/mail_desk.h"
#include "common/service_runtime.h"
#include "services/credential/credential.h"
#include "services/credential/credential_service.h"

ABSL_FLAG(std::vector<std::string>, set, {},
          "AMS_* settings as KEY=VALUE, comma-separated, overriding the environment");

int main(int argc, char** argv) {
  ams::BlockTerminationSignals();
  absl::ParseCommandLine(argc, argv);
  ams::ApiKeySource api_keys;
  std::string common_passwords_file;
  int workers = 8, consumers = 3;
  ams::MailSettings mail_settings;
  ams::credential::Argon2Params argon2;
  ams::credential::CredentialOptions options;
  ams::RuntimeConfig runtime = ams::LoadConfigOrExit(
      absl::GetFlag(FLAGS_set), "credential", 7105, 9105, [&](ams::Settings& s) {
        api_keys = ams::ReadApiKeySource(s);
        workers = static_cast<int>(s.Int("AMS_WORKER_THREADS", 8, 1, 256));
        // Account creation hashes a password and mails it: one at a time it trails the logins.
        consumers = static_cast<int>(s.Int("AMS_CREDENTIAL_CONSUMERS", 3, 1, 64));
        mail_settings = ams::ReadMailSettings(s);
        options.mail_from = s.String("AMS_MAIL_FROM", options.mail_from);
        options.initial_password_length =
            static_cast<int>(s.Int("AMS_CREDENTIAL_PASSWORD_LENGTH", 12, 8, 64));
        options.min_password_length =
            static_cast<int>(s.Int("AMS_CREDENTIAL_MIN_PASSWORD_LENGTH", 10, 8, 64));
        options.max_failures = static_cast<int>(s.Int("AMS_CREDENTIAL_MAX_FAILURES", 5, 1, 100));
        options.lock_base = s.Duration("AMS_CREDENTIAL_LOCK_BASE", absl::Minutes(5),
                                       absl::Seconds(1), absl::Hours(24));
        options.lock_max = s.Duration("AMS_CREDENTIAL_LOCK_MAX", absl::Hours(24), absl::Seconds(1),
                                      absl::Hours(24 * 30));
        options.session_ttl = s.Duration("AMS_CREDENTIAL_SESSION_TTL", absl::Minutes(30),
                                         absl::Seconds(10), absl::Hours(24));
        options.client_max_failures =
            static_cast<int>(s.Int("AMS_CREDENTIAL_CLIENT_MAX_FAILURES", 20, 1, 10000));
        options.client_window = s.Duration("AMS_CREDENTIAL_CLIENT_WINDOW", absl::Minutes(15),
                                           absl::Seconds(1), absl::Hours(24));
        // The gateway's login page (make run's, unless told).
        options.login_url =
            s.String("AMS_CREDENTIAL_LOGIN_URL", "http://127.0.0.1:8080/akun/masuk");
        // deploy/passwords/fetch.sh writes it; no default path, production must name it.
        common_passwords_file = s.RequiredString("AMS_CREDENTIAL_COMMON_PASSWORDS_FILE");
        argon2.memory_kib = s.Int("AMS_ARGON2_MEMORY_KIB", 19 * 1024, 8, 4 * 1024 * 1024);
        argon2.iterations = s.Int("AMS_ARGON2_ITERATIONS", 2, 1, 100);
        argon2.parallel = static_cast<int>(s.Int(
            "AMS_ARGON2_PARALLEL", std::max(1u, std::thread::hardware_concurrency()), 1, 1024));
      });
  absl::StatusOr<ams::credential::CommonPasswords> common_passwords =
      ams::credential::CommonPasswords::Load(common_passwords_file);
  if (!common_passwords.ok()) {
    return ams::StartFailed(absl::Status(common_passwords.status().code(),
                                         absl::StrCat("AMS_CREDENTIAL_COMMON_PASSWORDS_FILE: ",
                                                      common_passwords.status().message())));
  }
  ams::LogInfo("common passwords loaded", {{"count", common_passwords->size()}});
  absl::StatusOr<ams::ApiKeys> keys = ams::ApiKeys::Parse(api_keys.text);
  if (!keys.ok()) return ams::StartFailed(keys.status());
  ams::ApiKeyFileWatcher key_file(&*keys, api_keys.file);
  absl::StatusOr<std::unique_ptr<ams::ServiceRuntime>> rt = ams::ServiceRuntime::Create(runtime);
  if (!rt.ok()) return ams::StartFailed(rt.status());
  if (absl::Status s = (*rt)->FollowIssuedApiKeys(&*keys); !s.ok()) return ams::StartFailed(s);

  ams::credential::PasswordHasher hasher(argon2);
  // Sealed, each initial password is unreadable in Redis until its mail is sent.
  absl::StatusOr<ams::MailOutbox*> mail = (*rt)->StartMail(mail_settings);
  if (!mail.ok()) return ams::StartFailed(mail.status());
  ams::credential::Credential credential(&(*rt)->kv(), &(*rt)->outbox(), *mail, &hasher,
                                         &*common_passwords, options, &ams::RealClock(),
                                         &ams::SecureRandom());
  ams::credential::CredentialHandler handler(&credential);
  ams::WorkPool pool(workers);
  ams::RpcMetrics rpc_metrics((*rt)->metrics());
  ams::mail::MailServiceImpl mail_service(*mail, {&*keys, &pool, &rpc_metrics});
  ams::credential::CredentialServiceImpl service(&credential, {&*keys, &pool, &rpc_metrics});
  if (absl::Status s = (*rt)->Consume({ams::TopicOf("verification")}, &handler, consumers);
      !s.ok()) {
    return ams::StartFailed(s);
  }
  return (*rt)->ServeUntilSignal({&service, &mail_service});
}
