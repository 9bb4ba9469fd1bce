// ams-gateway: the operators' dashboard and its API on one HTTP port (issue 12).
//   ams-gateway                        serves (AMS_GATEWAY_ADDR, AMS_GATEWAY_WEB_ROOT), calling
//                                      the services (AMS_INTAKE_ADDR, AMS_FORWARDING_ADDR, …)
//                                      with its key (AMS_GATEWAY_API_KEY, role GATEWAY);
//                                      operators' TOTP keys sealed with AMS_GATEWAY_SECRET_KEY
//   ams-gateway admin create operators/<id> "<Display Name>" ROLE[,ROLE…] [agencies/<id>]
//                                      makes an operator; the password is read from stdin
//   ams-gateway admin reset-second-factor operators/<id>
//                                      forgets a lost authenticator app
#include <iostream>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/api_keys.h"
#include "common/grpc_server.h"
#include "common/kafka_event_bus.h"
#include "common/logging.h"
#include "common/password_hasher.h"
#include "common/random.h"
#include "common/redis_kv_store.h"
#include "common/secret_box.h"
#include "common/service_runtime.h"
#include "common/settings.h"
#include "services/gateway/claims.h"
#include "services/gateway/client_address.h"
#include "services/gateway/gateway.h"
#include "services/gateway/http_server.h"
#include "services/gateway/live_updates.h"
#include "services/gateway/operators.h"
#include "services/gateway/service_clients.h"
#include "services/gateway/sessions.h"
#include "services/gateway/work_desk.h"

ABSL_FLAG(std::vector<std::string>, set, {},
          "AMS_* settings as KEY=VALUE, comma-separated, overriding the environment");

extern char** environ;

