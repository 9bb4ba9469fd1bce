// ams-forwarding: SOP step 2. Submitted applications wait in the Diskominfo operator's
// review queue; a forward emits ApplicationForwarded and owes BSrE's mailbox the application
// file with the letter; a return emits ApplicationReturned.
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "common/api_keys.h"
#include "common/grpc_server.h"
#include "common/logging.h"
#include "common/mail_desk.h"
#include "common/service_runtime.h"
#include "services/forwarding/forwarding.h"
#include "services/forwarding/forwarding_handler.h"
#include "services/forwarding/forwarding_service.h"
#include "services/forwarding/intake_letters.h"

ABSL_FLAG(std::vector<std::string>, set, {},
          "AMS_* settings as KEY=VALUE, comma-separated, overriding the environment");

int main(int argc, char** argv) {
  ams::BlockTerminationSignals();
  absl::ParseCommandLine(argc, argv);
  ams::ApiKeySource api_keys;
  std::string intake_address, intake_key;
  int workers = 8;
  ams::MailSettings mail_settings;
  ams::forwarding::ForwardingOptions options;
  ams::RuntimeConfig runtime = ams::LoadConfigOrExit(
      absl::GetFlag(FLAGS_set), "forwarding", 7102, 9102, [&](ams::Settings& s) {
        api_keys = ams::ReadApiKeySource(s);
        intake_address = s.Address("AMS_INTAKE_ADDR", "127.0.0.1:7101");
        intake_key = s.RequiredString("AMS_FORWARDING_INTAKE_KEY");
        workers = static_cast<int>(s.Int("AMS_WORKER_THREADS", 8, 1, 256));
        mail_settings = ams::ReadMailSettings(s);
        options.mail_from = s.String("AMS_MAIL_FROM", "ams@kebumenkab.go.id");
        options.bsre_mailbox = s.String("AMS_BSRE_MAILBOX", "registrasi@bsre.go.id");
      });
  absl::StatusOr<ams::ApiKeys> keys = ams::ApiKeys::Parse(api_keys.text);
  if (!keys.ok()) return ams::StartFailed(keys.status());
  ams::ApiKeyFileWatcher key_file(&*keys, api_keys.file);
  absl::StatusOr<std::unique_ptr<ams::ServiceRuntime>> rt = ams::ServiceRuntime::Create(runtime);
  if (!rt.ok()) return ams::StartFailed(rt.status());
  if (absl::Status s = (*rt)->FollowIssuedApiKeys(&*keys); !s.ok()) return ams::StartFailed(s);

  ams::forwarding::ReviewQueue queue(&(*rt)->kv(), &(*rt)->outbox());
  ams::forwarding::IntakeLetters letters(intake_address, intake_key);
  absl::StatusOr<ams::MailOutbox*> mail = (*rt)->StartMail(mail_settings);
  if (!mail.ok()) return ams::StartFailed(mail.status());
  ams::forwarding::Forwarding forwarding(&queue, &letters, *mail, options, &ams::RealClock(),
                                         &ams::SecureRandom());
  ams::forwarding::ForwardingHandler handler(&queue);
  ams::WorkPool pool(workers);
  ams::RpcMetrics rpc_metrics((*rt)->metrics());
  ams::mail::MailServiceImpl mail_service(*mail, {&*keys, &pool, &rpc_metrics});
  ams::forwarding::ForwardingServiceImpl service(&forwarding, {&*keys, &pool, &rpc_metrics});
  if (absl::Status s = (*rt)->Consume({ams::TopicOf("intake")}, &handler); !s.ok())
    return ams::StartFailed(s);
  return (*rt)->ServeUntilSignal({&service, &mail_service});
}
