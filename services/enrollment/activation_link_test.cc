#include "services/enrollment/activation_link.h"

#include <set>

#include "common/testing/fake_clock.h"
#include "common/testing/fake_random.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace ams::enrollment {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

const absl::Time kNow = absl::FromUnixSeconds(1790000000);

TEST(IssueLink, Is256BitsOfRandomnessKeptOnlyAsAHash) {
  ActivationLinkPolicy policy;
  std::set<std::string> tokens;
  for (int i = 0; i < 1000; ++i) {
    IssuedLink link = IssueLink(SecureRandom(), policy, kNow);
    EXPECT_EQ(link.token.size(), 43u);
    EXPECT_TRUE(WellFormedToken(link.token));
    EXPECT_EQ(link.token_hash, TokenHash(link.token));
    EXPECT_EQ(link.token_hash.size(), 64u);
    EXPECT_EQ(link.token_hash.find(link.token), std::string::npos);
    EXPECT_EQ(link.link_id.find(link.token.substr(0, 8)), std::string::npos);
    tokens.insert(link.token);
  }
  EXPECT_EQ(tokens.size(), 1000u);
}

TEST(IssueLink, ExpiresAfterTheConfiguredLifetimeAndPointsAtTheGateway) {
  ActivationLinkPolicy policy;
  policy.base_url = "https://ams.kebumenkab.go.id/aktivasi";
  ams::testing::FakeRandom random;
  IssuedLink link = IssueLink(random, policy, kNow);
  EXPECT_EQ(link.expire_time, kNow + absl::Hours(72));
  EXPECT_THAT(link.url, StartsWith("https://ams.kebumenkab.go.id/aktivasi?token="));
  EXPECT_EQ(link.url.substr(link.url.size() - 43), link.token);
}

TEST(CheckUsable, SingleUseAndExpiringWithOneAnswerForEveryRefusal) {
  StoredLink link{"l1", "identities/i1", kNow + absl::Hours(72)};
  EXPECT_TRUE(CheckUsable(link, kNow).ok());
  EXPECT_TRUE(CheckUsable(link, kNow + absl::Hours(72) - absl::Seconds(1)).ok());

  StoredLink used = link;
  used.used = true;
  StoredLink replaced = link;
  replaced.replaced = true;
  absl::Status refusals[] = {
      CheckUsable(std::nullopt, kNow),            // unknown
      CheckUsable(used, kNow),                    // used
      CheckUsable(replaced, kNow),                // re-sent since
      CheckUsable(link, kNow + absl::Hours(72)),  // expired
  };
  for (const absl::Status& s : refusals) {
    EXPECT_EQ(s.code(), absl::StatusCode::kUnauthenticated);
    EXPECT_EQ(s, refusals[0]);  // same code, same message, same details
  }
  EXPECT_THAT(refusals[0].message(), HasSubstr("not valid"));
}

TEST(WellFormedToken, RefusesWhatCannotBeAToken) {
  EXPECT_FALSE(WellFormedToken(""));
  EXPECT_FALSE(WellFormedToken(std::string(42, 'a')));
  EXPECT_FALSE(WellFormedToken(std::string(44, 'a')));
  EXPECT_FALSE(WellFormedToken(std::string(42, 'a') + "/"));
  EXPECT_TRUE(WellFormedToken(std::string(42, 'a') + "_"));
}

TEST(ReminderDue, OnceWithinTheLeadBeforeExpiry) {
  ActivationLinkPolicy policy;
  ams::testing::FakeClock clock(kNow);
  StoredLink link{"l1", "identities/i1", kNow + absl::Hours(72)};
  EXPECT_FALSE(ReminderDue(link, clock.Now(), policy));
  clock.Advance(absl::Hours(47));
  EXPECT_FALSE(ReminderDue(link, clock.Now(), policy));
  clock.Advance(absl::Hours(1));
  EXPECT_TRUE(ReminderDue(link, clock.Now(), policy));
  link.reminded = true;
  EXPECT_FALSE(ReminderDue(link, clock.Now(), policy));
  link.reminded = false;
  link.used = true;
  EXPECT_FALSE(ReminderDue(link, clock.Now(), policy));
  link.used = false;
  clock.Advance(absl::Hours(24));
  EXPECT_FALSE(ReminderDue(link, clock.Now(), policy));  // expired: nothing to remind of
}

}  // namespace
}  // namespace ams::enrollment
