// What a consumer does with each record, apart from Kafka itself: decode the CloudEvents
// envelope, skip what this consumer group already handled (dedupe by ce_id), call the
// handler, say when a retryable failure should be tried again, and send poison records to
// the dead-letter topic so the consumer goes on.
//
// Dedupe holds with several consumers at once (a rebalance hands a partition over while the
// old owner is still handling a record): the handler writes the inbox mark in the same
// transaction as its effect, on condition that the mark is absent, so of two consumers
// handling one event exactly one commits; the other's transaction aborts, and its retry
// finds the mark and calls the event a duplicate.
#ifndef AMS_COMMON_EVENT_DISPATCHER_H_
#define AMS_COMMON_EVENT_DISPATCHER_H_

#include <atomic>
#include <memory>
#include <string>

#include "absl/time/time.h"
#include "common/clock.h"
#include "common/event_bus.h"
#include "common/kv_store.h"
#include "prometheus/counter.h"
#include "prometheus/histogram.h"
#include "prometheus/registry.h"

namespace ams {

struct DispatcherOptions {
  // The Kafka consumer group; also the prefix of its inbox keys in Redis.
  std::string consumer_group;
  // How long a handled event's id is remembered. Redelivery happens within seconds to
  // hours (rebalance, restart), far inside this window.
  absl::Duration dedupe_window = absl::Hours(24 * 7);
  absl::Duration initial_backoff = absl::Milliseconds(10);
  absl::Duration max_backoff = absl::Seconds(5);
};

// The record's headers plus why it is dead-lettered, where it came from and which consumer
// group gave up on it: what every record on the dead-letter topic carries.
KafkaHeaders DeadLetterHeaders(const ConsumedRecord& record, const absl::Status& why,
                               const std::string& consumer_group);

class EventDispatcher {
 public:
  // kRetry: a retryable failure (Redis or the SMTP server unavailable, a concurrent write,
  // the dead-letter topic unreachable); the record is unprocessed and its offset must not
  // be committed. kInterrupted: Dispatch was asked to stop while retrying.
  enum class Outcome { kHandled, kDuplicate, kDeadLettered, kRetry, kInterrupted };

  // `registry` may be null (no metrics).
  EventDispatcher(DispatcherOptions options, EventHandler* handler, KvStore* kv,
                  EventPublisher* dead_letters, Clock* clock, prometheus::Registry* registry);

  // One try at a record; never blocks on a retry. The Kafka consumer calls this, and on
  // kRetry pauses only this record's partition for RetryDelay() while it goes on polling,
  // so it keeps its group membership and the other partitions move on.
  Outcome Attempt(const ConsumedRecord& record);
  // The wait before try number `attempt` + 1 of a record (0-based): doubling, capped.
  absl::Duration RetryDelay(int attempt) const;

  // Attempts until a final outcome, sleeping RetryDelay() between tries (for tests and
  // tools that own no consumer); kInterrupted when `stopping` is set during a retry.
  Outcome Dispatch(const ConsumedRecord& record, const std::atomic<bool>& stopping);

  // Redis key remembering that this group handled `event_id` of `subject`.
  std::string InboxKey(const std::string& subject, const std::string& event_id) const;
  // What a handler commits with its effect for `event` (see EventHandler::Handle).
  KvWrites InboxMark(const EventEnvelope& event) const;

 private:
  Outcome DeadLetter(const ConsumedRecord& record, const absl::Status& why);
  void Count(const char* outcome);

  const DispatcherOptions options_;
  EventHandler* handler_;
  KvStore* kv_;
  EventPublisher* dead_letters_;
  Clock* clock_;
  prometheus::Family<prometheus::Counter>* consumed_ = nullptr;
  // From the event's ce_time to its effect being durable here: one hop of the pipeline.
  prometheus::Histogram* lag_ = nullptr;
};

}  // namespace ams

#endif  // AMS_COMMON_EVENT_DISPATCHER_H_
