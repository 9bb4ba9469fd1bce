#include "services/audit/ordered_merge.h"

#include <algorithm>
#include <tuple>

namespace ams::audit {

void OrderedMerge::Assign(const std::vector<Partition>& partitions) {
  partitions_.clear();
  for (const Partition& p : partitions) partitions_[p];
}

void OrderedMerge::Add(ConsumedRecord record, absl::Time broker_time) {
  State& s = partitions_[{record.topic, record.partition}];
  s.waiting.push_back({std::move(record), broker_time});
}

void OrderedMerge::ReachedEnd(const Partition& partition, int64_t next_offset) {
  auto it = partitions_.find(partition);
  if (it != partitions_.end()) it->second.end_at = next_offset;
}

std::optional<ConsumedRecord> OrderedMerge::Next(absl::Time now) {
  State* best = nullptr;
  bool some_at_end = false;
  for (auto& [partition, s] : partitions_) {
    if (s.waiting.empty()) {
      if (!s.AtEnd()) return std::nullopt;  // it may still hold an earlier record
      some_at_end = true;
      continue;
    }
    const Waiting& w = s.waiting.front();
    if (best == nullptr) {
      best = &s;
      continue;
    }
    const Waiting& b = best->waiting.front();
    if (std::tie(w.broker_time, w.record.topic, w.record.partition, w.record.offset) <
        std::tie(b.broker_time, b.record.topic, b.record.partition, b.record.offset)) {
      best = &s;
    }
  }
  if (best == nullptr) return std::nullopt;
  // A partition read to its end may yet get a record stamped before this one, but not once
  // this one is older than the grace period.
  if (some_at_end && best->waiting.front().broker_time > now - grace_) return std::nullopt;
  released_through_ = std::max(released_through_, best->waiting.front().broker_time);
  ConsumedRecord out = std::move(best->waiting.front().record);
  best->waiting.pop_front();
  best->next = out.offset + 1;
  return out;
}

absl::Time OrderedMerge::Watermark(absl::Time now) const {
  for (const auto& [partition, s] : partitions_) {
    if (!s.AtEnd()) return released_through_;
  }
  return std::max(released_through_, now - grace_);
}

size_t OrderedMerge::buffered() const {
  size_t n = 0;
  for (const auto& [partition, s] : partitions_) n += s.waiting.size();
  return n;
}

}  // namespace ams::audit
