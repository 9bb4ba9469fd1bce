#include "services/audit/overview.h"

#include "common/cloud_event.h"
#include "gtest/gtest.h"

namespace ams::audit {
namespace {

namespace pb = ::ams::audit::v1;

class OverviewTest : public ::testing::Test {
 protected:
  // 2026-12-01 12:00 WIB.
  const absl::Time now_ =
      absl::FromCivil(absl::CivilSecond(2026, 12, 1, 5, 0, 0), absl::UTCTimeZone());

  void Event(const std::string& application, const std::string& type, absl::Duration ago) {
    pb::LedgerEntry& e = entries_.emplace_back();
    e.set_sequence(static_cast<int64_t>(entries_.size()));
    e.set_application(absl::StrCat("applications/", application));
    e.set_event_type(type);
    *e.mutable_event_time() = ToTimestamp(now_ - ago);
  }
  std::vector<pb::LedgerEntry> entries_;
};

TEST_F(OverviewTest, EachApplicationCountsWhereItsLastMoveLeftIt) {
  // a: forwarded, waits for BSrE (step 3). b: submitted (step 2), the older of two. c: returned.
  // d: activated yesterday, then logs in again (still done). e: waits at step 2 since later.
  Event("a", "ams.intake.v1.ApplicationSubmitted", absl::Hours(5));
  Event("a", "ams.forwarding.v1.ApplicationForwarded", absl::Hours(4));
  Event("b", "ams.intake.v1.ApplicationSubmitted", absl::Hours(3));
  Event("c", "ams.intake.v1.ApplicationSubmitted", absl::Hours(3));
  Event("c", "ams.forwarding.v1.ApplicationReturned", absl::Hours(2));
  Event("d", "ams.credential.v1.CredentialIssued", absl::Hours(30));
  Event("d", "ams.credential.v1.LoginSucceeded", absl::Hours(29));
  Event("d", "ams.credential.v1.AccountActivated", absl::Hours(28));
  Event("d", "ams.credential.v1.LoginSucceeded", absl::Hours(1));
  Event("e", "ams.intake.v1.ApplicationSubmitted", absl::Hours(1));
  Event("e", "ams.audit.v1.SlaBreached", absl::Minutes(30));  // moves nothing
  const pb::GetOverviewResponse o = Overview(entries_, now_, 3);

  ASSERT_EQ(o.waiting_size(), 7);  // steps 2..8, the funnel
  EXPECT_EQ(o.waiting(0).step(), ams::type::v1::SOP_STEP_FORWARD_TO_BSRE);
  EXPECT_EQ(o.waiting(0).applications(), 2);
  EXPECT_EQ(o.waiting(0).oldest_application(), "applications/b");
  EXPECT_EQ(FromTimestamp(o.waiting(0).oldest_since()), now_ - absl::Hours(3));
  EXPECT_EQ(o.waiting(1).applications(), 1);  // a at step 3
  for (int i = 2; i < 7; ++i) EXPECT_EQ(o.waiting(i).applications(), 0) << i;
  EXPECT_EQ(o.returned(), 1);
  EXPECT_EQ(o.completed(), 1);
  ASSERT_EQ(o.completed_per_day_size(), 3);
  EXPECT_EQ(o.completed_per_day(0).date(), "2026-11-29");
  EXPECT_EQ(o.completed_per_day(1).date(), "2026-11-30");  // 28 h before 12:00 WIB
  EXPECT_EQ(o.completed_per_day(1).completed(), 1);
  EXPECT_EQ(o.completed_per_day(2).completed(), 0);
}

}  // namespace
}  // namespace ams::audit

namespace ams::audit {
namespace {

// One application's status page: where its last move left it, and since when.
TEST_F(OverviewTest, AnApplicationsStatusIsWhereItsLastMoveLeftIt) {
  Event("a", "ams.intake.v1.ApplicationSubmitted", absl::Hours(5));
  Event("a", "ams.forwarding.v1.ApplicationForwarded", absl::Hours(4));
  Event("a", "ams.enrollment.v1.IdentityRegistered", absl::Hours(3));
  Event("a", "ams.audit.v1.SlaBreached", absl::Hours(2));  // moves nothing
  pb::GetApplicationStatusResponse waiting = StatusOf(entries_);
  EXPECT_EQ(waiting.application(), "applications/a");
  EXPECT_EQ(waiting.standing(), pb::GetApplicationStatusResponse::STANDING_WAITING);
  EXPECT_EQ(waiting.step(), ams::type::v1::SOP_STEP_COMPLETE_DATA);
  EXPECT_EQ(FromTimestamp(waiting.since()), now_ - absl::Hours(3));
  EXPECT_EQ(FromTimestamp(waiting.submit_time()), now_ - absl::Hours(5));
  Event("a", "ams.enrollment.v1.EnrollmentSubmitted", absl::Hours(2));
  Event("a", "ams.verification.v1.EnrollmentVerified", absl::Hours(1));
  Event("a", "ams.credential.v1.CredentialIssued", absl::Minutes(50));
  Event("a", "ams.credential.v1.LoginSucceeded", absl::Minutes(40));
  Event("a", "ams.credential.v1.AccountActivated", absl::Minutes(30));
  Event("a", "ams.credential.v1.LoginSucceeded", absl::Minutes(1));  // later logins: still done
  pb::GetApplicationStatusResponse done = StatusOf(entries_);
  EXPECT_EQ(done.standing(), pb::GetApplicationStatusResponse::STANDING_COMPLETED);
  EXPECT_EQ(FromTimestamp(done.since()), now_ - absl::Minutes(30));
}

}  // namespace
}  // namespace ams::audit
