#include "common/outbox.h"

#include <map>
#include <set>
#include <thread>

#include "ams/intake/v1/events.pb.h"
#include "common/testing/fake_clock.h"
#include "common/testing/fake_kv_store.h"
#include "common/testing/fake_random.h"
#include "common/testing/recording_publisher.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace ams {
namespace {

class OutboxTest : public ::testing::Test {
 protected:
  OutboxTest()
      : kv_(&clock_),
        outbox_(&kv_, "intake", &clock_),
        relay_(&outbox_, &kv_, &publisher_, &clock_, RelayOptions{}) {}

  EventEnvelope Event(const std::string& app) {
    ams::intake::v1::ApplicationWithdrawn w;
    w.set_application("applications/" + app);
    return MakeEvent("intake", app, w, clock_.Now(), random_);
  }

  testing::FakeClock clock_;
  testing::FakeRandom random_;
  testing::FakeKvStore kv_;
  testing::RecordingPublisher publisher_;
  Outbox outbox_;
  OutboxRelay relay_;
};

TEST_F(OutboxTest, StateAndEventAreWrittenTogether) {
  EventEnvelope e = Event("a1");
  ASSERT_TRUE(
      outbox_.Commit("a1", {{{"HSET", "intake:{a1}:application", "state", "WITHDRAWN"}}, {}}, {e})
          .ok());
  EXPECT_EQ(kv_.Run({"HGET", "intake:{a1}:application", "state"})->str, "WITHDRAWN");
  EXPECT_EQ(kv_.Run({"LLEN", "intake:{a1}:outbox"})->integer, 1);
  EXPECT_TRUE(publisher_.events().empty());  // nothing is published before the relay runs
}

TEST_F(OutboxTest, NeitherIsWrittenWhenThePreconditionFails) {
  absl::Status s = outbox_
                       .Commit("a1",
                               {{{"HSET", "intake:{a1}:application", "state", "WITHDRAWN"}},
                                {{"intake:{a1}:application", "state", "SUBMITTED"}}},
                               {Event("a1")})
                       .status();
  EXPECT_EQ(s.code(), absl::StatusCode::kAborted);
  EXPECT_EQ(kv_.Size(), 0u);
}

TEST_F(OutboxTest, RelayPublishesInOrderAndEmptiesTheOutbox) {
  EventEnvelope e1 = Event("a1"), e2 = Event("a1"), e3 = Event("b2");
  ASSERT_TRUE(outbox_.Commit("a1", {}, {e1, e2}).ok());
  ASSERT_TRUE(outbox_.Commit("b2", {}, {e3}).ok());
  EXPECT_EQ(*relay_.RelayOnce(), 3);
  std::vector<EventEnvelope> sent = publisher_.events();
  ASSERT_EQ(sent.size(), 3u);
  EXPECT_EQ(sent[0].id(), e1.id());
  EXPECT_EQ(sent[1].id(), e2.id());
  EXPECT_EQ(kv_.Run({"EXISTS", "intake:{a1}:outbox", "intake:{b2}:outbox"})->integer, 0);
  EXPECT_EQ(*relay_.RelayOnce(), 0);
  EXPECT_EQ(publisher_.events().size(), 3u);
}

TEST_F(OutboxTest, RelayCountsWhatItPublishedAndWhatFailed) {
  prometheus::Registry registry;
  RelayOptions options;
  options.registry = &registry;
  OutboxRelay relay(&outbox_, &kv_, &publisher_, &clock_, options);
  ASSERT_TRUE(outbox_.Commit("a1", {}, {Event("a1"), Event("a1")}).ok());
  publisher_.FailNext(1);
  EXPECT_FALSE(relay.RelayOnce().ok());
  clock_.Advance(absl::Milliseconds(4));
  EXPECT_EQ(*relay.RelayOnce(), 2);
  std::map<std::string, prometheus::ClientMetric> values;
  for (const auto& family : registry.Collect()) values[family.name] = family.metric[0];
  EXPECT_EQ(values["ams_outbox_published_total"].counter.value, 2);
  // e1 failed; e2 held behind it
  EXPECT_EQ(values["ams_outbox_publish_failures_total"].counter.value, 2);
  // Both waited 4 ms from their state change to the ack.
  EXPECT_EQ(values["ams_outbox_publish_lag_seconds"].histogram.sample_count, 2u);
  EXPECT_NEAR(values["ams_outbox_publish_lag_seconds"].histogram.sample_sum, 0.008, 1e-9);
}

TEST_F(OutboxTest, UnacknowledgedEventsStayForTheNextPass) {
  EventEnvelope e1 = Event("a1"), e2 = Event("a1");
  ASSERT_TRUE(outbox_.Commit("a1", {}, {e1, e2}).ok());
  publisher_.FailNext(1);  // e1 fails; e2 must not be dropped before it
  EXPECT_EQ(relay_.RelayOnce().status().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(kv_.Run({"LLEN", "intake:{a1}:outbox"})->integer, 2);
  EXPECT_EQ(*relay_.RelayOnce(), 2);
  EXPECT_EQ(kv_.Run({"LLEN", "intake:{a1}:outbox"})->integer, 0);
}

TEST_F(OutboxTest, SweepFindsAnOutboxACrashLeftUnmarked) {
  // A writer that died between its transaction and its mark.
  ASSERT_TRUE(kv_.Run({"RPUSH", "intake:{a9}:outbox", Event("a9").SerializeAsString()}).ok());
  EXPECT_EQ(*relay_.RelayOnce(), 0);
  EXPECT_EQ(*relay_.Sweep(), 1);
  EXPECT_EQ(*relay_.RelayOnce(), 1);
}

TEST_F(OutboxTest, OnlyTheLeaseHolderRelays) {
  ASSERT_TRUE(outbox_.Commit("a1", {}, {Event("a1")}).ok());
  RelayOptions other_options;
  other_options.owner = "other-replica";
  OutboxRelay other(&outbox_, &kv_, &publisher_, &clock_, other_options);
  EXPECT_EQ(*relay_.RelayOnce(), 1);
  ASSERT_TRUE(outbox_.Commit("a1", {}, {Event("a1")}).ok());
  EXPECT_EQ(*other.RelayOnce(), 0);
  clock_.Advance(absl::Seconds(11));  // the first relay's lease lapses
  EXPECT_EQ(*other.RelayOnce(), 1);
}

TEST_F(OutboxTest, TwoRelaysAtOnceLoseNothing) {
  // A relay stalls in a publish past its lease; another replica takes over and reads the same
  // outbox; an event is appended while both publish. Both then remove what they published.
  EventEnvelope e1 = Event("a1"), e2 = Event("a1"), e3 = Event("a1");
  ASSERT_TRUE(outbox_.Commit("a1", {}, {e1, e2}).ok());
  RelayOptions other_options;
  other_options.owner = "other-replica";
  OutboxRelay other(&outbox_, &kv_, &publisher_, &clock_, other_options);
  publisher_.Hold();
  std::thread first([&] { EXPECT_TRUE(relay_.RelayOnce().ok()); });
  publisher_.AwaitWaiting(1);
  clock_.Advance(absl::Seconds(11));
  ASSERT_TRUE(kv_.Run({"ZADD", outbox_.PendingKey(), "1", "a1"}).ok());  // a sweep found it
  std::thread second([&] { EXPECT_TRUE(other.RelayOnce().ok()); });
  publisher_.AwaitWaiting(2);
  ASSERT_TRUE(outbox_.Commit("a1", {}, {e3}).ok());
  publisher_.Release();
  first.join();
  second.join();

  EXPECT_EQ(kv_.Run({"LLEN", "intake:{a1}:outbox"})->integer, 1);  // e3, still to publish
  EXPECT_EQ(*other.RelayOnce(), 1);
  std::set<std::string> ids;
  for (const EventEnvelope& e : publisher_.events()) ids.insert(e.id());
  EXPECT_EQ(ids, (std::set<std::string>{e1.id(), e2.id(), e3.id()}));
}

TEST_F(OutboxTest, ALeaseHeldByAnotherReplicaIsNotExtended) {
  ASSERT_TRUE(kv_.Run({"SET", "intake:outbox:lease", "other-replica", "PX", "10000"}).ok());
  ASSERT_TRUE(outbox_.Commit("a1", {}, {Event("a1")}).ok());
  EXPECT_EQ(*relay_.RelayOnce(), 0);
  clock_.Advance(absl::Seconds(9));
  EXPECT_EQ(*relay_.RelayOnce(), 0);
  clock_.Advance(absl::Seconds(2));  // not extended by the first relay's attempts
  EXPECT_EQ(*relay_.RelayOnce(), 1);
}

TEST_F(OutboxTest, BackgroundRelayIsWokenByACommit) {
  RelayOptions slow;
  slow.poll_interval = absl::Hours(1);
  testing::FakeKvStore kv;  // real clock: the relay thread waits in real time
  Outbox outbox(&kv, "intake", &RealClock());
  OutboxRelay relay(&outbox, &kv, &publisher_, &RealClock(), slow);
  outbox.SetOnCommit([&] { relay.Wake(); });
  relay.Start();
  ASSERT_TRUE(outbox.Commit("a1", {}, {Event("a1")}).ok());
  for (int i = 0; i < 500 && publisher_.events().empty(); ++i)
    absl::SleepFor(absl::Milliseconds(10));
  relay.Stop();
  EXPECT_EQ(publisher_.events().size(), 1u);
}

}  // namespace
}  // namespace ams
