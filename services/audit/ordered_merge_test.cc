#include "services/audit/ordered_merge.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace ams::audit {
namespace {

const absl::Time t0 = absl::FromUnixSeconds(1790000000);

ConsumedRecord Rec(const std::string& topic, int32_t partition, int64_t offset) {
  return {topic, partition, offset, "", absl::StrCat(topic, "/", partition, "/", offset), {}};
}

std::vector<std::string> Drain(OrderedMerge& m, absl::Time now) {
  std::vector<std::string> out;
  while (std::optional<ConsumedRecord> r = m.Next(now)) out.push_back(r->value);
  return out;
}

TEST(OrderedMergeTest, WaitsUntilEveryPartitionIsKnown) {
  OrderedMerge m(absl::Seconds(2));
  m.Assign({{"a", 0}, {"b", 0}});
  m.Add(Rec("a", 0, 0), t0 + absl::Milliseconds(5));
  EXPECT_TRUE(Drain(m, t0 + absl::Hours(1)).empty());  // b may hold an earlier record
  m.Add(Rec("b", 0, 0), t0 + absl::Milliseconds(3));
  EXPECT_THAT(Drain(m, t0 + absl::Hours(1)), ::testing::ElementsAre("b/0/0"));
}

TEST(OrderedMergeTest, APartitionAtItsEndHoldsBackOnlyRecentRecords) {
  OrderedMerge m(absl::Seconds(2));
  m.Assign({{"a", 0}, {"b", 0}});
  m.ReachedEnd({"b", 0}, 0);
  m.Add(Rec("a", 0, 0), t0);
  EXPECT_TRUE(Drain(m, t0 + absl::Seconds(1)).empty());
  EXPECT_THAT(Drain(m, t0 + absl::Seconds(2)), ::testing::ElementsAre("a/0/0"));
}

// Live, records trickle in with ends in between; replayed, everything is there at once.
// Both give one order: broker time, then topic, partition, offset.
TEST(OrderedMergeTest, LiveAndReplayGiveTheSameOrder) {
  struct In {
    std::string topic;
    int32_t partition;
    int64_t offset;
    int ms;
  };
  const std::vector<In> log = {{"b", 0, 0, 10}, {"a", 1, 0, 10}, {"a", 0, 0, 12},
                               {"b", 0, 1, 30}, {"a", 0, 1, 31}, {"a", 1, 1, 31}};
  const std::vector<OrderedMerge::Partition> parts = {{"a", 0}, {"a", 1}, {"b", 0}};

  OrderedMerge live(absl::Milliseconds(5));
  live.Assign(parts);
  std::map<OrderedMerge::Partition, int64_t> next;
  for (const auto& p : parts) live.ReachedEnd(p, 0);
  std::vector<std::string> live_order;
  for (const In& r : log) {  // each arrives at its broker time; ends are reported at once
    live.Add(Rec(r.topic, r.partition, r.offset), t0 + absl::Milliseconds(r.ms));
    live.ReachedEnd({r.topic, r.partition}, r.offset + 1);
    for (auto& s : Drain(live, t0 + absl::Milliseconds(r.ms))) live_order.push_back(s);
  }
  for (auto& s : Drain(live, t0 + absl::Seconds(1))) live_order.push_back(s);

  OrderedMerge replay(absl::Milliseconds(5));
  replay.Assign(parts);
  for (const char* topic : {"b", "a"}) {  // fetched topic by topic
    for (const In& r : log) {
      if (r.topic == topic)
        replay.Add(Rec(r.topic, r.partition, r.offset), t0 + absl::Milliseconds(r.ms));
    }
  }
  for (const auto& p : parts) replay.ReachedEnd(p, 2);
  std::vector<std::string> replay_order = Drain(replay, t0 + absl::Hours(1));

  EXPECT_THAT(live_order,
              ::testing::ElementsAre("a/1/0", "b/0/0", "a/0/0", "b/0/1", "a/0/1", "a/1/1"));
  EXPECT_EQ(replay_order, live_order);
}

}  // namespace
}  // namespace ams::audit
