#include "services/gateway/second_factor.h"

#include "common/rpc_status.h"
#include "common/testing/fake_clock.h"
#include "common/testing/fake_kv_store.h"
#include "common/testing/fake_random.h"
#include "gtest/gtest.h"

namespace ams::gateway {
namespace {

// RFC 6238 Appendix B (SHA-1 key "12345678901234567890"), the last six of its eight digits.
TEST(Totp, TheRfcsTestVectors) {
  const std::string key = "12345678901234567890";
  EXPECT_EQ(TotpCode(key, 59 / 30), "287082");
  EXPECT_EQ(TotpCode(key, 1111111109 / 30), "081804");
  EXPECT_EQ(TotpCode(key, 1234567890 / 30), "005924");
  EXPECT_EQ(TotpCode(key, 20000000000 / 30), "353130");
}

TEST(Totp, Base32AsAuthenticatorAppsReadIt) {
  EXPECT_EQ(Base32("12345678901234567890"), "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
  EXPECT_EQ(Base32("f"), "MY");
  EXPECT_EQ(Base32(""), "");
}

TEST(Totp, TheQrCodeIsSquareWithFinderPatterns) {
  std::vector<std::string> rows = QrRows("otpauth://totp/AMS%20Kebumen:siti?secret=GEZDGNBV");
  ASSERT_GE(rows.size(), 21u);
  for (const std::string& row : rows) EXPECT_EQ(row.size(), rows.size());
  EXPECT_EQ(rows[0].substr(0, 7), "1111111");  // the top-left finder's top edge
}

class SecondFactorTest : public ::testing::Test {
 protected:
  std::string Code(int64_t step_offset = 0) {
    return TotpCode(secret_, absl::ToUnixSeconds(clock_.Now()) / 30 + step_offset);
  }
  void Enrol() {
    absl::StatusOr<TotpEnrollment> e = factor_.Begin("operators/admin");
    ASSERT_TRUE(e.ok());
    // The fake random's bytes are the key; read it back from the base32 the app would get.
    secret_ = random_for_key_.Bytes(20);
    ASSERT_EQ(Base32(secret_), e->secret_base32);
    ASSERT_TRUE(factor_.Confirm("operators/admin", Code()).ok());
  }

  testing::FakeClock clock_;
  testing::FakeKvStore kv_{&clock_};
  testing::FakeRandom random_;
  testing::FakeRandom random_for_key_;
  SecondFactor factor_{&kv_, &clock_, &random_, std::string(32, 'k')};
  std::string secret_;
};

TEST_F(SecondFactorTest, EnrolsOnlyWithTheCurrentCode) {
  EXPECT_FALSE(*factor_.Enrolled("operators/admin"));
  EXPECT_EQ(factor_.Confirm("operators/admin", "123456").code(),
            absl::StatusCode::kFailedPrecondition);  // nothing pending
  Enrol();
  EXPECT_TRUE(*factor_.Enrolled("operators/admin"));
  // What Redis keeps is sealed: the key is not there in clear, nor its base32.
  absl::StatusOr<KvReply> stored = kv_.Run({"HGETALL", "gateway:totp:admin"});
  ASSERT_TRUE(stored.ok());
  ASSERT_FALSE(HashPairs(*stored).empty());
  for (const auto& [field, value] : HashPairs(*stored)) {
    EXPECT_EQ(value.find(secret_), std::string::npos) << field;
    EXPECT_EQ(value.find(Base32(secret_)), std::string::npos) << field;
  }
}

TEST_F(SecondFactorTest, ACodeWorksOnceAndOnlyAroundNow) {
  Enrol();
  clock_.Advance(absl::Seconds(30));
  EXPECT_FALSE(factor_.Verify("operators/admin", Code(2)).ok());   // a minute ahead
  EXPECT_FALSE(factor_.Verify("operators/admin", Code(-2)).ok());  // a minute old
  ASSERT_TRUE(factor_.Verify("operators/admin", Code()).ok());
  absl::Status again = factor_.Verify("operators/admin", Code());  // seen over a shoulder
  EXPECT_EQ(again.code(), absl::StatusCode::kUnauthenticated);
  clock_.Advance(absl::Seconds(60));
  EXPECT_TRUE(factor_.Verify("operators/admin", Code(-1)).ok());   // the phone is a step slow
  EXPECT_FALSE(factor_.Verify("operators/admin", Code(-2)).ok());  // older than the last used
  EXPECT_FALSE(factor_.Verify("operators/nobody", "000000").ok());

  // A lost phone: an admin resets it, and the operator enrols again.
  ASSERT_TRUE(factor_.Remove("operators/admin").ok());
  EXPECT_FALSE(*factor_.Enrolled("operators/admin"));
}

}  // namespace
}  // namespace ams::gateway
