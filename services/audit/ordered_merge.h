// One total order over several Kafka partitions that depends only on what they hold, so a
// replay from the start yields the ledger it yielded live: records in order of the broker's
// timestamp, then topic, partition and offset. A record is released only when no partition
// can still deliver one that sorts before it: every partition has a record waiting, or has
// been read to its end and the record is older than the grace period (how long a record may
// take from the broker's log to this consumer).
#ifndef AMS_SERVICES_AUDIT_ORDERED_MERGE_H_
#define AMS_SERVICES_AUDIT_ORDERED_MERGE_H_

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/time/time.h"
#include "common/event_bus.h"

namespace ams::audit {

class OrderedMerge {
 public:
  using Partition = std::pair<std::string, int32_t>;  // topic, partition

  explicit OrderedMerge(absl::Duration grace) : grace_(grace) {}

  // The partitions to merge; each must be seen (a record or its end) before anything moves.
  void Assign(const std::vector<Partition>& partitions);
  void Add(ConsumedRecord record, absl::Time broker_time);
  // The partition was read up to `next_offset` (exclusive).
  void ReachedEnd(const Partition& partition, int64_t next_offset);

  // The next record in the order, when it can be known at `now`.
  std::optional<ConsumedRecord> Next(absl::Time now);
  size_t buffered() const;
  // Every record stamped before this has been released: `now` less the grace period when every
  // partition is read to its end, else the stamp of the last record released.
  absl::Time Watermark(absl::Time now) const;

 private:
  struct Waiting {
    ConsumedRecord record;
    absl::Time broker_time;
  };
  struct State {
    std::deque<Waiting> waiting;
    int64_t next = -1;    // offset after the last released record (-1: none yet)
    int64_t end_at = -1;  // the offset its end was reported at (-1: not yet)
    bool AtEnd() const { return waiting.empty() && end_at >= 0 && end_at >= next; }
  };

  const absl::Duration grace_;
  absl::Time released_through_ = absl::InfinitePast();
  std::map<Partition, State> partitions_;
};

}  // namespace ams::audit

#endif  // AMS_SERVICES_AUDIT_ORDERED_MERGE_H_
