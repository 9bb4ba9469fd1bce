#include "common/runtime_config.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace ams {

RuntimeConfig RuntimeConfig::Read(std::string service, int default_grpc_port,
                                  int default_metrics_port, Settings& s) {
  RuntimeConfig c;
  c.service = std::move(service);
  c.grpc_address = s.Address("AMS_GRPC_ADDR", absl::StrCat("127.0.0.1:", default_grpc_port));
  c.metrics_address =
      s.Address("AMS_METRICS_ADDR", absl::StrCat("127.0.0.1:", default_metrics_port));
  c.kafka.brokers = absl::StrJoin(s.List("AMS_KAFKA_BROKERS", "127.0.0.1:9092"), ",");
  c.kafka.client_id = absl::StrCat("ams-", c.service);
  c.kafka.linger_ms = static_cast<int>(s.Int("AMS_KAFKA_LINGER_MS", 0, 0, 1000));
  c.kafka_partitions = static_cast<int>(s.Int("AMS_KAFKA_PARTITIONS", 3, 1, 1024));
  c.redis.address = s.Address("AMS_REDIS_ADDR", "127.0.0.1:6379");
  c.redis.pool_size = static_cast<int>(s.Int("AMS_REDIS_POOL_SIZE", 8, 1, 256));
  ParseLogLevel(s.OneOf("AMS_LOG_LEVEL", "info", {"debug", "info", "warning", "error"}),
                &c.log_level);
  c.shutdown_grace =
      s.Duration("AMS_SHUTDOWN_GRACE", absl::Seconds(10), absl::ZeroDuration(), absl::Minutes(5));
  c.dedupe_window =
      s.Duration("AMS_DEDUPE_WINDOW", absl::Hours(24 * 7), absl::Minutes(1), absl::Hours(24 * 90));
  c.outbox_poll_interval = s.Duration("AMS_OUTBOX_POLL_INTERVAL", absl::Milliseconds(500),
                                      absl::Milliseconds(10), absl::Minutes(1));
  return c;
}

}  // namespace ams
