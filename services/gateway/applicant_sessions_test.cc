#include "services/gateway/applicant_sessions.h"

#include "absl/strings/match.h"
#include "common/testing/fake_clock.h"
#include "common/testing/fake_kv_store.h"
#include "common/testing/fake_random.h"
#include "gtest/gtest.h"

namespace ams::gateway {
namespace {

class ApplicantSessionsTest : public ::testing::Test {
 protected:
  testing::FakeClock clock_;
  testing::FakeKvStore kv_{&clock_};
  testing::FakeRandom random_;
  ApplicantSessions sessions_{&kv_, &clock_, &random_, "activation",
                              absl::UnauthenticatedError("no session")};
};

TEST_F(ApplicantSessionsTest, TheSecretComesBackOnlyWithTheCookiesIdAndNeverSitsInRedisInClear) {
  const std::string token = "activation-token-AbCdEf0123456789";
  absl::StatusOr<ApplicantSession> s = sessions_.Start(token, clock_.Now() + absl::Minutes(30));
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(sessions_.Use(s->id)->secret, token);
  absl::StatusOr<KvReply> keys = kv_.Run({"SCAN", "0", "MATCH", "*", "COUNT", "1000"});
  ASSERT_TRUE(keys.ok());
  ASSERT_EQ(keys->elements.at(1).elements.size(), 1u);
  for (const KvReply& key : keys->elements.at(1).elements) {
    EXPECT_FALSE(absl::StrContains(key.str, s->id)) << key.str;
    absl::StatusOr<KvReply> fields = kv_.Run({"HGETALL", key.str});
    ASSERT_TRUE(fields.ok());
    for (const KvReply& field : fields->elements) {
      EXPECT_FALSE(absl::StrContains(field.str, token)) << key.str;
      EXPECT_FALSE(absl::StrContains(field.str, s->id)) << key.str;
    }
  }
  EXPECT_FALSE(sessions_.Use(s->id + "x").ok());
  EXPECT_FALSE(sessions_.Use("").ok());
  EXPECT_FALSE(sessions_.Use(std::string(100, 'a')).ok());
}

TEST_F(ApplicantSessionsTest, PartsLiveAndEndWithTheSession) {
  absl::StatusOr<ApplicantSession> s = sessions_.Start("t", clock_.Now() + absl::Minutes(30));
  ASSERT_TRUE(s.ok());
  ASSERT_TRUE(sessions_.Put(*s, "content:1", std::string("\x89PNG\0", 5)).ok());
  ASSERT_TRUE(sessions_.Put(*s, "content:1", "replaced").ok());
  auto parts = sessions_.Get(*s, {"content:1", "content:2"});
  ASSERT_TRUE(parts.ok());
  EXPECT_EQ(parts->size(), 1u);
  EXPECT_EQ(parts->at("content:1"), "replaced");
  ASSERT_TRUE(sessions_.End(s->id).ok());
  EXPECT_FALSE(sessions_.Use(s->id).ok());
  EXPECT_TRUE(sessions_.Get(*s, {"content:1"})->empty());
}

TEST_F(ApplicantSessionsTest, ASessionEndsAtItsTime) {
  absl::StatusOr<ApplicantSession> s = sessions_.Start("t", clock_.Now() + absl::Minutes(30));
  ASSERT_TRUE(s.ok());
  clock_.Advance(absl::Minutes(29));
  EXPECT_TRUE(sessions_.Use(s->id).ok());
  clock_.Advance(absl::Minutes(1));
  EXPECT_EQ(sessions_.Use(s->id).status().code(), absl::StatusCode::kUnauthenticated);
}

}  // namespace
}  // namespace ams::gateway
