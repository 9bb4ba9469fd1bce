// Reads every partition of the given topics in one consumer (group "ams-audit-<ledger>"),
// releases records through OrderedMerge, hands each to the sink, and commits a partition's
// offset only after the sink has made the record's effect durable. After a restart the
// merge starts again from the committed offsets, so the order is the same; records handled
// before the crash but not committed come again and the sink skips them (by event id).
#ifndef AMS_SERVICES_AUDIT_ORDERED_CONSUMER_H_
#define AMS_SERVICES_AUDIT_ORDERED_CONSUMER_H_

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/statusor.h"
#include "common/kafka_event_bus.h"

namespace RdKafka {
class KafkaConsumer;
}

namespace ams::audit {

class OrderedConsumer {
 public:
  using Sink = std::function<absl::Status(const ConsumedRecord&)>;

  static absl::StatusOr<std::unique_ptr<OrderedConsumer>> Create(
      const KafkaOptions& options, const std::string& group, const std::vector<std::string>& topics,
      absl::Duration grace, Sink sink);
  ~OrderedConsumer();  // Stop()

  void Start();
  // The broker time up to which every record has been handed to the sink (see
  // OrderedMerge::Watermark); the Unix epoch until the first pass.
  absl::Time Watermark() const { return absl::FromUnixNanos(watermark_nanos_.load()); }
  // Stops reading and commits what the sink has handled.
  void Stop();

 private:
  OrderedConsumer() = default;
  absl::Status AssignAll(const std::vector<std::string>& topics);
  void Run();

  std::unique_ptr<RdKafka::KafkaConsumer> consumer_;
  std::vector<std::pair<std::string, int32_t>> partitions_;
  absl::Duration grace_;
  Sink sink_;
  std::atomic<bool> stopping_{false};
  std::atomic<int64_t> watermark_nanos_{0};
  std::thread thread_;
};

}  // namespace ams::audit

#endif  // AMS_SERVICES_AUDIT_ORDERED_CONSUMER_H_
