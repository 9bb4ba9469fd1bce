#include "services/intake/application.h"

#include <functional>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/intake/testing/invalid_requests.h"
#include "services/intake/testing/sample_request.h"

namespace ams::intake {
namespace {

using ::testing::HasSubstr;
using pb = ams::intake::v1::SubmitApplicationRequest;

const absl::CivilDay kToday(2026, 11, 25);
const Principal kDinkes{"agencies/dinkes", ams::type::v1::ROLE_AGENCY, "agencies/dinkes"};

TEST(CheckSubmission, AcceptsTheSample) {
  absl::StatusOr<CheckedLetter> letter =
      CheckSubmission(testing::SampleRequest(), kDinkes, IntakeRules{}, kToday);
  ASSERT_TRUE(letter.ok()) << letter.status();
  EXPECT_EQ(letter->sha256.size(), 64u);
  EXPECT_EQ(letter->pdf.signature.outcome, PdfSignature::Outcome::kUnsigned);
}

TEST(CheckSubmission, NamesTheFieldOfEveryProblem) {
  for (const testing::InvalidCase& c : testing::InvalidRequests()) {
    pb r = testing::SampleRequest();
    c.spoil(r);
    absl::Status s = CheckSubmission(r, kDinkes, IntakeRules{}, kToday).status();
    ASSERT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << c.what;
    google::rpc::BadRequest br;
    ASSERT_TRUE(GetBadRequest(s, &br)) << c.what;
    ASSERT_EQ(br.field_violations_size(), 1) << c.what << ": " << s.message();
    EXPECT_EQ(br.field_violations(0).field(), c.field) << c.what;
  }
}

TEST(CheckSubmission, ReportsEveryProblemAtOnce) {
  pb r = testing::SampleRequest();
  r.mutable_applicant()->set_nik("x");
  r.mutable_applicant()->set_phone("x");
  r.clear_kind();
  google::rpc::BadRequest br;
  ASSERT_TRUE(GetBadRequest(CheckSubmission(r, kDinkes, IntakeRules{}, kToday).status(), &br));
  EXPECT_EQ(br.field_violations_size(), 3);
}

// Lengths used to be bytes: 70 accented letters were "longer than 120 characters".
TEST(CheckSubmission, CountsNamesInCharacters) {
  pb r = testing::SampleRequest();
  std::string name;
  for (int i = 0; i < 70; ++i) name += "\xc3\xa9";
  r.mutable_applicant()->set_full_name(name);
  EXPECT_TRUE(CheckSubmission(r, kDinkes, IntakeRules{}, kToday).ok());
}

TEST(NewApplication, StoresOneSpellingOfAName) {
  pb composed = testing::SampleRequest();
  composed.mutable_applicant()->set_full_name("Ren\xc3\xa9 Sitompul");
  pb decomposed = composed;
  decomposed.mutable_applicant()->set_full_name("Rene\xcc\x81 Sitompul");
  decomposed.mutable_recommendation_letter()->set_superior_name("Jos\x65\xcc\x81");
  ASSERT_TRUE(CheckSubmission(decomposed, kDinkes, IntakeRules{}, kToday).ok());
  Application a = NewApplication("a", composed, {}, absl::Now());
  Application b = NewApplication("b", decomposed, {}, absl::Now());
  EXPECT_EQ(a.applicant().full_name(), b.applicant().full_name());
  EXPECT_EQ(b.recommendation_letter().superior_name(), "Jos\xc3\xa9");
}

TEST(CheckSubmission, AgencySubmitsOnlyForItself) {
  Principal other{"agencies/bappeda", ams::type::v1::ROLE_AGENCY, "agencies/bappeda"};
  EXPECT_EQ(CheckSubmission(testing::SampleRequest(), other, IntakeRules{}, kToday).status().code(),
            absl::StatusCode::kPermissionDenied);
}

TEST(CheckSubmission, AcceptsAWomanWithPppkNumber) {
  pb r = testing::SampleRequest();
  r.mutable_applicant()->set_nik("3305015507900001");  // day 55: a woman born on the 15th
  r.mutable_applicant()->set_employee_type(ams::type::v1::EMPLOYEE_TYPE_PPPK);
  r.mutable_applicant()->set_employee_number("199007152022212001");
  EXPECT_TRUE(CheckSubmission(r, kDinkes, IntakeRules{}, kToday).ok());
}

TEST(ApplicationIdFor, IsStablePerAgencyAndRequest) {
  const std::string rid = "6f1c1a52-2f9e-4c1e-9d55-0a3c8a6f4b21";
  EXPECT_EQ(ApplicationIdFor("agencies/a", rid), ApplicationIdFor("agencies/a", rid));
  EXPECT_NE(ApplicationIdFor("agencies/a", rid), ApplicationIdFor("agencies/b", rid));
  EXPECT_NE(ApplicationIdFor("agencies/a", ""), ApplicationIdFor("agencies/a", ""));
}

TEST(Transitions, FollowTheSop) {
  const absl::Time now = absl::FromUnixSeconds(1790000000);
  Application app = NewApplication("a", testing::SampleRequest(), CheckedLetter{}, now);
  EXPECT_TRUE(IsActive(app));
  EXPECT_FALSE(MarkForwarded(app, 2, now));  // another revision
  ams::type::v1::Reason reason;
  reason.set_code(ams::type::v1::REASON_CODE_LETTER_UNSIGNED);
  EXPECT_TRUE(MarkReturned(app, 1, reason, now));
  EXPECT_EQ(app.state(), Application::STATE_RETURNED);
  ams::intake::v1::ResubmitApplicationRequest resubmit;
  ASSERT_TRUE(Resubmit(app, resubmit, nullptr, now).ok());
  EXPECT_EQ(app.revision(), 2);
  EXPECT_FALSE(app.has_return_reason());
  EXPECT_TRUE(MarkForwarded(app, 2, now));
  EXPECT_EQ(Withdraw(app, now).code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(IsActive(app));
}

TEST(SubmittedEvent, CarriesNoFullNikAndNoLetterBytes) {
  Application app = NewApplication("a", testing::SampleRequest(), CheckedLetter{}, absl::Now());
  auto e = SubmittedEvent(app, "fp");
  std::string bytes = e.SerializeAsString();
  EXPECT_EQ(bytes.find(app.applicant().nik()), std::string::npos);
  EXPECT_EQ(bytes.find("%PDF"), std::string::npos);
  EXPECT_EQ(e.applicant().nik_masked(), "3305**********01");
  EXPECT_EQ(e.applicant().nik_fingerprint(), "fp");
}

}  // namespace
}  // namespace ams::intake
