#include "common/outbox.h"

#include <set>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/cloud_event.h"
#include "common/logging.h"
#include "common/metrics.h"
#include "common/status_macros.h"

namespace ams {

Outbox::Outbox(KvStore* kv, std::string prefix, Clock* clock)
    : kv_(kv), prefix_(std::move(prefix)), clock_(clock) {}

std::string Outbox::OutboxKey(const std::string& application) const {
  return TaggedKey(prefix_, application, "outbox");
}

std::string Outbox::PendingKey() const { return absl::StrCat(prefix_, ":outbox:pending"); }

absl::StatusOr<std::vector<KvReply>> Outbox::Commit(const std::string& application,
                                                    KvWrites state_changes,
                                                    absl::Span<const EventEnvelope> events) {
  if (!events.empty()) {
    KvCommand push = {"RPUSH", OutboxKey(application)};
    for (const EventEnvelope& e : events) push.push_back(e.SerializeAsString());
    state_changes.commands.push_back(std::move(push));
  }
  ASSIGN_OR_RETURN(std::vector<KvReply> replies,
                   kv_->Transaction(state_changes.commands, state_changes.preconditions));
  if (!events.empty()) {
    // After the transaction: the relay may unmark and read at any moment before this, and
    // then this mark brings it back. A crash right here is what the sweep is for.
    absl::Status marked = kv_->Run({"ZADD", PendingKey(), "NX",
                                    absl::StrCat(absl::ToUnixMillis(clock_->Now())), application})
                              .status();
    if (!marked.ok())
      LogWarning("outbox mark failed; the sweep will find it", {{"status", marked}});
    if (on_commit_) on_commit_();
  }
  return replies;
}

OutboxRelay::OutboxRelay(Outbox* outbox, KvStore* kv, EventPublisher* publisher, Clock* clock,
                         RelayOptions options)
    : outbox_(outbox),
      kv_(kv),
      publisher_(publisher),
      clock_(clock),
      options_(std::move(options)),
      lease_(kv, absl::StrCat(outbox->prefix(), ":outbox:lease"), options_.owner, options_.lease) {
  if (options_.registry != nullptr) {
    const prometheus::Labels labels = {{"service", outbox_->prefix()}};
    published_ = &prometheus::BuildCounter()
                      .Name("ams_outbox_published_total")
                      .Help("Events the outbox relay published and Kafka acknowledged")
                      .Register(*options_.registry)
                      .Add(labels);
    failures_ = &prometheus::BuildCounter()
                     .Name("ams_outbox_publish_failures_total")
                     .Help("Events whose publish failed; they stay in the outbox for a retry")
                     .Register(*options_.registry)
                     .Add(labels);
    publish_lag_ = &prometheus::BuildHistogram()
                        .Name("ams_outbox_publish_lag_seconds")
                        .Help("From an event's ce_time (its state change) to Kafka's ack")
                        .Register(*options_.registry)
                        .Add(labels, EventLatencyBuckets());
  }
}

OutboxRelay::~OutboxRelay() { Stop(); }

absl::StatusOr<int> OutboxRelay::RelayOnce() {
  ASSIGN_OR_RETURN(bool leader, lease_.Hold());
  if (!leader) return 0;
  ASSIGN_OR_RETURN(KvReply pending, kv_->Run({"ZRANGEBYSCORE", outbox_->PendingKey(), "-inf",
                                              "+inf", "LIMIT", "0", absl::StrCat(options_.batch)}));
  if (pending.elements.empty()) return 0;
  // Unmark, then read: a write that lands after the read marks its application again.
  std::vector<KvCommand> unmark_and_read;
  for (const KvReply& app : pending.elements) {
    unmark_and_read.push_back({"ZREM", outbox_->PendingKey(), app.str});
    unmark_and_read.push_back({"LRANGE", outbox_->OutboxKey(app.str), "0", "-1"});
  }
  ASSIGN_OR_RETURN(std::vector<KvReply> replies, kv_->Pipeline(unmark_and_read));

  struct Entry {
    const std::string* application;
    const std::string* stored;  // the outbox entry as read, which LREM removes
  };
  std::vector<Entry> entries;
  std::vector<EventEnvelope> events;
  for (size_t i = 0; i < pending.elements.size(); ++i) {
    for (const KvReply& item : replies[2 * i + 1].elements) {
      EventEnvelope e;
      if (!e.ParseFromString(item.str)) {
        return absl::DataLossError(
            absl::StrCat("outbox of ", pending.elements[i].str, " holds an unreadable entry"));
      }
      entries.push_back({&pending.elements[i].str, &item.str});
      events.push_back(std::move(e));
    }
  }
  // A publish can block up to Kafka's delivery timeout, longer than the lease.
  std::vector<absl::Status> published;
  lease_.WhileHeld([&] { published = publisher_->PublishAll(events); });

  // Each acknowledged entry is removed by its own value, never by position or count: an
  // entry appended meanwhile, or one another relay (whose lease lapsed) already removed,
  // cannot be lost. After an application's first failure the rest of its outbox stays, in
  // order, and the application is marked again.
  std::vector<KvCommand> updates;
  std::set<std::string> failed;
  int sent = 0;
  absl::Status first_error;
  const std::string now_ms = absl::StrCat(absl::ToUnixMillis(clock_->Now()));
  for (size_t i = 0; i < events.size(); ++i) {
    const std::string& app = *entries[i].application;
    if (failed.count(app) || !published[i].ok()) {
      if (failed.insert(app).second) {
        if (first_error.ok()) first_error = published[i];
        updates.push_back({"ZADD", outbox_->PendingKey(), "NX", now_ms, app});
      }
      continue;
    }
    if (publish_lag_ != nullptr) {
      publish_lag_->Observe(absl::ToDoubleSeconds(clock_->Now() - FromTimestamp(events[i].time())));
    }
    ++sent;
    updates.push_back({"LREM", outbox_->OutboxKey(app), "1", *entries[i].stored});
  }
  if (!updates.empty()) RETURN_IF_ERROR(kv_->Pipeline(updates).status());
  if (published_ != nullptr) {
    published_->Increment(sent);
    failures_->Increment(static_cast<double>(events.size() - sent));
  }
  if (!first_error.ok()) return first_error;
  return sent;
}

absl::StatusOr<int> OutboxRelay::Sweep() {
  const std::string pattern = TaggedKey(outbox_->prefix(), "*", "outbox");
  const std::string now_ms = absl::StrCat(absl::ToUnixMillis(clock_->Now()));
  std::string cursor = "0";
  int found = 0;
  do {
    ASSIGN_OR_RETURN(KvReply page, kv_->Run({"SCAN", cursor, "MATCH", pattern, "COUNT", "1000"}));
    cursor = page.elements[0].str;
    std::vector<KvCommand> marks;
    for (const KvReply& key : page.elements[1].elements) {
      // "P:{A}:outbox" -> A
      size_t open = key.str.find(":{"), close = key.str.rfind("}:");
      if (open == std::string::npos || close == std::string::npos || close <= open) continue;
      marks.push_back({"ZADD", outbox_->PendingKey(), "NX", now_ms,
                       key.str.substr(open + 2, close - open - 2)});
    }
    if (!marks.empty()) RETURN_IF_ERROR(kv_->Pipeline(marks).status());
    found += static_cast<int>(marks.size());
  } while (cursor != "0");
  return found;
}

void OutboxRelay::Start() {
  absl::Time next_sweep = absl::InfinitePast();
  loop_.Start(options_.poll_interval, [this, next_sweep]() mutable {
    if (clock_->Now() >= next_sweep) {
      absl::StatusOr<int> found = Sweep();
      if (!found.ok()) LogWarning("outbox sweep failed", {{"status", found.status()}});
      next_sweep = clock_->Now() + options_.sweep_interval;
    }
    absl::StatusOr<int> sent = RelayOnce();
    if (sent.ok() && *sent > 0) Wake();  // there may be more than one batch
    if (!sent.ok()) {
      LogWarning("outbox relay pass failed; will retry", {{"status", sent.status()}});
      absl::SleepFor(absl::Milliseconds(100));
    }
  });
}

void OutboxRelay::Wake() { loop_.Wake(); }

void OutboxRelay::Stop() { loop_.Stop(); }

}  // namespace ams
