// What every service process runs around its own logic: logging, metrics, Redis, the Kafka
// producer, the outbox and its relay, consumer groups, the gRPC server, and an orderly
// shutdown on SIGTERM/SIGINT (stop taking calls, finish running ones, stop consuming,
// relay what is left, flush the producer).
#ifndef AMS_COMMON_SERVICE_RUNTIME_H_
#define AMS_COMMON_SERVICE_RUNTIME_H_

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/event_dispatcher.h"
#include "common/grpc_server.h"
#include "common/issued_api_keys.h"
#include "common/kafka_event_bus.h"
#include "common/mail_outbox.h"
#include "common/metrics.h"
#include "common/outbox.h"
#include "common/redis_kv_store.h"
#include "common/runtime_config.h"
#include "common/smtp_mailer.h"

namespace ams {

// What a service that mails reads: AMS_SMTP_* and AMS_MAIL_SEAL_KEY (64 hex digits, the key
// its owed mail is sealed with at rest).
struct MailSettings {
  SmtpOptions smtp;
  std::string seal_key_hex;
};
MailSettings ReadMailSettings(Settings& settings);

class ServiceRuntime {
 public:
  // Connects to Redis and Kafka and starts the outbox relay and the metrics endpoint.
  static absl::StatusOr<std::unique_ptr<ServiceRuntime>> Create(const RuntimeConfig& config);
  ~ServiceRuntime();

  KvStore& kv() { return *kv_; }
  Outbox& outbox() { return *outbox_; }
  EventPublisher& publisher() { return *publisher_; }
  prometheus::Registry& metrics() { return metrics_->registry(); }

  // Feeds `topics` to `handler` in this service's consumer group ("ams-<service>"), with
  // `members` consumers in this process sharing the partitions (each partition, so each
  // application, is still handled by one at a time); `handler` must then be thread-safe.
  absl::Status Consume(const std::vector<std::string>& topics, EventHandler* handler,
                       int members = 1);

  // The service's owed mail (see MailOutbox), sealed at rest and sent over SMTP by one
  // replica at a time. Call once, before serving or consuming.
  absl::StatusOr<MailOutbox*> StartMail(const MailSettings& settings);

  // Accepts, beside the key file's, the agencies' keys an admin issues at the gateway and
  // stops accepting those revoked (issued_api_keys.h). Call once, before serving.
  absl::Status FollowIssuedApiKeys(ApiKeys* keys);

  // Background work of the service's own (a consumer of another kind, a ticker): `stop` is
  // called at shutdown, with the consumers, before the outbox is relayed a last time.
  void OnStop(std::function<void()> stop) { on_stop_.push_back(std::move(stop)); }

  // Serves gRPC until SIGTERM or SIGINT, then shuts down in order (Stop()), so the
  // service's handlers outlive every call into them. Returns the exit code.
  int ServeUntilSignal(const std::vector<grpc::Service*>& services);
  // Stops consuming (committing what was handled) and relays what is left in the outbox.
  void Stop();

 private:
  ServiceRuntime() = default;

  RuntimeConfig config_;
  std::unique_ptr<MetricsEndpoint> metrics_;
  std::unique_ptr<RedisKvStore> kv_;
  std::unique_ptr<KafkaPublisher> publisher_;
  std::unique_ptr<Outbox> outbox_;
  std::unique_ptr<OutboxRelay> relay_;
  std::unique_ptr<SmtpMailer> mailer_;
  std::unique_ptr<MailOutbox> mail_;
  std::unique_ptr<MailSender> mail_sender_;
  std::unique_ptr<IssuedApiKeys> issued_keys_;
  std::vector<std::unique_ptr<EventDispatcher>> dispatchers_;
  std::vector<std::unique_ptr<KafkaConsumer>> consumers_;
  std::vector<std::function<void()>> on_stop_;
};

// Reads the environment and `overrides` (--set flags) for `service`, calls `read_own` for the
// service's own settings, validates everything, sets up logging, and exits with status 2
// and a message naming each bad setting.
RuntimeConfig LoadConfigOrExit(const std::vector<std::string>& overrides,
                               const std::string& service, int grpc_port, int metrics_port,
                               const std::function<void(Settings&)>& read_own);

// Logs why a service could not start and returns main()'s exit code for it.
int StartFailed(const absl::Status& status);

}  // namespace ams

#endif  // AMS_COMMON_SERVICE_RUNTIME_H_
