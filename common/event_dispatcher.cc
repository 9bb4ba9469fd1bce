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

absl::Status EventDispatcher::Retry(const std::function<absl::Status()>& attempt,
                                    const std::atomic<bool>& stopping) {
  absl::Duration backoff = options_.initial_backoff;
  while (true) {
    absl::Status status = attempt();
    if (status.ok() || !IsRetryable(status)) return status;
    if (stopping.load()) return absl::CancelledError("stopping");
    LogWarning("event handling failed; retrying",
               {{"consumer", options_.consumer_group},
                {"status", status},
                {"backoff_ms", absl::ToInt64Milliseconds(backoff)}});
    clock_->SleepFor(backoff);
    backoff = std::min(backoff * 2, options_.max_backoff);
  }
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
                                                     const absl::Status& why,
                                                     const std::atomic<bool>& stopping) {
  const KafkaHeaders headers = DeadLetterHeaders(record, why, options_.consumer_group);
  // Publishing to the dead-letter topic can only fail for transient reasons; keep trying.
  absl::Status published = Retry(
      [&] {
        absl::Status s =
            dead_letters_->PublishRecord(kDeadLetterTopic, record.key, record.value, headers);
        return s.ok() ? s : absl::UnavailableError(s.message());
      },
      stopping);
  if (!published.ok()) return Outcome::kInterrupted;
  LogWarning("record sent to the dead-letter topic",
             {{"consumer", options_.consumer_group},
              {"origin", absl::StrCat(record.topic, "/", record.partition, "/", record.offset)},
              {"reason", why}});
  Count("dead_lettered");
  return Outcome::kDeadLettered;
}

EventDispatcher::Outcome EventDispatcher::Dispatch(const ConsumedRecord& record,
                                                   const std::atomic<bool>& stopping) {
  absl::StatusOr<EventEnvelope> event =
      FromKafkaRecord(record.topic, record.key, record.value, record.headers);
  if (!event.ok()) return DeadLetter(record, event.status(), stopping);

  const std::string inbox_key = InboxKey(event->subject(), event->id());
  bool duplicate = false;
  absl::Status status = Retry(
      [&]() -> absl::Status {
        absl::StatusOr<KvReply> seen = kv_->Run({"EXISTS", inbox_key});
        if (!seen.ok()) return absl::UnavailableError(seen.status().message());
        duplicate = seen->integer > 0;
        return absl::OkStatus();
      },
      stopping);
  if (!status.ok()) return Outcome::kInterrupted;
  if (duplicate) {
    Count("duplicate");
    return Outcome::kDuplicate;
  }

  const KvCommand inbox_mark = {"SET", inbox_key, "1", "PX",
                                absl::StrCat(absl::ToInt64Milliseconds(options_.dedupe_window))};
  // What the handler emits continues the trace of the event it handles.
  TraceScope trace(event->traceparent());
  status = Retry([&] { return handler_->Handle(*event, inbox_mark); }, stopping);
  if (status.ok()) {
    Count("handled");
    if (lag_ != nullptr) {
      lag_->Observe(absl::ToDoubleSeconds(clock_->Now() - FromTimestamp(event->time())));
    }
    return Outcome::kHandled;
  }
  if (absl::IsCancelled(status) && stopping.load()) return Outcome::kInterrupted;
  return DeadLetter(record, status, stopping);
}

}  // namespace ams
