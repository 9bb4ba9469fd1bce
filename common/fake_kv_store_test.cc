// The fake must behave like Redis for what the project uses, or unit tests prove nothing.
// tests/integration/redis_kv_store_test.cc runs the same kind of checks on a real server.
#include "common/testing/fake_kv_store.h"

#include "common/testing/fake_clock.h"
#include "common/testing/kv_store_conformance.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace ams {
namespace {

using ::testing::ElementsAre;

std::vector<std::string> Strings(const KvReply& r) {
  std::vector<std::string> out;
  for (const KvReply& e : r.elements) out.push_back(e.str);
  return out;
}

TEST(FakeKvStore, StringsWithNxAndExpiry) {
  testing::FakeClock clock;
  testing::FakeKvStore kv(&clock);
  EXPECT_EQ(kv.Run({"SET", "k", "v", "NX", "PX", "1000"})->str, "OK");
  EXPECT_TRUE(kv.Run({"SET", "k", "w", "NX"})->is_nil());
  EXPECT_EQ(kv.Run({"GET", "k"})->str, "v");
  clock.Advance(absl::Seconds(1));
  EXPECT_TRUE(kv.Run({"GET", "k"})->is_nil());
  EXPECT_EQ(kv.Run({"INCR", "n"})->integer, 1);
  EXPECT_EQ(kv.Run({"INCRBY", "n", "5"})->integer, 6);
  EXPECT_EQ(kv.Run({"EXISTS", "n", "k"})->integer, 1);
}

TEST(FakeKvStore, HashesListsSetsAndSortedSets) {
  testing::FakeKvStore kv;
  EXPECT_EQ(kv.Run({"HSET", "h", "a", "1", "b", "2"})->integer, 2);
  EXPECT_EQ(kv.Run({"HGET", "h", "b"})->str, "2");
  EXPECT_THAT(Strings(*kv.Run({"HGETALL", "h"})), ElementsAre("a", "1", "b", "2"));
  EXPECT_EQ(kv.Run({"RPUSH", "l", "x", "y", "z"})->integer, 3);
  EXPECT_THAT(Strings(*kv.Run({"LRANGE", "l", "0", "-1"})), ElementsAre("x", "y", "z"));
  ASSERT_TRUE(kv.Run({"LTRIM", "l", "2", "-1"}).ok());
  EXPECT_THAT(Strings(*kv.Run({"LRANGE", "l", "0", "-1"})), ElementsAre("z"));
  ASSERT_TRUE(kv.Run({"LTRIM", "l", "1", "-1"}).ok());
  EXPECT_EQ(kv.Run({"EXISTS", "l"})->integer, 0);  // an emptied list is gone, as in Redis
  ASSERT_TRUE(kv.Run({"SADD", "s", "m"}).ok());
  EXPECT_EQ(kv.Run({"SISMEMBER", "s", "m"})->integer, 1);
  ASSERT_TRUE(kv.Run({"ZADD", "z", "3", "c", "1", "a", "2", "b"}).ok());
  EXPECT_EQ(kv.Run({"ZADD", "z", "NX", "9", "a"})->integer, 0);
  EXPECT_THAT(Strings(*kv.Run({"ZRANGEBYSCORE", "z", "-inf", "+inf", "LIMIT", "0", "2"})),
              ElementsAre("a", "b"));
  EXPECT_THAT(Strings(*kv.Run({"ZRANGEBYSCORE", "z", "(1", "3", "WITHSCORES"})),
              ElementsAre("b", "2", "c", "3"));
}

TEST(FakeKvStore, WrongTypeAndUnknownCommandsAreErrors) {
  testing::FakeKvStore kv;
  ASSERT_TRUE(kv.Run({"SET", "k", "v"}).ok());
  EXPECT_EQ(kv.Run({"HGET", "k", "f"}).status().code(), absl::StatusCode::kInternal);
  EXPECT_EQ(kv.Run({"FLUSHALL"}).status().code(), absl::StatusCode::kInternal);
}

TEST(FakeKvStore, TransactionWithPreconditions) {
  testing::FakeKvStore kv;
  ASSERT_TRUE(kv.Run({"HSET", "app", "state", "SUBMITTED"}).ok());
  EXPECT_EQ(kv.Transaction({{"HSET", "app", "state", "FORWARDED"}}, {{"app", "state", "RETURNED"}})
                .status()
                .code(),
            absl::StatusCode::kAborted);
  EXPECT_TRUE(
      kv.Transaction({{"HSET", "app", "state", "FORWARDED"}}, {{"app", "state", "SUBMITTED"}})
          .ok());
  EXPECT_EQ(kv.Run({"HGET", "app", "state"})->str, "FORWARDED");
  EXPECT_TRUE(kv.Transaction({{"SET", "new", "1"}}, {{"absent", "f", ""}}).ok());
}

TEST(FakeKvStore, BehavesAsRedisInTransactions) {
  testing::FakeKvStore kv;
  testing::ExpectTransactionRunsEveryCommand(kv, "conf");
  testing::ExpectGuardedWritesAreExact(kv, "counter", 4, 50);
  testing::ExpectPreconditionsAndListRemoval(kv, "conf");
}

TEST(FakeKvStore, AWriteBetweenWatchAndExecAbortsTheTransaction) {
  testing::FakeKvStore kv;
  ASSERT_TRUE(kv.Run({"HSET", "app", "state", "SUBMITTED"}).ok());
  // Another client rewrites the same value: Redis aborts on any write to a watched key.
  kv.SetBeforeExec([&] { ASSERT_TRUE(kv.Run({"HSET", "app", "state", "SUBMITTED"}).ok()); });
  EXPECT_EQ(kv.Transaction({{"HSET", "app", "state", "FORWARDED"}}, {{"app", "state", "SUBMITTED"}})
                .status()
                .code(),
            absl::StatusCode::kAborted);
  // A write that changes nothing is not a conflict.
  kv.SetBeforeExec([&] { ASSERT_TRUE(kv.Run({"SET", "app:lock", "x", "NX"}).ok()); });
  ASSERT_TRUE(kv.Run({"SET", "app:lock", "held"}).ok());
  EXPECT_TRUE(kv.Transaction({{"DEL", "app:lock"}}, {{"app:lock", "", "held"}}).ok());
}

TEST(FakeKvStore, SimulatesAnOutage) {
  testing::FakeKvStore kv;
  kv.SetUnavailable(true);
  EXPECT_EQ(kv.Run({"PING"}).status().code(), absl::StatusCode::kUnavailable);
}

TEST(TaggedKey, PutsTheTagInBraces) {
  EXPECT_EQ(TaggedKey("intake", "a1", "application"), "intake:{a1}:application");
}

}  // namespace
}  // namespace ams