namespace {

constexpr char kAdminUsage[] =
    "usage: ams-gateway admin create operators/<id> \"<Display Name>\" ROLE[,ROLE...] "
    "[agencies/<id>]"
    "   (password on stdin)\n"
    "       ams-gateway admin reset-second-factor operators/<id>\n";

// `admin reset-second-factor operators/<id>`: the operator lost their authenticator app.
int ResetSecondFactor(ams::KvStore* kv, const std::vector<char*>& args) {
  ams::gateway::SecondFactor second_factor(kv, &ams::RealClock(), &ams::SecureRandom(), "");
  if (absl::Status reset = second_factor.Remove(args[3]); !reset.ok()) {
    std::cerr << "ams-gateway: " << reset.message() << "\n";
    return 2;
  }
  std::cout << args[3] << " enrols an authenticator app again at next sign-in\n";
  return 0;
}

// `admin create operators/<id> "<Display Name>" ROLE[,ROLE…] [agencies/<id>]`, the password
// on stdin; an agency's user is `AGENCY agencies/<id>`.
int CreateOperator(ams::gateway::Operators& operators, const std::vector<char*>& args) {
  std::vector<ams::type::v1::Role> roles;
  for (absl::string_view r : absl::StrSplit(args[5], ',')) {
    ams::type::v1::Role role;
    if (!ams::type::v1::Role_Parse(absl::StrCat("ROLE_", r), &role)) {
      std::cerr << "ams-gateway: unknown role " << r << "\n";
      return 2;
    }
    roles.push_back(role);
  }
  std::string password;
  std::getline(std::cin, password);
  absl::StatusOr<ams::gateway::v1::Operator> made =
      operators.Create(args[3], args[4], roles, password, args.size() > 6 ? args[6] : "");
  if (!made.ok()) {
    std::cerr << "ams-gateway: " << made.status().message() << "\n";
    return absl::IsAlreadyExists(made.status()) ? 3 : 2;
  }
  std::cout << made->name() << " created\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  ams::BlockTerminationSignals();
  std::vector<char*> args = absl::ParseCommandLine(argc, argv);
  absl::StatusOr<ams::Settings> settings = ams::Settings::Load(environ, absl::GetFlag(FLAGS_set));
  if (!settings.ok()) return ams::StartFailed(settings.status());
  ams::KafkaOptions kafka;
  kafka.brokers = settings->String("AMS_KAFKA_BROKERS", kafka.brokers);
  kafka.client_id = "ams-gateway";
  ams::gateway::HttpServerOptions http;
  http.address = settings->String("AMS_GATEWAY_ADDR", "127.0.0.1:8080");
  http.workers = static_cast<int>(settings->Int("AMS_WORKER_THREADS", 8, 1, 256));
  // An applicant's upload (a 2 MiB scan) travels base64 in JSON.
  http.max_body_bytes = 4 << 20;
  http.max_connections =
      static_cast<int>(settings->Int("AMS_GATEWAY_MAX_CONNECTIONS", 2000, 1, 100000));
  absl::StatusOr<ams::gateway::TrustedProxies> proxies =
      ams::gateway::TrustedProxies::Parse(settings->String("AMS_GATEWAY_TRUSTED_PROXIES", ""));
  if (!proxies.ok()) return ams::StartFailed(proxies.status());
  const std::string web_root = settings->String("AMS_GATEWAY_WEB_ROOT", "web/dist");
  ams::RedisOptions redis;
  redis.address = settings->String("AMS_REDIS_ADDR", redis.address);
  ams::Argon2Params argon2;
  argon2.memory_kib = settings->Int("AMS_ARGON2_MEMORY_KIB", 19 * 1024, 8, 4 * 1024 * 1024);
  argon2.iterations = settings->Int("AMS_ARGON2_ITERATIONS", 2, 1, 100);
  ams::gateway::ServiceAddresses services;
  services.intake = settings->String("AMS_INTAKE_ADDR", "127.0.0.1:7101");
  services.forwarding = settings->String("AMS_FORWARDING_ADDR", "127.0.0.1:7102");
  services.enrollment = settings->String("AMS_ENROLLMENT_ADDR", "127.0.0.1:7103");
  services.verification = settings->String("AMS_VERIFICATION_ADDR", "127.0.0.1:7104");
  services.audit = settings->String("AMS_AUDIT_ADDR", "127.0.0.1:7106");
  services.credential = settings->String("AMS_CREDENTIAL_ADDR", "127.0.0.1:7105");
  const std::string api_key = settings->String("AMS_GATEWAY_API_KEY", "");
  const std::string secret_key_hex = settings->String("AMS_GATEWAY_SECRET_KEY", "");
  if (absl::Status valid = settings->Validate(); !valid.ok()) return ams::StartFailed(valid);

  absl::StatusOr<std::unique_ptr<ams::RedisKvStore>> kv = ams::RedisKvStore::Create(redis);
  if (!kv.ok()) return ams::StartFailed(kv.status());
  ams::PasswordHasher hasher(argon2);
  ams::gateway::Operators operators(kv->get(), &hasher);
  if (args.size() > 1 && std::string(args[1]) == "admin") {
    const std::string command = args.size() > 2 ? args[2] : "";
    if (command == "create" && (args.size() == 6 || args.size() == 7)) {
      return CreateOperator(operators, args);
    }
    if (command == "reset-second-factor" && args.size() == 4 && !ams::OperatorId(args[3]).empty()) {
      return ResetSecondFactor(kv->get(), args);
    }
    std::cerr << kAdminUsage;
    return 2;
  }

  if (api_key.empty()) {
    return ams::StartFailed(absl::InvalidArgumentError(
        "AMS_GATEWAY_API_KEY is required: the gateway's own key (role GATEWAY) to the services"));
  }
  absl::StatusOr<std::string> secret_key =
      ams::SecretBoxKey("AMS_GATEWAY_SECRET_KEY", secret_key_hex);
  if (!secret_key.ok()) return ams::StartFailed(secret_key.status());
  ams::gateway::Sessions sessions(kv->get(), &ams::RealClock(), &ams::SecureRandom());
  ams::gateway::SecondFactor second_factor(kv->get(), &ams::RealClock(), &ams::SecureRandom(),
                                           *secret_key);
  ams::gateway::ServiceClients clients(services, api_key);
  ams::gateway::Claims claims(kv->get(), &ams::RealClock());
  ams::gateway::WorkDesk work(&clients, &claims, &operators);
  // Live updates: every event of the pipeline, heard by this process alone.
  ams::gateway::LiveUpdates live(
      absl::StrCat(absl::ToUnixSeconds(absl::Now()), ams::SecureRandom().Uniform(1000000)), {},
      [&sessions](const std::string& session) {
        absl::StatusOr<bool> alive = sessions.Alive(session);
        return !alive.ok() || *alive;  // Redis out of reach: keep it until it answers
      });
  live.StartHeartbeats(absl::Seconds(15));
  absl::StatusOr<std::unique_ptr<ams::KafkaTail>> tail = ams::KafkaTail::Start(
      kafka, ams::PipelineTopics(), [&live](const ams::ConsumedRecord& record) {
        std::string type, subject;
        for (const auto& [key, value] : record.headers) {
          if (key == "ce_type") type = value;
          if (key == "ce_subject") subject = value;
        }
        live.Publish(type, absl::StrCat("applications/", subject.substr(0, 64)));
      });
  if (!tail.ok()) return ams::StartFailed(tail.status());
  ams::gateway::ApplicantSessions activations(kv->get(), &ams::RealClock(), &ams::SecureRandom(),
                                              "activation", ams::gateway::NoActivation());
  ams::gateway::ApplicantSessions accounts(kv->get(), &ams::RealClock(), &ams::SecureRandom(),
                                           "account", ams::gateway::NoAccountSession());
  ams::gateway::ApplicantDesk applicants(&clients, &activations, &accounts, &ams::RealClock());
  ams::gateway::AgencyDesk agencies(&clients);
  ams::gateway::OperatorAdmin admin(&operators, &sessions, &second_factor, &live,
                                    &ams::SecureRandom());
  // Agencies' keys: published to the access topic, followed back for the admin's list.
  absl::StatusOr<std::unique_ptr<ams::KafkaPublisher>> publisher =
      ams::KafkaPublisher::Create(kafka);
  if (!publisher.ok()) return ams::StartFailed(publisher.status());
  ams::ApiKeys unused_keys;  // the gateway authenticates people, not keys
  ams::IssuedApiKeys issued(&unused_keys);
  if (absl::Status s = issued.Follow(kafka); !s.ok()) return ams::StartFailed(s);
  ams::gateway::AgencyKeys agency_keys(publisher->get(), &issued, &ams::RealClock(),
                                       &ams::SecureRandom());
  ams::gateway::Gateway gateway(web_root, {&operators, &sessions, &second_factor, &work, &live,
                                           &applicants, &agencies, &admin, &agency_keys});
  absl::StatusOr<std::unique_ptr<ams::gateway::HttpServer>> server =
      ams::gateway::HttpServer::Start(
          http, [&](const ams::gateway::HttpRequest& r, const std::string& peer) {
            return gateway.Serve(r, proxies->ClientOf(r, peer));
          });
  if (!server.ok()) return ams::StartFailed(server.status());
  // The line tests and make run wait for.
  std::cout << "ams-gateway http=" << (*server)->port() << std::endl;
  ams::LogInfo("gateway serving",
               {{"port", absl::StrCat((*server)->port())}, {"web_root", web_root}});
  ams::WaitForTerminationSignal();
  (*tail)->Stop();
  live.CloseAll();
  (*server)->Stop();
  return 0;
}
