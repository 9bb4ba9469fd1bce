#include "common/request_ids.h"

#include "ams/intake/v1/intake_service.pb.h"
#include "gtest/gtest.h"

namespace ams {
namespace {

using ams::intake::v1::WithdrawApplicationRequest;

WithdrawApplicationRequest Withdraw(const std::string& id, const std::string& reason) {
  WithdrawApplicationRequest r;
  r.set_name("applications/a1");
  r.set_request_id(id);
  r.set_reason(reason);
  return r;
}

TEST(RequestHashTest, IgnoresTheRequestIdButNotTheBody) {
  EXPECT_EQ(RequestHash(Withdraw("r1", "moved")), RequestHash(Withdraw("r2", "moved")));
  EXPECT_NE(RequestHash(Withdraw("r1", "moved")), RequestHash(Withdraw("r1", "retired")));
}

TEST(AlreadyAppliedTest, NewSameAndReusedIds) {
  const std::string hash = RequestHash(Withdraw("r1", "moved"));
  RequestHashes seen;
  EXPECT_FALSE(*AlreadyApplied(seen, "r1", hash));
  ASSERT_TRUE(CollectRequestField("request:r1", hash, seen));
  EXPECT_FALSE(CollectRequestField("version", "3", seen));
  EXPECT_TRUE(*AlreadyApplied(seen, "r1", hash));
  EXPECT_FALSE(*AlreadyApplied(seen, "", hash));
  absl::StatusOr<bool> reused = AlreadyApplied(seen, "r1", RequestHash(Withdraw("r1", "x")));
  EXPECT_EQ(reused.status().code(), absl::StatusCode::kAlreadyExists);
}

TEST(RecordRequestTest, WritesTheFieldCollectRequestFieldReads) {
  KvCommand c = RecordRequest("k", "r9", "h");
  ASSERT_EQ(c.size(), 4u);
  RequestHashes seen;
  EXPECT_TRUE(CollectRequestField(c[2], c[3], seen));
  EXPECT_EQ(seen.at("r9"), "h");
}

}  // namespace
}  // namespace ams
