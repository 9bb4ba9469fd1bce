#include "services/gateway/claims.h"

#include "common/rpc_status.h"
#include "common/testing/fake_clock.h"
#include "common/testing/fake_kv_store.h"
#include "gtest/gtest.h"

namespace ams::gateway {
namespace {

class ClaimsTest : public ::testing::Test {
 protected:
  testing::FakeClock clock_;
  testing::FakeKvStore kv_{&clock_};
  Claims claims_{&kv_, &clock_};
};

TEST_F(ClaimsTest, OneOperatorHoldsAnItemUntilReleasedOrExpired) {
  ASSERT_TRUE(claims_.Take("reviewItems/a1", "operators/siti").ok());
  absl::StatusOr<HeldClaim> other = claims_.Take("reviewItems/a1", "operators/budi");
  EXPECT_EQ(other.status().code(), absl::StatusCode::kAborted);
  google::rpc::ErrorInfo info;
  ASSERT_TRUE(GetErrorInfo(other.status(), &info));
  EXPECT_EQ(info.reason(), "CLAIMED");
  EXPECT_EQ(info.metadata().at("holder"), "operators/siti");
  EXPECT_EQ(claims_.RequireFree("reviewItems/a1", "operators/budi").code(),
            absl::StatusCode::kAborted);
  EXPECT_TRUE(claims_.RequireFree("reviewItems/a1", "operators/siti").ok());

  // Only the holder releases it.
  ASSERT_TRUE(claims_.Release("reviewItems/a1", "operators/budi").ok());
  EXPECT_FALSE(claims_.Take("reviewItems/a1", "operators/budi").ok());
  ASSERT_TRUE(claims_.Release("reviewItems/a1", "operators/siti").ok());
  EXPECT_TRUE(claims_.Take("reviewItems/a1", "operators/budi").ok());

  // Untouched for 15 minutes, it lapses.
  clock_.Advance(absl::Minutes(15) + absl::Seconds(1));
  EXPECT_TRUE(claims_.Take("reviewItems/a1", "operators/siti").ok());
}

TEST_F(ClaimsTest, TakingAgainRenewsAndHoldersAreReadForAPage) {
  ASSERT_TRUE(claims_.Take("cases/c1", "operators/siti").ok());
  clock_.Advance(absl::Minutes(10));
  absl::StatusOr<HeldClaim> renewed = claims_.Take("cases/c1", "operators/siti");
  ASSERT_TRUE(renewed.ok());
  EXPECT_EQ(renewed->expire, clock_.Now() + absl::Minutes(15));
  clock_.Advance(absl::Minutes(10));
  absl::StatusOr<std::vector<std::optional<HeldClaim>>> held =
      claims_.Holders({"cases/c0", "cases/c1"});
  ASSERT_TRUE(held.ok());
  EXPECT_FALSE((*held)[0].has_value());
  ASSERT_TRUE((*held)[1].has_value());
  EXPECT_EQ((*held)[1]->holder, "operators/siti");
}

}  // namespace
}  // namespace ams::gateway
