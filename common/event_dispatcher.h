// What a consumer does with each record, apart from Kafka itself: decode the CloudEvents
// envelope, skip what this consumer group already handled (dedupe by ce_id), call the
// handler, retry retryable failures with backoff, and send poison records to the
// dead-letter topic so the consumer goes on.
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
  enum class Outcome { kHandled, kDuplicate, kDeadLettered, kInterrupted };

  // `registry` may be null (no metrics).
  EventDispatcher(DispatcherOptions options, EventHandler* handler, KvStore* kv,
                  EventPublisher* dead_letters, Clock* clock, prometheus::Registry* registry);

  // Takes one record to a final outcome. Only kInterrupted (stop requested while retrying)
  // leaves the record unprocessed: its offset must not be committed.
  Outcome Dispatch(const ConsumedRecord& record, const std::atomic<bool>& stopping);

  // Redis key remembering that this group handled `event_id` of `subject`.
  std::string InboxKey(const std::string& subject, const std::string& event_id) const;

 private:
  // Runs `attempt` until it succeeds, fails for good, or `stopping` is set.
  absl::Status Retry(const std::function<absl::Status()>& attempt,
                     const std::atomic<bool>& stopping);
  Outcome DeadLetter(const ConsumedRecord& record, const absl::Status& why,
                     const std::atomic<bool>& stopping);
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
