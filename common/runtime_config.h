// The settings every process shares (addresses of Kafka, Redis, its own ports, logging,
// shutdown), read and validated from Settings. A service reads its own settings from the
// same Settings, then calls Settings::Validate() once.
#ifndef AMS_COMMON_RUNTIME_CONFIG_H_
#define AMS_COMMON_RUNTIME_CONFIG_H_

#include <string>

#include "absl/time/time.h"
#include "common/kafka_event_bus.h"
#include "common/logging.h"
#include "common/redis_kv_store.h"
#include "common/settings.h"

namespace ams {

struct RuntimeConfig {
  std::string service;                   // "intake", ...
  std::string grpc_address;              // AMS_GRPC_ADDR
  std::string metrics_address;           // AMS_METRICS_ADDR
  KafkaOptions kafka;                    // AMS_KAFKA_BROKERS, AMS_KAFKA_LINGER_MS
  int kafka_partitions = 3;              // AMS_KAFKA_PARTITIONS (when topics are created)
  RedisOptions redis;                    // AMS_REDIS_ADDR, AMS_REDIS_POOL_SIZE
  LogLevel log_level = LogLevel::kInfo;  // AMS_LOG_LEVEL
  absl::Duration shutdown_grace = absl::Seconds(10);              // AMS_SHUTDOWN_GRACE
  absl::Duration dedupe_window = absl::Hours(24 * 7);             // AMS_DEDUPE_WINDOW
  absl::Duration outbox_poll_interval = absl::Milliseconds(500);  // AMS_OUTBOX_POLL_INTERVAL

  // Reads the shared settings. Problems are recorded in `settings` (see Validate()).
  static RuntimeConfig Read(std::string service, int default_grpc_port, int default_metrics_port,
                            Settings& settings);
};

}  // namespace ams

#endif  // AMS_COMMON_RUNTIME_CONFIG_H_
