// ams-enrollment: SOP steps 3 and 4. Forwarded applications wait for BSrE's operator, who
// registers the identity; the applicant gets a single-use activation link by mail, opens
// it and submits the required data (EnrollmentSubmitted). Rejected data comes back with a
// new link for correction; reminders go out before links expire.
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
#include "common/wakeable_loop.h"
#include "services/enrollment/enrollment.h"
#include "services/enrollment/enrollment_handler.h"
#include "services/enrollment/enrollment_service.h"

ABSL_FLAG(std::vector<std::string>, set, {},
          "AMS_* settings as KEY=VALUE, comma-separated, overriding the environment");

int main(int argc, char** argv) {
  ams::BlockTerminationSignals();
  absl::ParseCommandLine(argc, argv);
  ams::ApiKeySource api_keys;
  int workers = 8;
  ams::MailSettings mail_settings;
  ams::PdfSandboxOptions pdf;
  ams::enrollment::EnrollmentOptions options;
  absl::Duration reminder_interval;
  ams::RuntimeConfig runtime = ams::LoadConfigOrExit(
      absl::GetFlag(FLAGS_set), "enrollment", 7103, 9103, [&](ams::Settings& s) {
        api_keys = ams::ReadApiKeySource(s);
        workers = static_cast<int>(s.Int("AMS_WORKER_THREADS", 8, 1, 256));
        mail_settings = ams::ReadMailSettings(s);
        pdf = ams::ReadPdfSandboxOptions(s);
        options.mail_from = s.String("AMS_MAIL_FROM", options.mail_from);
        options.links.lifetime = s.Duration("AMS_ACTIVATION_LINK_TTL", absl::Hours(72),
                                            absl::Seconds(1), absl::Hours(24 * 30));
        options.links.reminder_lead = s.Duration("AMS_ACTIVATION_REMINDER_LEAD", absl::Hours(24),
                                                 absl::ZeroDuration(), absl::Hours(24 * 30));
        options.links.base_url =
            s.String("AMS_ACTIVATION_BASE_URL", "http://127.0.0.1:8080/aktivasi");
        options.status_base_url = s.String("AMS_STATUS_BASE_URL", "http://127.0.0.1:8080/status");
        options.max_failures_per_minute =
            s.Int("AMS_ACTIVATION_MAX_FAILURES_PER_MINUTE", 10, 1, 100000);
        reminder_interval = s.Duration("AMS_ACTIVATION_REMINDER_INTERVAL", absl::Minutes(1),
                                       absl::Seconds(1), absl::Hours(24));
      });
  absl::StatusOr<ams::ApiKeys> keys = ams::ApiKeys::Parse(api_keys.text);
  if (!keys.ok()) return ams::StartFailed(keys.status());
  ams::ApiKeyFileWatcher key_file(&*keys, api_keys.file);
  absl::StatusOr<std::unique_ptr<ams::SandboxedPdfChecker>> checker =
      ams::SandboxedPdfChecker::Create(pdf);
  if (!checker.ok()) return ams::StartFailed(checker.status());
  options.pdf_checker = *std::move(checker);
  absl::StatusOr<std::unique_ptr<ams::ServiceRuntime>> rt = ams::ServiceRuntime::Create(runtime);
  if (!rt.ok()) return ams::StartFailed(rt.status());
  if (absl::Status s = (*rt)->FollowIssuedApiKeys(&*keys); !s.ok()) return ams::StartFailed(s);

  ams::enrollment::RegistrationStore store(&(*rt)->kv(), &(*rt)->outbox());
  absl::StatusOr<ams::MailOutbox*> mail = (*rt)->StartMail(mail_settings);
  if (!mail.ok()) return ams::StartFailed(mail.status());
  ams::enrollment::Enrollment enrollment(&store, *mail, options, &ams::RealClock(),
                                         &ams::SecureRandom());
  ams::enrollment::EnrollmentHandler handler(&enrollment);
  ams::WorkPool pool(workers);
  ams::RpcMetrics rpc_metrics((*rt)->metrics());
  ams::mail::MailServiceImpl mail_service(*mail, {&*keys, &pool, &rpc_metrics});
  ams::enrollment::EnrollmentServiceImpl service(&enrollment, {&*keys, &pool, &rpc_metrics});
  if (absl::Status s =
          (*rt)->Consume({ams::TopicOf("forwarding"), ams::TopicOf("verification")}, &handler);
      !s.ok()) {
    return ams::StartFailed(s);
  }
  ams::WakeableLoop reminders;
  reminders.Start(reminder_interval, [&] {
    absl::StatusOr<int> owed = enrollment.OweReminders();
    if (!owed.ok()) ams::LogWarning("reminders failed; will retry", {{"status", owed.status()}});
  });
  (*rt)->OnStop([&] { reminders.Stop(); });
  return (*rt)->ServeUntilSignal({&service, &mail_service});
}
