// The event bus behind small interfaces: a publisher that waits for the broker's
// acknowledgement, and a handler that a consumer runtime feeds one event at a time.
#ifndef AMS_COMMON_EVENT_BUS_H_
#define AMS_COMMON_EVENT_BUS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/types/span.h"
#include "common/cloud_event.h"
#include "common/kv_store.h"

namespace ams {

class EventPublisher {
 public:
  virtual ~EventPublisher() = default;
  // Publishes each event to its topic, keyed by its subject, with CloudEvents headers,
  // and waits until the broker acknowledged it (acks=all). One status per event, in order.
  virtual std::vector<absl::Status> PublishAll(absl::Span<const EventEnvelope> events) = 0;
  // Publishes a record as given (the dead-letter topic keeps the original bytes).
  virtual absl::Status PublishRecord(const std::string& topic, const std::string& key,
                                     const std::string& value, const KafkaHeaders& headers) = 0;

  absl::Status Publish(const EventEnvelope& event) { return PublishAll({event}).front(); }
};

// A record as a consumer received it.
struct ConsumedRecord {
  std::string topic;
  int32_t partition = 0;
  int64_t offset = 0;
  std::string key;
  std::string value;
  KafkaHeaders headers;
};

// A service's reaction to the events it consumes.
class EventHandler {
 public:
  virtual ~EventHandler() = default;
  // Applies `event`. `inbox_mark` (its commands and its precondition) must be part of the
  // same Redis transaction as the handler's effect: that is how a redelivered event is
  // recognised and skipped, and how, of two consumers handling it at once, only one
  // commits (the other gets ABORTED). An event the handler has no use for is simply OK. A
  // retryable error (IsRetryable) is retried with backoff; any other error sends the record
  // to the dead-letter topic.
  virtual absl::Status Handle(const EventEnvelope& event, const KvWrites& inbox_mark) = 0;
};

// UNAVAILABLE, ABORTED, DEADLINE_EXCEEDED and RESOURCE_EXHAUSTED: worth trying again.
bool IsRetryable(const absl::Status& status);

}  // namespace ams

#endif  // AMS_COMMON_EVENT_BUS_H_
