// ams-intake: SOP step 1. Agencies submit applications with the recommendation letter;
// intake validates, stores, and emits ApplicationSubmitted; it follows forwarding's
// decisions and mails applicants whose application was returned.
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "common/api_keys.h"
#include "common/grpc_server.h"
#include "common/logging.h"
#include "common/mail_desk.h"
#include "common/pdf_sandbox.h"
#include "common/service_runtime.h"
#include "services/intake/intake.h"
#include "services/intake/intake_handler.h"
#include "services/intake/intake_service.h"

ABSL_FLAG(std::vector<std::string>, set, {},
          "AMS_* settings as KEY=VALUE, comma-separated, overriding the environment");

namespace {

struct IntakeConfig {
  ams::intake::IntakeRules rules;
  ams::ApiKeySource api_keys;
  std::string nik_key;
  int workers = 8;
  ams::MailSettings mail;
  ams::PdfSandboxOptions pdf;
  std::string mail_from;
  std::string status_base_url;  // the gateway's status page, in the mails
};

}  // namespace

int main(int argc, char** argv) {
  ams::BlockTerminationSignals();
  absl::ParseCommandLine(argc, argv);
  IntakeConfig c;
  ams::RuntimeConfig runtime =
      ams::LoadConfigOrExit(absl::GetFlag(FLAGS_set), "intake", 7101, 9101, [&](ams::Settings& s) {
        c.rules.email_domains = s.List("AMS_INTAKE_EMAIL_DOMAINS", "kebumenkab.go.id");
        c.rules.max_letter_bytes =
            static_cast<size_t>(s.Int("AMS_INTAKE_MAX_LETTER_BYTES", 2 << 20, 1024, 64 << 20));
        c.api_keys = ams::ReadApiKeySource(s);
        c.nik_key = s.RequiredString("AMS_NIK_FINGERPRINT_KEY");
        c.workers = static_cast<int>(s.Int("AMS_WORKER_THREADS", 8, 1, 256));
        c.mail = ams::ReadMailSettings(s);
        c.pdf = ams::ReadPdfSandboxOptions(s);
        c.mail_from = s.String("AMS_MAIL_FROM", "ams@kebumenkab.go.id");
        c.status_base_url = s.String("AMS_STATUS_BASE_URL", "http://127.0.0.1:8080/status");
      });
  absl::StatusOr<ams::ApiKeys> keys = ams::ApiKeys::Parse(c.api_keys.text);
  if (!keys.ok()) return ams::StartFailed(keys.status());
  ams::ApiKeyFileWatcher key_file(&*keys, c.api_keys.file);
  absl::StatusOr<std::unique_ptr<ams::SandboxedPdfChecker>> checker =
      ams::SandboxedPdfChecker::Create(c.pdf);
  if (!checker.ok()) return ams::StartFailed(checker.status());
  c.rules.pdf_checker = *std::move(checker);
  absl::StatusOr<std::unique_ptr<ams::ServiceRuntime>> rt = ams::ServiceRuntime::Create(runtime);
  if (!rt.ok()) return ams::StartFailed(rt.status());
  if (absl::Status s = (*rt)->FollowIssuedApiKeys(&*keys); !s.ok()) return ams::StartFailed(s);

  ams::intake::ApplicationStore store(&(*rt)->kv(), &(*rt)->outbox(), &ams::RealClock());
  ams::intake::Intake intake(&store, c.rules, c.nik_key, &ams::RealClock(), &ams::SecureRandom());
  absl::StatusOr<ams::MailOutbox*> mail = (*rt)->StartMail(c.mail);
  if (!mail.ok()) return ams::StartFailed(mail.status());
  ams::intake::IntakeHandler handler(&store, *mail, c.mail_from, &ams::RealClock(),
                                     c.status_base_url);
  ams::WorkPool pool(c.workers);
  ams::RpcMetrics rpc_metrics((*rt)->metrics());
  ams::mail::MailServiceImpl mail_service(*mail, {&*keys, &pool, &rpc_metrics});
  ams::intake::IntakeServiceImpl service(&intake, {&*keys, &pool, &rpc_metrics});
  if (absl::Status s =
          (*rt)->Consume({ams::TopicOf("forwarding"), ams::TopicOf("credential")}, &handler);
      !s.ok()) {
    return ams::StartFailed(s);
  }
  return (*rt)->ServeUntilSignal({&service, &mail_service});
}
