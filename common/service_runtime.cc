#include "common/service_runtime.h"

#include <cstdio>
#include <cstdlib>

#include "absl/strings/str_cat.h"
#include "common/logging.h"
#include "common/random.h"
#include "common/secret_box.h"
#include "common/settings.h"
#include "common/status_macros.h"

extern char** environ;

namespace ams {

RuntimeConfig LoadConfigOrExit(const std::vector<std::string>& overrides,
                               const std::string& service, int grpc_port, int metrics_port,
                               const std::function<void(Settings&)>& read_own) {
  absl::StatusOr<Settings> settings = Settings::Load(environ, overrides);
  if (!settings.ok()) {
    std::fprintf(stderr, "ams-%s: %s\n", service.c_str(), settings.status().ToString().c_str());
    std::exit(2);
  }
  RuntimeConfig config = RuntimeConfig::Read(service, grpc_port, metrics_port, *settings);
  read_own(*settings);
  if (absl::Status valid = settings->Validate(); !valid.ok()) {
    std::fprintf(stderr, "ams-%s: %s\n", service.c_str(), std::string(valid.message()).c_str());
    std::exit(2);
  }
  SetLogService(service);
  SetLogLevel(config.log_level);
  return config;
}

MailSettings ReadMailSettings(Settings& s) {
  return {ReadSmtpOptions(s), s.RequiredString("AMS_MAIL_SEAL_KEY")};
}

int StartFailed(const absl::Status& status) {
  LogError("cannot start", {{"status", status}});
  return 1;
}

absl::StatusOr<std::unique_ptr<ServiceRuntime>> ServiceRuntime::Create(
    const RuntimeConfig& config) {
  std::unique_ptr<ServiceRuntime> r(new ServiceRuntime());
  r->config_ = config;
  ASSIGN_OR_RETURN(r->metrics_, MetricsEndpoint::Start(config.metrics_address));
  ASSIGN_OR_RETURN(r->kv_, RedisKvStore::Create(config.redis));
  ASSIGN_OR_RETURN(r->publisher_, KafkaPublisher::Create(config.kafka));
  r->outbox_ = std::make_unique<Outbox>(r->kv_.get(), config.service, &RealClock());
  RelayOptions relay;
  relay.poll_interval = config.outbox_poll_interval;
  relay.owner = absl::StrCat(config.service, "-", getpid(), "-", NewUuid(SecureRandom()));
  relay.registry = &r->metrics_->registry();
  r->relay_ = std::make_unique<OutboxRelay>(r->outbox_.get(), r->kv_.get(), r->publisher_.get(),
                                            &RealClock(), relay);
  ServiceRuntime* raw = r.get();
  r->outbox_->SetOnCommit([raw] {
    raw->relay_->Wake();
    if (raw->mail_sender_ != nullptr) raw->mail_sender_->Wake();  // the commit may owe mail
  });
  r->relay_->Start();
  return r;
}

absl::Status ServiceRuntime::FollowIssuedApiKeys(ApiKeys* keys) {
  issued_keys_ = std::make_unique<IssuedApiKeys>(keys);
  KafkaOptions options = config_.kafka;
  options.client_id = absl::StrCat(options.client_id, "-keys");
  return issued_keys_->Follow(options);
}

absl::StatusOr<MailOutbox*> ServiceRuntime::StartMail(const MailSettings& settings) {
  ASSIGN_OR_RETURN(std::string seal_key, SecretBoxKey("AMS_MAIL_SEAL_KEY", settings.seal_key_hex));
  ASSIGN_OR_RETURN(mailer_, SmtpMailer::Create(settings.smtp));
  mail_ = std::make_unique<MailOutbox>(kv_.get(), config_.service, std::move(seal_key),
                                       &RealClock(), &SecureRandom());
  MailSenderOptions options;
  options.owner = absl::StrCat(config_.service, "-", getpid(), "-", NewUuid(SecureRandom()));
  options.registry = &metrics_->registry();
  mail_sender_ = std::make_unique<MailSender>(mail_.get(), mailer_.get(), &RealClock(), options);
  mail_sender_->Start();
  return mail_.get();
}

ServiceRuntime::~ServiceRuntime() { Stop(); }

absl::Status ServiceRuntime::Consume(const std::vector<std::string>& topics, EventHandler* handler,
                                     int members) {
  DispatcherOptions options;
  options.consumer_group = absl::StrCat("ams-", config_.service);
  options.dedupe_window = config_.dedupe_window;
  for (int i = 0; i < members; ++i) {
    dispatchers_.push_back(std::make_unique<EventDispatcher>(
        options, handler, kv_.get(), publisher_.get(), &RealClock(), &metrics_->registry()));
    ASSIGN_OR_RETURN(std::unique_ptr<KafkaConsumer> consumer,
                     KafkaConsumer::Create(config_.kafka, options.consumer_group, topics,
                                           dispatchers_.back().get()));
    consumer->Start();
    consumers_.push_back(std::move(consumer));
  }
  return absl::OkStatus();
}

int ServiceRuntime::ServeUntilSignal(const std::vector<grpc::Service*>& services) {
  absl::StatusOr<std::unique_ptr<GrpcServer>> server =
      GrpcServer::Start(config_.grpc_address, services);
  if (!server.ok()) {
    LogError("cannot start", {{"status", server.status()}});
    return 1;
  }
  LogInfo("serving", {{"grpc_port", (*server)->port()}, {"metrics_port", metrics_->port()}});
  // A line for scripts and tests that start the service on port 0.
  std::printf("ams-%s grpc=%d metrics=%d\n", config_.service.c_str(), (*server)->port(),
              metrics_->port());
  std::fflush(stdout);
  int signal = WaitForTerminationSignal();
  LogInfo("shutting down", {{"signal", signal}});
  (*server)->Shutdown(config_.shutdown_grace);
  Stop();
  return 0;
}

void ServiceRuntime::Stop() {
  for (auto& c : consumers_) c->Stop();  // commits what was handled
  consumers_.clear();
  issued_keys_.reset();
  for (auto& stop : on_stop_) stop();
  on_stop_.clear();
  if (mail_sender_ != nullptr) mail_sender_->Stop();  // owed mail waits in Redis
  if (relay_ != nullptr) {
    relay_->Stop();
    (void)relay_->RelayOnce();  // what the last calls committed
    relay_.reset();
  }
}

}  // namespace ams
