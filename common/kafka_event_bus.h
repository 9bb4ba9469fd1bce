// The event bus on Apache Kafka through librdkafka: an idempotent producer (acks=all)
// and a consumer-group runtime that stores an offset only after the dispatcher has taken
// its record to a final outcome, so commits always follow durable effects.
#ifndef AMS_COMMON_KAFKA_EVENT_BUS_H_
#define AMS_COMMON_KAFKA_EVENT_BUS_H_

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/event_bus.h"
#include "common/event_dispatcher.h"

namespace RdKafka {
class Message;
class Producer;
class KafkaConsumer;
class DeliveryReportCb;
}  // namespace RdKafka

namespace ams {

struct KafkaOptions {
  std::string brokers = "127.0.0.1:9092";
  std::string client_id = "ams";
  // Producer batching delay. 0: send at once (about 1 ms to an ack on loopback, against 2-3
  // ms with 1 ms); under load librdkafka still batches what queues while a request is out.
  int linger_ms = 0;
  absl::Duration delivery_timeout = absl::Seconds(30);
  // Consumer: how long the group waits for a silent member before rebalancing.
  absl::Duration session_timeout = absl::Seconds(10);
};

class KafkaPublisher final : public EventPublisher {
 public:
  static absl::StatusOr<std::unique_ptr<KafkaPublisher>> Create(const KafkaOptions& options);
  ~KafkaPublisher() override;  // flushes what is in flight

  std::vector<absl::Status> PublishAll(absl::Span<const EventEnvelope> events) override;
  absl::Status PublishRecord(const std::string& topic, const std::string& key,
                             const std::string& value, const KafkaHeaders& headers) override;

 private:
  class DeliveryReports;
  struct Batch;
  KafkaPublisher() = default;
  absl::Status Produce(const std::string& topic, const std::string& key, const std::string& value,
                       const KafkaHeaders& headers, void* opaque);

  std::unique_ptr<DeliveryReports> reports_;
  std::unique_ptr<RdKafka::Producer> producer_;
  std::atomic<bool> stopping_{false};
  std::thread poller_;
};

class KafkaConsumer {
 public:
  static absl::StatusOr<std::unique_ptr<KafkaConsumer>> Create(
      const KafkaOptions& options, const std::string& group, const std::vector<std::string>& topics,
      EventDispatcher* dispatcher);
  ~KafkaConsumer();  // Stop()

  // Polls and dispatches on a background thread.
  void Start();
  // Stops polling, finishes the record in hand, commits stored offsets and leaves the group.
  void Stop();

 private:
  // A record whose handling failed for a retryable reason: its partition is paused and
  // rewound to it until `resume_at`, while the consumer polls on (keeping its membership).
  struct Retry {
    int64_t offset = 0;
    int attempts = 0;
    absl::Time resume_at;
    bool resumed = false;
  };

  KafkaConsumer() = default;
  void Run();
  void PauseAt(const std::pair<std::string, int32_t>& partition, int64_t offset);
  void ResumeDuePartitions();

  std::map<std::pair<std::string, int32_t>, Retry> retries_;  // by topic and partition
  EventDispatcher* dispatcher_ = nullptr;
  std::unique_ptr<RdKafka::KafkaConsumer> consumer_;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

// Every new record of `topics` from now on, for this process alone: a consumer group of its
// own, nothing committed. What the gateway turns into live updates; records published while
// it is down are not seen (the screens reload on reconnect).
class KafkaTail {
 public:
  using OnRecord = std::function<void(const ConsumedRecord&)>;
  // `on_record` runs on the tail's thread. From the topics' ends, or with `from_start` from
  // their beginnings (a compacted topic read as a table).
  static absl::StatusOr<std::unique_ptr<KafkaTail>> Start(const KafkaOptions& options,
                                                          const std::vector<std::string>& topics,
                                                          OnRecord on_record,
                                                          bool from_start = false);
  ~KafkaTail();  // Stop()
  void Stop();

 private:
  KafkaTail() = default;
  OnRecord on_record_;
  std::unique_ptr<RdKafka::KafkaConsumer> consumer_;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

// A received message as the runtime's record (headers copied).
ConsumedRecord ToConsumedRecord(RdKafka::Message& message);

// Creates the topics that do not exist yet (replication factor 1 for a single broker).
absl::Status EnsureTopics(const KafkaOptions& options, const std::vector<std::string>& topics,
                          int partitions, int replication_factor);

// Every topic of the pipeline: ams.<service>.v1 for each service, and ams.dlq.v1.
std::vector<std::string> PipelineTopics();

// Agencies' API keys issued and revoked at the gateway (issued_api_keys.h): compacted, read
// from its start as a table.
inline constexpr char kAccessTopic[] = "ams.access.v1";

// What a deployment creates: the pipeline's topics and the access topic.
std::vector<std::string> ProvisionedTopics();

}  // namespace ams

#endif  // AMS_COMMON_KAFKA_EVENT_BUS_H_
