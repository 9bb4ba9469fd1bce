#include "services/intake/intake.h"

#include <utility>

#include "ams/intake/v1/events.pb.h"
#include "common/testing/fake_clock.h"
#include "common/testing/fake_kv_store.h"
#include "common/testing/fake_random.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/intake/testing/sample_request.h"

namespace ams::intake {
namespace {

using ::testing::HasSubstr;

const Principal kDinkes{"agencies/dinkes", ams::type::v1::ROLE_AGENCY, "agencies/dinkes"};
const Principal kBappeda{"agencies/bappeda", ams::type::v1::ROLE_AGENCY, "agencies/bappeda"};
const Principal kOperator{"operators/siti", ams::type::v1::ROLE_DISKOMINFO_OP, ""};

std::string ReasonOf(const absl::Status& s) {
  google::rpc::ErrorInfo info;
  return GetErrorInfo(s, &info) ? info.reason() : "";
}

class IntakeTest : public ::testing::Test {
 protected:
  IntakeTest()
      : kv_(&clock_),
        outbox_(&kv_, "intake", &clock_),
        store_(&kv_, &outbox_, &clock_),
        intake_(&store_, IntakeRules{}, "nik-key", &clock_, &random_) {
    clock_.Advance(absl::Hours(24 * 60));  // 2026-11-20
  }

  // Events waiting in the outbox of `app`.
  std::vector<EventEnvelope> Outgoing(const Application& app) {
    std::vector<EventEnvelope> out;
    auto items = kv_.Run({"LRANGE", outbox_.OutboxKey(ApplicationId(app)), "0", "-1"});
    for (const KvReply& item : items->elements) {
      out.emplace_back();
      out.back().ParseFromString(item.str);
    }
    return out;
  }

  Application Submit(int seq = 1, const Principal& who = kDinkes) {
    auto r = intake_.Submit(who, testing::SampleRequest(seq, who.agency));
    EXPECT_TRUE(r.ok()) << r.status();
    return r.ok() ? r->application() : Application();
  }

  ams::testing::FakeClock clock_;
  ams::testing::FakeRandom random_;
  ams::testing::FakeKvStore kv_;
  Outbox outbox_;
  ApplicationStore store_;
  Intake intake_;
};

TEST_F(IntakeTest, SubmitStoresTheApplicationAndItsEventTogether) {
  Application app = Submit();
  EXPECT_EQ(app.state(), Application::STATE_SUBMITTED);
  EXPECT_EQ(app.revision(), 1);
  std::vector<EventEnvelope> events = Outgoing(app);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].type(), "ams.intake.v1.ApplicationSubmitted");
  EXPECT_EQ(events[0].subject(), ApplicationId(app));
  ams::intake::v1::ApplicationSubmitted e;
  ASSERT_TRUE(UnpackEvent(events[0], &e).ok());
  EXPECT_EQ(e.recommendation_letter().document().size_bytes(),
            static_cast<int64_t>(testing::SampleRequest().recommendation_letter().pdf().size()));
  EXPECT_EQ(events[0].data().find(app.applicant().nik()), std::string::npos);
  auto got = intake_.Get(kDinkes, [&] {
    ams::intake::v1::GetApplicationRequest g;
    g.set_name(app.name());
    return g;
  }());
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->application().SerializeAsString(), app.SerializeAsString());
}

