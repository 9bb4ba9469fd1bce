// Transactional outbox: a service's state change and the events it emits are written in
// one Redis MULTI/EXEC, so neither exists without the other. A relay then publishes the
// events and removes each only after Kafka acknowledged it; a crash anywhere in between
// leaves the event in the outbox for the next pass (consumers dedupe by ce_id, so a
// publish repeated after a crash has no second effect).
//
// Keys (P = the service's prefix, A = application id):
//   P:{A}:outbox       list of serialized EventEnvelope, oldest first (same slot as A's state)
//   P:outbox:pending   sorted set of applications whose outbox may hold events, scored by
//                      first mark (ms). The writer marks right after its transaction; the
//                      relay unmarks an application before reading its outbox, so an event
//                      written meanwhile is always marked again. What a crash leaves
//                      unmarked (writer between transaction and mark, relay between unmark
//                      and publish) the relay's sweep finds: at start and every minute.
//   P:outbox:lease     which replica's relay publishes: one at a time keeps order and spares
//                      double publishing. Correctness does not rest on it: an entry is
//                      removed by its value once acknowledged, so two relays at once (a
//                      lease that lapsed under a stalled process) publish some events twice
//                      (consumers dedupe) and lose none.
#ifndef AMS_COMMON_OUTBOX_H_
#define AMS_COMMON_OUTBOX_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/clock.h"
#include "common/event_bus.h"
#include "common/kv_store.h"
#include "common/lease.h"
#include "common/wakeable_loop.h"
#include "prometheus/counter.h"
#include "prometheus/histogram.h"
#include "prometheus/registry.h"

namespace ams {

class Outbox {
 public:
  Outbox(KvStore* kv, std::string prefix, Clock* clock);

  // Applies `state_changes` and appends `events` to `application`'s outbox in one
  // transaction (see KvStore::Transaction for preconditions and ABORTED), then wakes the
  // relay. Events must have `application` as subject.
  absl::StatusOr<std::vector<KvReply>> Commit(const std::string& application,
                                              KvWrites state_changes,
                                              absl::Span<const EventEnvelope> events);

  // Called after each commit (the relay subscribes to be woken at once).
  void SetOnCommit(std::function<void()> on_commit) { on_commit_ = std::move(on_commit); }

  const std::string& prefix() const { return prefix_; }
  std::string OutboxKey(const std::string& application) const;
  std::string PendingKey() const;

 private:
  KvStore* kv_;
  std::string prefix_;
  Clock* clock_;
  std::function<void()> on_commit_;
};

struct RelayOptions {
  // How often the relay looks without being woken (crash recovery, other replicas).
  absl::Duration poll_interval = absl::Milliseconds(500);
  // Applications taken per pass.
  int batch = 256;
  // How often the relay scans for outboxes a crash left unmarked.
  absl::Duration sweep_interval = absl::Minutes(1);
  // How long a relay that stopped (crashed, paused) blocks the others; renewed while a
  // publish blocks.
  absl::Duration lease = absl::Seconds(10);
  // Identifies this replica in the lease.
  std::string owner = "relay";
  // Where ams_outbox_published_total, ams_outbox_publish_failures_total and
  // ams_outbox_publish_lag_seconds go; may be null.
  prometheus::Registry* registry = nullptr;
};

class OutboxRelay {
 public:
  OutboxRelay(Outbox* outbox, KvStore* kv, EventPublisher* publisher, Clock* clock,
              RelayOptions options);
  ~OutboxRelay();  // Stop()

  // One pass: publishes everything pending (if this replica holds the lease). Returns the
  // number of events published.
  absl::StatusOr<int> RelayOnce();

  // Marks every non-empty outbox pending (SCAN). Returns how many it found.
  absl::StatusOr<int> Sweep();

  // Sweeps, then relays on a background thread, woken by Wake() (Outbox commits) or the poll
  // interval.
  void Start();
  void Stop();
  void Wake();

 private:
  Outbox* outbox_;
  KvStore* kv_;
  EventPublisher* publisher_;
  Clock* clock_;
  const RelayOptions options_;
  Lease lease_;
  prometheus::Counter* published_ = nullptr;
  prometheus::Counter* failures_ = nullptr;
  prometheus::Histogram* publish_lag_ = nullptr;
  WakeableLoop loop_;
};

}  // namespace ams

#endif  // AMS_COMMON_OUTBOX_H_
