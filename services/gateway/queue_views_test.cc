#include "services/gateway/queue_views.h"

#include "common/rpc_status.h"
#include "gtest/gtest.h"

namespace ams::gateway {
namespace {

TEST(QueueViews, ARowHasTheFullEmployeeNumberWhereIntakeKnowsIt) {
  ams::enrollment::v1::PendingRegistration r;
  r.set_application("applications/a1");
  r.mutable_applicant()->set_full_name("Siti Aminah");
  r.mutable_applicant()->set_employee_number_masked("1985********01");
  v1::QueueItem unknown = ItemOf(r, {});
  EXPECT_EQ(unknown.name(), "registrations/a1");
  EXPECT_EQ(unknown.state(), v1::ITEM_STATE_AWAITING_REGISTRATION);
  EXPECT_EQ(unknown.applicant().employee_number(), "1985********01");
  v1::QueueItem known = ItemOf(
      r,
      {{"applications/a1", {"198501012010012001", ams::type::v1::APPLICATION_KIND_NEW_ACCOUNT}}});
  EXPECT_EQ(known.applicant().employee_number(), "198501012010012001");
}

TEST(QueueViews, TheNikIsMaskedFromIntakesFullRecord) {
  ams::type::v1::ApplicantIdentity i;
  i.set_nik("3305014101900001");
  EXPECT_EQ(ApplicantOf(i).nik_masked(), "3305**********01");
}

TEST(QueueViews, NamesAndReasonsAreChecked) {
  EXPECT_TRUE(RequireItemName("cases/0b6c9e2a-1", "cases").ok());
  for (const char* bad : {"cases/", "cases/../x", "reviewItems/a1", "cases/a b", "cases"}) {
    EXPECT_EQ(RequireItemName(bad, "cases").code(), absl::StatusCode::kInvalidArgument) << bad;
  }
  EXPECT_TRUE(RequireClaimable("identities/i1").ok());
  EXPECT_FALSE(RequireClaimable("operators/siti").ok());
  ams::type::v1::Reason reason;
  reason.set_code(ams::type::v1::REASON_CODE_OTHER);
  reason.set_text("  ");
  google::rpc::BadRequest bad;
  ASSERT_TRUE(GetBadRequest(RequireReason(reason), &bad));
  EXPECT_EQ(bad.field_violations(0).field(), "reason.text");
  EXPECT_EQ(ApplicationOf("cases/c1"), "applications/c1");
}

}  // namespace
}  // namespace ams::gateway