TEST_F(IntakeTest, InvalidRequestStoresNothing) {
  auto r = testing::SampleRequest();
  r.mutable_applicant()->set_nik("123");
  EXPECT_EQ(intake_.Submit(kDinkes, r).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(kv_.Size(), 0u);
}

// A form checks its fields with the server's rules as the user types: the same answer as a
// submission, and nothing stored.
TEST_F(IntakeTest, ValidateOnlyAnswersAsSubmissionWouldAndStoresNothing) {
  auto r = testing::SampleRequest();
  r.set_validate_only(true);
  auto fine = intake_.Submit(kDinkes, r);
  ASSERT_TRUE(fine.ok()) << fine.status();
  EXPECT_EQ(fine->application().applicant().full_name(), r.applicant().full_name());
  r.mutable_applicant()->set_nik("3305");
  absl::Status bad = intake_.Submit(kDinkes, r).status();
  EXPECT_EQ(bad.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(bad.message()), ::testing::HasSubstr("applicant.nik"));
  EXPECT_EQ(kv_.Size(), 0u);
}

TEST_F(IntakeTest, RetryWithTheSameRequestIdGetsTheSameApplication) {
  auto r = testing::SampleRequest();
  r.set_request_id("6f1c1a52-2f9e-4c1e-9d55-0a3c8a6f4b21");
  auto first = intake_.Submit(kDinkes, r);
  auto again = intake_.Submit(kDinkes, r);
  ASSERT_TRUE(first.ok() && again.ok());
  EXPECT_EQ(first->application().SerializeAsString(), again->application().SerializeAsString());
  EXPECT_EQ(Outgoing(first->application()).size(), 1u);  // one event, not two
  r.mutable_applicant()->set_position("Kepala Seksi");
  absl::Status reused = intake_.Submit(kDinkes, r).status();
  EXPECT_EQ(reused.code(), absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(ReasonOf(reused), "REQUEST_ID_REUSED");
}

TEST_F(IntakeTest, OneActiveApplicationPerNik) {
  Application first = Submit(7);
  absl::Status second = intake_.Submit(kDinkes, testing::SampleRequest(7)).status();
  EXPECT_EQ(second.code(), absl::StatusCode::kAlreadyExists);
  EXPECT_THAT(second.message(), HasSubstr(first.name()));
  EXPECT_EQ(ReasonOf(second), "APPLICATION_ACTIVE");

  ams::intake::v1::WithdrawApplicationRequest w;
  w.set_name(first.name());
  ASSERT_TRUE(intake_.Withdraw(kDinkes, w).ok());
  EXPECT_TRUE(intake_.Submit(kDinkes, testing::SampleRequest(7)).ok());
}

TEST_F(IntakeTest, OfTwoSubmissionsForOneNikAtOnceExactlyOneIsCommitted) {
  // The second submission commits between the first one's read of the NIK claim and its
  // commit, as another replica would.
  absl::StatusOr<pb::SubmitApplicationResponse> second;
  bool once = true;
  kv_.SetBeforeExec([&] {
    if (!std::exchange(once, false)) return;
    second = intake_.Submit(kDinkes, testing::SampleRequest(9));
  });
  absl::StatusOr<pb::SubmitApplicationResponse> first =
      intake_.Submit(kDinkes, testing::SampleRequest(9));
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_EQ(first.status().code(), absl::StatusCode::kAlreadyExists);
  EXPECT_THAT(first.status().message(), HasSubstr(second->application().name()));
  // One application, listed once; the loser left nothing behind.
  pb::ListApplicationsRequest list;
  EXPECT_EQ(intake_.List(kDinkes, list)->applications_size(), 1);
}

// Another agency learns that the person has an application in progress (the rule it runs
// into), but not which one.
TEST_F(IntakeTest, AnActiveApplicationOfAnotherAgencyIsNotNamed) {
  Application first = Submit(8);
  absl::Status other =
      intake_.Submit(kBappeda, testing::SampleRequest(8, kBappeda.agency)).status();
  EXPECT_EQ(other.code(), absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(ReasonOf(other), "APPLICATION_ACTIVE");
  EXPECT_THAT(other.message(), ::testing::Not(HasSubstr(ApplicationId(first))));
  google::rpc::ErrorInfo info;
  ASSERT_TRUE(GetErrorInfo(other, &info));
  EXPECT_EQ(info.metadata().count("application"), 0u);
}

TEST_F(IntakeTest, AgenciesSeeOnlyTheirOwn) {
  Application mine = Submit(1);
  Submit(2, kBappeda);
  ams::intake::v1::GetApplicationRequest g;
  g.set_name(mine.name());
  // Another agency's application answers as a missing one does: nothing leaks.
  absl::Status hidden = intake_.Get(kBappeda, g).status();
  EXPECT_EQ(hidden.code(), absl::StatusCode::kNotFound);
  g.set_name("applications/00000000-0000-4000-8000-000000000000");
  absl::Status missing = intake_.Get(kBappeda, g).status();
  EXPECT_EQ(hidden.code(), missing.code());
  EXPECT_EQ(ReasonOf(hidden), ReasonOf(missing));
  EXPECT_THAT(hidden.message(), ::testing::Not(HasSubstr("agency")));
  g.set_name(mine.name());
  EXPECT_TRUE(intake_.Get(kOperator, g).ok());  // operators read every agency's

  ams::intake::v1::ListApplicationsRequest list;
  auto own = intake_.List(kDinkes, list);
  ASSERT_TRUE(own.ok());
  ASSERT_EQ(own->applications_size(), 1);
  EXPECT_EQ(own->applications(0).name(), mine.name());
  EXPECT_EQ(intake_.List(kOperator, list)->applications_size(), 2);
  list.set_filter("agency=agencies/bappeda");
  EXPECT_EQ(intake_.List(kDinkes, list).status().code(), absl::StatusCode::kPermissionDenied);

  ams::intake::v1::WithdrawApplicationRequest w;
  w.set_name(mine.name());
  EXPECT_EQ(intake_.Withdraw(kBappeda, w).status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(intake_.Withdraw(kOperator, w).status().code(), absl::StatusCode::kPermissionDenied);
}

// Services read only what their role names, and never act as an agency or a person.
TEST_F(IntakeTest, ServiceKeysReadOnlyWhatTheirRoleNames) {
  const Principal letters{"services/forwarding", ams::type::v1::ROLE_SERVICE_LETTER_READER, ""};
  const Principal applications{"services/verification",
                               ams::type::v1::ROLE_SERVICE_APPLICATION_READER, ""};
  const Principal accounts{"services/x", ams::type::v1::ROLE_SERVICE_ACCOUNT_READER, ""};
  Application app = Submit(3);
  ams::intake::v1::GetApplicationRequest get;
  get.set_name(app.name());
  ams::intake::v1::GetRecommendationLetterRequest letter;
  letter.set_name(app.name());
  EXPECT_TRUE(intake_.GetLetter(letters, letter).ok());
  EXPECT_TRUE(intake_.Get(applications, get).ok());
  EXPECT_EQ(intake_.Get(letters, get).status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(intake_.GetLetter(applications, letter).status().code(),
            absl::StatusCode::kPermissionDenied);
  ams::intake::v1::ListApplicationsRequest list;
  for (const Principal& service : {letters, applications, accounts}) {
    EXPECT_EQ(intake_.List(service, list).status().code(), absl::StatusCode::kPermissionDenied);
    EXPECT_EQ(intake_.Get(accounts, get).status().code(), absl::StatusCode::kPermissionDenied);
    ams::intake::v1::WithdrawApplicationRequest w;
    w.set_name(app.name());
    EXPECT_EQ(intake_.Withdraw(service, w).status().code(), absl::StatusCode::kPermissionDenied);
    EXPECT_EQ(intake_.Submit(service, testing::SampleRequest(4)).status().code(),
              absl::StatusCode::kPermissionDenied);
  }
}

TEST_F(IntakeTest, ListPagesAndFilters) {
  for (int i = 1; i <= 5; ++i) {
    Submit(i);
    clock_.Advance(absl::Minutes(1));
  }
  ams::intake::v1::ListApplicationsRequest list;
  list.set_page_size(2);
  std::vector<std::string> seen;
  do {
    auto page = intake_.List(kDinkes, list);
    ASSERT_TRUE(page.ok()) << page.status();
    for (const auto& a : page->applications()) seen.push_back(a.name());
    list.set_page_token(page->next_page_token());
  } while (!list.page_token().empty());
  EXPECT_EQ(seen.size(), 5u);

  list.Clear();
  list.set_filter("state=STATE_WITHDRAWN");
  EXPECT_EQ(intake_.List(kDinkes, list)->applications_size(), 0);
  list.set_filter("create_time>=\"2099-01-01T00:00:00Z\"");
  EXPECT_EQ(intake_.List(kDinkes, list)->applications_size(), 0);
  list.set_filter("colour=red");
  EXPECT_EQ(intake_.List(kDinkes, list).status().code(), absl::StatusCode::kInvalidArgument);
  list.Clear();
  list.set_page_token("!!");
  EXPECT_EQ(intake_.List(kDinkes, list).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(IntakeTest, ResubmitOnlyAfterReturnAndItIsANewRevision) {
  Application app = Submit();
  ams::intake::v1::ResubmitApplicationRequest r;
  r.set_name(app.name());
  EXPECT_EQ(intake_.Resubmit(kDinkes, r).status().code(), absl::StatusCode::kFailedPrecondition);

  auto stored = store_.Get(ApplicationId(app));
  Application returned = (*stored)->application;
  ams::type::v1::Reason reason;
  reason.set_code(ams::type::v1::REASON_CODE_LETTER_UNSIGNED);
  ASSERT_TRUE(MarkReturned(returned, 1, reason, clock_.Now()));
  ASSERT_TRUE(store_.Update(**stored, returned, {}).ok());

  *r.mutable_recommendation_letter() = testing::SampleRequest().recommendation_letter();
  r.mutable_recommendation_letter()->set_pdf(ams::testing::MakeSignedPdf("Surat Rekomendasi"));
  r.set_request_id("0b9f6f0e-1111-4a4a-8b8b-222222222222");
  auto resubmitted = intake_.Resubmit(kDinkes, r);
  ASSERT_TRUE(resubmitted.ok()) << resubmitted.status();
  EXPECT_EQ(resubmitted->application().revision(), 2);
  // Self-signed: intact, but nobody trusted vouches for the signer.
  EXPECT_EQ(resubmitted->application().recommendation_letter().signature().outcome(),
            ams::type::v1::SignatureCheck::OUTCOME_UNTRUSTED);
  EXPECT_EQ(Outgoing(app).size(), 2u);
  // The same request again answers from the record and emits nothing more.
  EXPECT_TRUE(intake_.Resubmit(kDinkes, r).ok());
  EXPECT_EQ(Outgoing(app).size(), 2u);
}

TEST_F(IntakeTest, OperatorsFetchTheLetter) {
  Application app = Submit();
  ams::intake::v1::GetRecommendationLetterRequest g;
  g.set_name(app.name());
  auto letter = intake_.GetLetter(kOperator, g);
  ASSERT_TRUE(letter.ok()) << letter.status();
  EXPECT_EQ(letter->pdf(), testing::SampleRequest().recommendation_letter().pdf());
  g.set_name("applications/nope");
  EXPECT_EQ(intake_.GetLetter(kOperator, g).status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace ams::intake
