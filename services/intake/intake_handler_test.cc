#include "services/intake/intake_handler.h"

#include "ams/credential/v1/events.pb.h"
#include "ams/forwarding/v1/events.pb.h"
#include "common/event_dispatcher.h"
#include "common/hashing.h"
#include "common/testing/fake_clock.h"
#include "common/testing/fake_kv_store.h"
#include "common/testing/fake_random.h"
#include "common/testing/recording_publisher.h"
#include "common/testing/sent_mail.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/intake/intake.h"
#include "services/intake/testing/sample_request.h"

namespace ams::intake {
namespace {

using ::testing::HasSubstr;

class IntakeHandlerTest : public ::testing::Test {
 protected:
  IntakeHandlerTest()
      : kv_(&clock_),
        outbox_(&kv_, "intake", &clock_),
        store_(&kv_, &outbox_, &clock_),
        intake_(&store_, IntakeRules{}, "k", &clock_, &random_),
        mail_(&kv_, "intake", &clock_, &random_),
        handler_(&store_, mail_.outbox(), "ams@kebumenkab.go.id", &clock_),
        dispatcher_({"ams-intake"}, &handler_, &kv_, &dlq_, &clock_, nullptr) {
    Principal dinkes{"agencies/dinkes", ams::type::v1::ROLE_AGENCY, "agencies/dinkes"};
    app_ = intake_.Submit(dinkes, testing::SampleRequest())->application();
  }

  ConsumedRecord Record(const google::protobuf::Message& m) {
    EventEnvelope e = MakeEvent("forwarding", ApplicationId(app_), m, clock_.Now(), random_);
    return {e.topic(), 0, 0, e.subject(), e.data(), ToKafkaHeaders(e)};
  }
  Application Current() { return (*store_.Get(ApplicationId(app_)))->application; }

