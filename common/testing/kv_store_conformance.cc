#include "common/testing/kv_store_conformance.h"

#include <thread>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace ams::testing {

void ExpectTransactionRunsEveryCommand(KvStore& kv, const std::string& prefix) {
  const std::string list = prefix + ":list", before = prefix + ":before", after = prefix + ":after";
  ASSERT_TRUE(kv.Run({"RPUSH", list, "x"}).ok());
  absl::StatusOr<std::vector<KvReply>> done =
      kv.Transaction({{"SET", before, "1"}, {"HSET", list, "f", "v"}, {"SET", after, "1"}}, {});
  EXPECT_EQ(done.status().code(), absl::StatusCode::kInternal);
  EXPECT_EQ(kv.Run({"GET", before})->str, "1");
  EXPECT_EQ(kv.Run({"GET", after})->str, "1");
}

void ExpectGuardedWritesAreExact(KvStore& kv, const std::string& key, int threads, int each) {
  std::vector<std::thread> writers;
  for (int t = 0; t < threads; ++t) {
    writers.emplace_back([&] {
      for (int i = 0; i < each;) {
        absl::StatusOr<KvReply> read = kv.Run({"HGET", key, "n"});
        ASSERT_TRUE(read.ok()) << read.status();
        long long n = 0;
        if (!read->is_nil()) ASSERT_TRUE(absl::SimpleAtoi(read->str, &n));
        absl::StatusOr<std::vector<KvReply>> written =
            kv.Transaction({{"HSET", key, "n", absl::StrCat(n + 1)}},
                           {{key, "n", read->is_nil() ? "" : read->str}});
        if (absl::IsAborted(written.status())) continue;
        ASSERT_TRUE(written.ok()) << written.status();
        ++i;
      }
    });
  }
  for (std::thread& w : writers) w.join();
  EXPECT_EQ(kv.Run({"HGET", key, "n"})->str, absl::StrCat(threads * each));
}

void ExpectPreconditionsAndListRemoval(KvStore& kv, const std::string& prefix) {
  const std::string mark = prefix + ":mark", list = prefix + ":outbox";
  EXPECT_TRUE(kv.Transaction({{"SET", mark, "1"}}, {{mark, "", ""}}).ok());
  EXPECT_EQ(kv.Transaction({{"SET", mark, "2"}}, {{mark, "", ""}}).status().code(),
            absl::StatusCode::kAborted);
  EXPECT_TRUE(kv.Transaction({{"SET", mark, "2"}}, {{mark, "", "1"}}).ok());

  ASSERT_TRUE(kv.Run({"RPUSH", list, "e1", "e2", "e1", "e3"}).ok());
  EXPECT_EQ(kv.Run({"LREM", list, "1", "e1"})->integer, 1);
  EXPECT_EQ(kv.Run({"LREM", list, "1", "gone"})->integer, 0);
  absl::StatusOr<KvReply> range = kv.Run({"LRANGE", list, "0", "-1"});
  ASSERT_TRUE(range.ok()) << range.status();
  std::vector<std::string> left;
  for (const KvReply& e : range->elements) left.push_back(e.str);
  EXPECT_THAT(left, ::testing::ElementsAre("e2", "e1", "e3"));
}

}  // namespace ams::testing
