// ams-verification: SOP step 5. Every submitted enrollment becomes a case with automated
// checks; an operator approves (EnrollmentVerified) or rejects with a reason
// (EnrollmentRejected), never on an application they forwarded or registered themselves.
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "common/api_keys.h"
#include "common/grpc_server.h"
#include "common/service_runtime.h"
#include "services/verification/intake_applications.h"
#include "services/verification/verification.h"
#include "services/verification/verification_service.h"

ABSL_FLAG(std::vector<std::string>, set, {},
          "AMS_* settings as KEY=VALUE, comma-separated, overriding the environment");

int main(int argc, char** argv) {
  ams::BlockTerminationSignals();
  absl::ParseCommandLine(argc, argv);
  ams::ApiKeySource api_keys;
  std::string intake_address, intake_key;
  int workers = 8;
  ams::verification::VerificationOptions options;
  ams::RuntimeConfig runtime = ams::LoadConfigOrExit(
      absl::GetFlag(FLAGS_set), "verification", 7104, 9104, [&](ams::Settings& s) {
        api_keys = ams::ReadApiKeySource(s);
        intake_address = s.Address("AMS_INTAKE_ADDR", "127.0.0.1:7101");
        intake_key = s.RequiredString("AMS_VERIFICATION_INTAKE_KEY");
        workers = static_cast<int>(s.Int("AMS_WORKER_THREADS", 8, 1, 256));
        options.email_domains = s.List("AMS_INTAKE_EMAIL_DOMAINS", "kebumenkab.go.id");
        options.separation_of_duties = s.Bool("AMS_VERIFICATION_SEPARATION_OF_DUTIES", true);
      });
  absl::StatusOr<ams::ApiKeys> keys = ams::ApiKeys::Parse(api_keys.text);
  if (!keys.ok()) return ams::StartFailed(keys.status());
  ams::ApiKeyFileWatcher key_file(&*keys, api_keys.file);
  absl::StatusOr<std::unique_ptr<ams::ServiceRuntime>> rt = ams::ServiceRuntime::Create(runtime);
  if (!rt.ok()) return ams::StartFailed(rt.status());
  if (absl::Status s = (*rt)->FollowIssuedApiKeys(&*keys); !s.ok()) return ams::StartFailed(s);

  ams::verification::IntakeApplications applications(intake_address, intake_key);
  ams::verification::Verification verification(&(*rt)->kv(), &(*rt)->outbox(), &applications,
                                               options, &ams::RealClock(), &ams::SecureRandom());
  ams::verification::VerificationHandler handler(&verification);
  ams::WorkPool pool(workers);
  ams::RpcMetrics rpc_metrics((*rt)->metrics());
  ams::verification::VerificationServiceImpl service(&verification, {&*keys, &pool, &rpc_metrics});
  if (absl::Status s = (*rt)->Consume({ams::TopicOf("enrollment")}, &handler); !s.ok()) {
    return ams::StartFailed(s);
  }
  return (*rt)->ServeUntilSignal({&service});
}
