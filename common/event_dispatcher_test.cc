#include "common/event_dispatcher.h"

#include <atomic>
#include <functional>
#include <utility>

#include "ams/intake/v1/events.pb.h"
#include "common/testing/fake_clock.h"
#include "common/testing/fake_kv_store.h"
#include "common/testing/fake_random.h"
#include "common/testing/recording_publisher.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace ams {
namespace {

using ::testing::Contains;
using ::testing::Pair;

// A handler whose effect is a counter in Redis, written with the inbox mark.
class CountingHandler final : public EventHandler {
 public:
  explicit CountingHandler(KvStore* kv) : kv_(kv) {}
  absl::Status Handle(const EventEnvelope& event, const KvWrites& inbox_mark) override {
    ++calls;
    if (fail_with != nullptr) {
      absl::Status s = fail_with();
      if (!s.ok()) return s;
    }
    ams::intake::v1::ApplicationWithdrawn w;
    if (absl::Status s = UnpackEvent(event, &w); !s.ok()) return s;
    KvWrites effect = {{{"INCR", "effects"}}, {}};
    effect.Add(inbox_mark);
    if (before_commit) before_commit();
    return kv_->Transaction(effect.commands, effect.preconditions).status();
  }
  int calls = 0;
  std::function<absl::Status()> fail_with;
  std::function<void()> before_commit;

 private:
  KvStore* kv_;
};

class EventDispatcherTest : public ::testing::Test {
 protected:
  EventDispatcherTest()
      : kv_(&clock_),
        handler_(&kv_),
        dispatcher_({"forwarding"}, &handler_, &kv_, &dlq_, &clock_, nullptr) {}

  ConsumedRecord Record() {
    ams::intake::v1::ApplicationWithdrawn w;
    w.set_application("applications/a1");
    EventEnvelope e = MakeEvent("intake", "a1", w, clock_.Now(), random_);
    return {e.topic(), 2, 41, "a1", e.data(), ToKafkaHeaders(e)};
  }
  long long Effects() {
    absl::StatusOr<KvReply> r = kv_.Run({"GET", "effects"});
    return r.ok() && !r->is_nil() ? std::stoll(r->str) : 0;
  }

