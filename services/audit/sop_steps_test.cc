#include "services/audit/sop_steps.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace ams::audit {
namespace {

using ::ams::type::v1::SOP_STEP_CHANGE_PASSWORD;
using ::ams::type::v1::SOP_STEP_FIRST_LOGIN;
using ::ams::type::v1::SOP_STEP_FORWARD_TO_BSRE;
using ::ams::type::v1::SOP_STEP_SUBMIT_REQUEST;

const absl::Time t0 = absl::FromUnixSeconds(1790000000);

TEST(SopStepsTest, StandardTimesAreTheSops) {
  std::vector<int> minutes;
  for (int s = 1; s <= 8; ++s) {
    minutes.push_back(
        static_cast<int>(absl::ToInt64Minutes(StandardTime(static_cast<SopStep>(s)))));
  }
  EXPECT_THAT(minutes, ::testing::ElementsAre(1, 3, 1, 3, 3, 1, 1, 1));
}

TEST(SopStepsTest, ForwardingIsTimedFromSubmission) {
  OpenSteps open;
  EXPECT_TRUE(ApplyEvent(open, "ams.intake.v1.ApplicationSubmitted", t0).empty());
  auto closed = ApplyEvent(open, "ams.forwarding.v1.ApplicationForwarded", t0 + absl::Minutes(2));
  ASSERT_EQ(closed.size(), 1u);
  EXPECT_EQ(closed[0].step, SOP_STEP_FORWARD_TO_BSRE);
  EXPECT_EQ(closed[0].duration(), absl::Minutes(2));
  EXPECT_LE(closed[0].end, BreachTime(closed[0].step, closed[0].start, 1.0));
}

TEST(SopStepsTest, AReturnTimesTheResubmission) {
  OpenSteps open;
  ApplyEvent(open, "ams.intake.v1.ApplicationSubmitted", t0);
  auto returned = ApplyEvent(open, "ams.forwarding.v1.ApplicationReturned", t0 + absl::Minutes(1));
  ASSERT_EQ(returned.size(), 1u);
  EXPECT_EQ(returned[0].step, SOP_STEP_FORWARD_TO_BSRE);
  auto again = ApplyEvent(open, "ams.intake.v1.ApplicationSubmitted", t0 + absl::Minutes(5));
  ASSERT_EQ(again.size(), 1u);
  EXPECT_EQ(again[0].step, SOP_STEP_SUBMIT_REQUEST);
  EXPECT_EQ(again[0].duration(), absl::Minutes(4));
  EXPECT_TRUE(open.count(SOP_STEP_FORWARD_TO_BSRE));
}

TEST(SopStepsTest, OnlyTheFirstLoginStartsTheChange) {
  OpenSteps open;
  ApplyEvent(open, "ams.credential.v1.CredentialIssued", t0);
  ApplyEvent(open, "ams.credential.v1.LoginSucceeded", t0 + absl::Seconds(30));
  EXPECT_TRUE(open.count(SOP_STEP_CHANGE_PASSWORD));
  auto closed = ApplyEvent(open, "ams.credential.v1.PasswordChanged", t0 + absl::Seconds(50));
  ASSERT_EQ(closed.size(), 1u);
  EXPECT_EQ(closed[0].step, SOP_STEP_CHANGE_PASSWORD);
  EXPECT_TRUE(ApplyEvent(open, "ams.credential.v1.LoginSucceeded", t0 + absl::Hours(1)).empty());
  EXPECT_TRUE(open.empty());  // a later login opens nothing that could breach
}

TEST(SopStepsTest, BreachTimeScalesWithTheFactor) {
  EXPECT_EQ(BreachTime(SOP_STEP_FORWARD_TO_BSRE, t0, 1.0), t0 + absl::Minutes(3));
  EXPECT_EQ(BreachTime(SOP_STEP_FIRST_LOGIN, t0, 1.5), t0 + absl::Seconds(90));
}

}  // namespace
}  // namespace ams::audit
