#include "common/event_dispatcher.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "common/logging.h"
#include "common/metrics.h"

namespace ams {

bool IsRetryable(const absl::Status& status) {
  switch (status.code()) {
    case absl::StatusCode::kUnavailable:
    case absl::StatusCode::kAborted:
    case absl::StatusCode::kDeadlineExceeded:
    case absl::StatusCode::kResourceExhausted:
      return true;
    default:
      return false;
  }
}

EventDispatcher::EventDispatcher(DispatcherOptions options, EventHandler* handler, KvStore* kv,
                                 EventPublisher* dead_letters, Clock* clock,
                                 prometheus::Registry* registry)
    : options_(std::move(options)),
      handler_(handler),
      kv_(kv),
      dead_letters_(dead_letters),
      clock_(clock) {
  if (registry != nullptr) {
    consumed_ = &prometheus::BuildCounter()
                     .Name("ams_events_consumed_total")
                     .Help("Records taken by a consumer group, by outcome")
                     .Register(*registry);
    lag_ = &prometheus::BuildHistogram()
                .Name("ams_event_lag_seconds")
                .Help("From an event's ce_time to this consumer having applied it")
                .Register(*registry)
                .Add({{"consumer", options_.consumer_group}}, EventLatencyBuckets());
  }
}

std::string EventDispatcher::InboxKey(const std::string& subject,
                                      const std::string& event_id) const {
  return TaggedKey(options_.consumer_group, subject, absl::StrCat("inbox:", event_id));
}

void EventDispatcher::Count(const char* outcome) {
  if (consumed_ != nullptr) {
    consumed_->Add({{"consumer", options_.consumer_group}, {"outcome", outcome}}).Increment();
  }
}

absl::Duration EventDispatcher::RetryDelay(int attempt) const {
  absl::Duration delay = options_.initial_backoff;
  for (int i = 0; i < attempt && delay < options_.max_backoff; ++i) delay *= 2;
  return std::min(delay, options_.max_backoff);
}

KvWrites EventDispatcher::InboxMark(const EventEnvelope& event) const {
  const std::string key = InboxKey(event.subject(), event.id());
  return {
      {{"SET", key, "1", "PX", absl::StrCat(absl::ToInt64Milliseconds(options_.dedupe_window))}},
      {{key, "", ""}}};
}

KafkaHeaders DeadLetterHeaders(const ConsumedRecord& record, const absl::Status& why,
                               const std::string& consumer_group) {
  KafkaHeaders headers = record.headers;
  headers.emplace_back(kDlqReasonHeader, why.ToString());
  headers.emplace_back(kDlqOriginHeader,
                       absl::StrCat(record.topic, "/", record.partition, "/", record.offset));
  headers.emplace_back(kDlqConsumerHeader, consumer_group);
  return headers;
}

EventDispatcher::Outcome EventDispatcher::DeadLetter(const ConsumedRecord& record,
                                                     const absl::Status& why) {
  const KafkaHeaders headers = DeadLetterHeaders(record, why, options_.consumer_group);
  absl::Status published =
      dead_letters_->PublishRecord(kDeadLetterTopic, record.key, record.value, headers);
  if (!published.ok()) {
    // Only transient reasons make a publish fail: try the whole record again later.
    LogWarning("dead-letter publish failed; will retry",
               {{"consumer", options_.consumer_group}, {"status", published}});
    Count("retried");
    return Outcome::kRetry;
  }
  LogWarning("record sent to the dead-letter topic",
             {{"consumer", options_.consumer_group},
              {"origin", absl::StrCat(record.topic, "/", record.partition, "/", record.offset)},
              {"reason", why}});
  Count("dead_lettered");
  return Outcome::kDeadLettered;
}

EventDispatcher::Outcome EventDispatcher::Attempt(const ConsumedRecord& record) {
  absl::StatusOr<EventEnvelope> event =
      FromKafkaRecord(record.topic, record.key, record.value, record.headers);
  if (!event.ok()) return DeadLetter(record, event.status());

  absl::StatusOr<KvReply> seen = kv_->Run({"EXISTS", InboxKey(event->subject(), event->id())});
  absl::Status status = seen.status();
  if (seen.ok()) {
    if (seen->integer > 0) {
      Count("duplicate");
      return Outcome::kDuplicate;
    }
    // What the handler emits continues the trace of the event it handles.
    TraceScope trace(event->traceparent());
    status = handler_->Handle(*event, InboxMark(*event));
  }
  if (status.ok()) {
    Count("handled");
    if (lag_ != nullptr) {
      lag_->Observe(absl::ToDoubleSeconds(clock_->Now() - FromTimestamp(event->time())));
    }
    return Outcome::kHandled;
  }
  if (!seen.ok() || IsRetryable(status)) {
    LogWarning("event handling failed; will retry",
               {{"consumer", options_.consumer_group}, {"event", event->id()}, {"status", status}});
    Count("retried");
    return Outcome::kRetry;
  }
  return DeadLetter(record, status);
}

EventDispatcher::Outcome EventDispatcher::Dispatch(const ConsumedRecord& record,
                                                   const std::atomic<bool>& stopping) {
  for (int attempt = 0;; ++attempt) {
    Outcome outcome = Attempt(record);
    if (outcome != Outcome::kRetry) return outcome;
    if (stopping.load()) return Outcome::kInterrupted;
    clock_->SleepFor(RetryDelay(attempt));
  }
}

}  // namespace ams