  testing::FakeClock clock_;
  testing::FakeRandom random_;
  testing::FakeKvStore kv_;
  testing::RecordingPublisher dlq_;
  CountingHandler handler_;
  EventDispatcher dispatcher_;
  std::atomic<bool> stopping_{false};
};

TEST_F(EventDispatcherTest, HandlesAnEventOnce) {
  ConsumedRecord r = Record();
  EXPECT_EQ(dispatcher_.Dispatch(r, stopping_), EventDispatcher::Outcome::kHandled);
  EXPECT_EQ(dispatcher_.Dispatch(r, stopping_), EventDispatcher::Outcome::kDuplicate);
  EXPECT_EQ(handler_.calls, 1);
  EXPECT_EQ(Effects(), 1);
}

TEST_F(EventDispatcherTest, OfTwoConsumersHandlingOneEventAtOnceOnlyOneCommits) {
  // A rebalance handed the partition to a second consumer while the first was between its
  // dedupe check and its commit: both passed the check.
  ConsumedRecord r = Record();
  EventDispatcher other({"forwarding"}, &handler_, &kv_, &dlq_, &clock_, nullptr);
  bool once = true;
  handler_.before_commit = [&] {
    if (!std::exchange(once, false)) return;
    EXPECT_EQ(other.Attempt(r), EventDispatcher::Outcome::kHandled);
  };
  EXPECT_EQ(dispatcher_.Attempt(r), EventDispatcher::Outcome::kRetry);  // its commit aborted
  EXPECT_EQ(dispatcher_.Attempt(r), EventDispatcher::Outcome::kDuplicate);
  EXPECT_EQ(Effects(), 1);
  EXPECT_TRUE(dlq_.records().empty());
}

TEST_F(EventDispatcherTest, AnAttemptNeverWaitsAndSaysWhenToTryAgain) {
  handler_.fail_with = [] { return absl::UnavailableError("smtp: 421 closing"); };
  absl::Time start = clock_.Now();
  EXPECT_EQ(dispatcher_.Attempt(Record()), EventDispatcher::Outcome::kRetry);
  EXPECT_EQ(clock_.Now(), start);
  EXPECT_EQ(dispatcher_.RetryDelay(0), absl::Milliseconds(10));
  EXPECT_EQ(dispatcher_.RetryDelay(3), absl::Milliseconds(80));
  EXPECT_EQ(dispatcher_.RetryDelay(40), absl::Seconds(5));
}

TEST_F(EventDispatcherTest, ForgetsAfterTheDedupeWindow) {
  ConsumedRecord r = Record();
  (void)dispatcher_.Dispatch(r, stopping_);
  clock_.Advance(absl::Hours(24 * 7) + absl::Seconds(1));
  EXPECT_EQ(dispatcher_.Dispatch(r, stopping_), EventDispatcher::Outcome::kHandled);
}

TEST_F(EventDispatcherTest, RetriesRetryableFailuresWithGrowingBackoff) {
  int failures = 4;
  handler_.fail_with = [&] {
    return failures-- > 0 ? absl::UnavailableError("redis down") : absl::OkStatus();
  };
  absl::Time start = clock_.Now();
  EXPECT_EQ(dispatcher_.Dispatch(Record(), stopping_), EventDispatcher::Outcome::kHandled);
  EXPECT_EQ(handler_.calls, 5);
  EXPECT_EQ(clock_.Now() - start, absl::Milliseconds(10 + 20 + 40 + 80));
  EXPECT_TRUE(dlq_.records().empty());
}

TEST_F(EventDispatcherTest, RetriesWhileRedisIsDownBeforeHandling) {
  kv_.SetUnavailable(true);
  std::atomic<bool> stop{true};  // with stop requested, a retry loop gives up at once
  EXPECT_EQ(dispatcher_.Dispatch(Record(), stop), EventDispatcher::Outcome::kInterrupted);
  EXPECT_EQ(handler_.calls, 0);
}

TEST_F(EventDispatcherTest, PermanentFailureGoesToTheDeadLetterTopic) {
  handler_.fail_with = [] { return absl::InvalidArgumentError("application id is empty"); };
  ConsumedRecord r = Record();
  EXPECT_EQ(dispatcher_.Dispatch(r, stopping_), EventDispatcher::Outcome::kDeadLettered);
  ASSERT_EQ(dlq_.records().size(), 1u);
  const auto records = dlq_.records();
  const auto& dead = records[0];
  EXPECT_EQ(dead.topic, "ams.dlq.v1");
  EXPECT_EQ(dead.value, r.value);
  EXPECT_THAT(dead.headers,
              Contains(Pair("ams_dlq_reason", "INVALID_ARGUMENT: application id is empty")));
  EXPECT_THAT(dead.headers, Contains(Pair("ams_dlq_origin", "ams.intake.v1/2/41")));
  EXPECT_THAT(dead.headers, Contains(Pair("ams_dlq_consumer", "forwarding")));
}

TEST_F(EventDispatcherTest, UndecodableRecordGoesToTheDeadLetterTopicUnhandled) {
  ConsumedRecord garbage{"ams.intake.v1", 0, 7, "k", "\x01\x02", {{"ce_id", "x"}}};
  EXPECT_EQ(dispatcher_.Dispatch(garbage, stopping_), EventDispatcher::Outcome::kDeadLettered);
  EXPECT_EQ(handler_.calls, 0);
  ASSERT_EQ(dlq_.records().size(), 1u);
  EXPECT_THAT(
      dlq_.records()[0].headers,
      Contains(Pair("ams_dlq_reason", "INVALID_ARGUMENT: header ce_specversion is missing")));
}

TEST_F(EventDispatcherTest, KeepsTryingTheDeadLetterTopicWhileItIsDown) {
  dlq_.FailNext(3);
  ConsumedRecord garbage{"ams.intake.v1", 0, 7, "k", "", {}};
  EXPECT_EQ(dispatcher_.Dispatch(garbage, stopping_), EventDispatcher::Outcome::kDeadLettered);
  EXPECT_EQ(dlq_.records().size(), 1u);
}

TEST_F(EventDispatcherTest, WrongPayloadIsPoison) {
  ConsumedRecord r = Record();
  r.value = "\xff\xff";
  EXPECT_EQ(dispatcher_.Dispatch(r, stopping_), EventDispatcher::Outcome::kDeadLettered);
  EXPECT_EQ(Effects(), 0);
}

TEST(IsRetryable, ClassifiesCodes) {
  EXPECT_TRUE(IsRetryable(absl::UnavailableError("")));
  EXPECT_TRUE(IsRetryable(absl::AbortedError("")));
  EXPECT_FALSE(IsRetryable(absl::InvalidArgumentError("")));
  EXPECT_FALSE(IsRetryable(absl::InternalError("")));
}

}  // namespace
}  // namespace ams