  ams::testing::FakeClock clock_;
  ams::testing::FakeRandom random_;
  ams::testing::FakeKvStore kv_;
  ams::testing::RecordingPublisher dlq_;
  Outbox outbox_;
  ApplicationStore store_;
  Intake intake_;
  ams::testing::SentMail mail_;
  IntakeHandler handler_;
  EventDispatcher dispatcher_;
  Application app_;
  std::atomic<bool> stopping_{false};
};

TEST_F(IntakeHandlerTest, ReturnMarksTheApplicationAndMailsTheApplicantOnce) {
  ams::forwarding::v1::ApplicationReturned returned;
  returned.set_application(app_.name());
  returned.set_revision(1);
  returned.mutable_reason()->set_code(ams::type::v1::REASON_CODE_LETTER_UNSIGNED);
  returned.mutable_reason()->set_text("Surat belum ditandatangani atasan.");
  ConsumedRecord record = Record(returned);
  EXPECT_EQ(dispatcher_.Dispatch(record, stopping_), EventDispatcher::Outcome::kHandled);
  EXPECT_EQ(dispatcher_.Dispatch(record, stopping_), EventDispatcher::Outcome::kDuplicate);
  EXPECT_EQ(Current().state(), Application::STATE_RETURNED);
  EXPECT_EQ(Current().return_reason().code(), ams::type::v1::REASON_CODE_LETTER_UNSIGNED);
  ASSERT_EQ(mail_.Sent().size(), 1u);
  const MailMessage m = mail_.Sent()[0];
  EXPECT_EQ(m.message_id, MailMessageId("returned", ApplicationId(app_), 1));
  EXPECT_THAT(m.to, ::testing::ElementsAre("budi.santoso@kebumenkab.go.id"));
  EXPECT_THAT(m.text_body, HasSubstr("LETTER_UNSIGNED: Surat belum ditandatangani atasan."));
}

// A mail server away or refusing the address holds nothing back: the return commits with
// its mail owed, which goes out when the server is back, or waits parked for an operator.
TEST_F(IntakeHandlerTest, TheReturnCommitsWhateverTheMailServerSays) {
  ams::forwarding::v1::ApplicationReturned returned;
  returned.set_application(app_.name());
  returned.set_revision(1);
  returned.mutable_reason()->set_code(ams::type::v1::REASON_CODE_DATA_INCOMPLETE);
  mail_.mailer().SetUnavailable(true);
  EXPECT_EQ(dispatcher_.Dispatch(Record(returned), stopping_), EventDispatcher::Outcome::kHandled);
  EXPECT_EQ(Current().state(), Application::STATE_RETURNED);
  EXPECT_TRUE(mail_.Sent().empty());
  mail_.mailer().SetUnavailable(false);
  clock_.Advance(absl::Minutes(1));  // past the sender's back-off
  EXPECT_EQ(mail_.Sent().size(), 1u);

  // Resubmitted, returned again, to an address the server refuses for good: parked.
  Principal dinkes{"agencies/dinkes", ams::type::v1::ROLE_AGENCY, "agencies/dinkes"};
  ams::intake::v1::ResubmitApplicationRequest again;
  again.set_name(app_.name());
  *again.mutable_applicant() = testing::SampleRequest().applicant();
  ASSERT_TRUE(intake_.Resubmit(dinkes, again).ok());
  mail_.mailer().Refuse("budi.santoso@kebumenkab.go.id");
  returned.set_revision(2);
  EXPECT_EQ(dispatcher_.Dispatch(Record(returned), stopping_), EventDispatcher::Outcome::kHandled);
  EXPECT_EQ(Current().state(), Application::STATE_RETURNED);
  EXPECT_EQ(mail_.Sent().size(), 1u);
  auto parked = mail_.outbox()->Parked(0, 10);
  ASSERT_TRUE(parked.ok());
  ASSERT_EQ(parked->size(), 1u);
  EXPECT_EQ((*parked)[0].message_id(), MailMessageId("returned", ApplicationId(app_), 2));
  EXPECT_TRUE(dlq_.records().empty());  // nothing dead-lettered
}

TEST_F(IntakeHandlerTest, ForwardedMarksTheApplication) {
  ams::forwarding::v1::ApplicationForwarded forwarded;
  forwarded.set_application(app_.name());
  forwarded.set_revision(1);
  EXPECT_EQ(dispatcher_.Dispatch(Record(forwarded), stopping_), EventDispatcher::Outcome::kHandled);
  EXPECT_EQ(Current().state(), Application::STATE_FORWARDED);
  EXPECT_TRUE(mail_.Sent().empty());
}

TEST_F(IntakeHandlerTest, ActivatedAccountCompletesTheApplicationAndFreesTheNik) {
  ams::forwarding::v1::ApplicationForwarded forwarded;
  forwarded.set_application(app_.name());
  forwarded.set_revision(1);
  ASSERT_EQ(dispatcher_.Dispatch(Record(forwarded), stopping_), EventDispatcher::Outcome::kHandled);
  Principal dinkes{"agencies/dinkes", ams::type::v1::ROLE_AGENCY, "agencies/dinkes"};
  auto update = testing::SampleRequest();
  update.set_kind(ams::type::v1::APPLICATION_KIND_DATA_UPDATE);
  update.set_existing_account("accounts/budi");
  ams::credential::v1::CredentialIssued issued;
  issued.set_application(app_.name());
  issued.set_username("budi");
  *issued.mutable_applicant() =
      SubmittedEvent(app_, HmacSha256Hex("k", update.applicant().nik())).applicant();
  ASSERT_EQ(dispatcher_.Dispatch(Record(issued), stopping_), EventDispatcher::Outcome::kHandled);
  EXPECT_TRUE(absl::IsAlreadyExists(intake_.Submit(dinkes, update).status()));  // still open

  ams::credential::v1::AccountActivated activated;
  activated.set_application(app_.name());
  EXPECT_EQ(dispatcher_.Dispatch(Record(activated), stopping_), EventDispatcher::Outcome::kHandled);
  EXPECT_EQ(Current().state(), Application::STATE_COMPLETED);
  auto updated = intake_.Submit(dinkes, update);
  ASSERT_TRUE(updated.ok()) << updated.status();
  // The verifier will see what the account held before, beside the new data.
  EXPECT_EQ(updated->application().existing_account_applicant().full_name(),
            app_.applicant().full_name());
}

// The attack: any agency named anyone's account in a data update and took it over.
TEST_F(IntakeHandlerTest, ADataUpdateMustBeTheAccountHoldersOwn) {
  Principal dinkes{"agencies/dinkes", ams::type::v1::ROLE_AGENCY, "agencies/dinkes"};
  ams::credential::v1::CredentialIssued issued;
  issued.set_application(app_.name());
  issued.set_username("budi");
  issued.mutable_applicant()->set_nik_fingerprint("the-fingerprint-of-budi");
  ASSERT_EQ(dispatcher_.Dispatch(Record(issued), stopping_), EventDispatcher::Outcome::kHandled);
  auto other_person = testing::SampleRequest(42);
  other_person.set_kind(ams::type::v1::APPLICATION_KIND_DATA_UPDATE);
  other_person.set_existing_account("accounts/budi");
  absl::Status taken = intake_.Submit(dinkes, other_person).status();
  EXPECT_EQ(taken.code(), absl::StatusCode::kInvalidArgument);
  google::rpc::BadRequest bad;
  ASSERT_TRUE(GetBadRequest(taken, &bad));
  EXPECT_EQ(bad.field_violations(0).field(), "existing_account");
  // An account that does not exist is answered the same way.
  other_person.set_existing_account("accounts/nobody");
  absl::Status missing = intake_.Submit(dinkes, other_person).status();
  EXPECT_EQ(missing.message(), taken.message());
}

TEST_F(IntakeHandlerTest, UnknownApplicationIsPoison) {
  ams::forwarding::v1::ApplicationForwarded forwarded;
  forwarded.set_application("applications/00000000-0000-4000-8000-000000000000");
  forwarded.set_revision(1);
  EXPECT_EQ(dispatcher_.Dispatch(Record(forwarded), stopping_),
            EventDispatcher::Outcome::kDeadLettered);
}

}  // namespace
}  // namespace ams::intake
