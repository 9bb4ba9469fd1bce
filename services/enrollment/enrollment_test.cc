#include "services/enrollment/enrollment.h"

#include "ams/enrollment/v1/events.pb.h"
#include "common/event_dispatcher.h"
#include "common/hashing.h"
#include "common/rpc_status.h"
#include "common/testing/fake_clock.h"
#include "common/testing/fake_kv_store.h"
#include "common/testing/fake_random.h"
#include "common/testing/image_fixtures.h"
#include "common/testing/pdf_fixtures.h"
#include "common/testing/recording_publisher.h"
#include "common/testing/sent_mail.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/enrollment/enrollment_handler.h"

namespace ams::enrollment {
namespace {

using ::testing::HasSubstr;

const Principal kBsre{"operators/bsre-1", ams::type::v1::ROLE_BSRE_OP, ""};
const Principal kApplicant{"ipv4:10.0.0.7", ams::type::v1::ROLE_UNSPECIFIED, ""};
constexpr char kId[] = "3f2b8c1e-5d6a-4b7c-8e9f-0a1b2c3d4e5f";
constexpr char kApp[] = "applications/3f2b8c1e-5d6a-4b7c-8e9f-0a1b2c3d4e5f";

class EnrollmentTest : public ::testing::Test {
 protected:
  EnrollmentTest()
      : kv_(&clock_),
        outbox_(&kv_, "enrollment", &clock_),
        store_(&kv_, &outbox_),
        mail_(&kv_, "enrollment", &clock_, &random_),
        enrollment_(&store_, mail_.outbox(), EnrollmentOptions{}, &clock_, &random_),
        handler_(&enrollment_),
        dispatcher_({"ams-enrollment"}, &handler_, &kv_, &dlq_, &clock_, nullptr) {}

  void Forwarded() {
    ams::forwarding::v1::ApplicationForwarded f;
    f.set_application(kApp);
    f.set_kind(ams::type::v1::APPLICATION_KIND_NEW_ACCOUNT);
    f.mutable_applicant()->set_full_name("Budi Santoso");
    f.mutable_applicant()->set_official_email("Budi.Santoso@kebumenkab.go.id");
    f.mutable_applicant()->set_nik_masked("3305**********01");
    f.mutable_forwarded_by()->set_subject("operators/siti");
    Deliver(f, 2);
  }
  // Delivers an event `times` times, as Kafka may.
  void Deliver(const google::protobuf::Message& m, int times = 1) {
    EventEnvelope e = MakeEvent("forwarding", kId, m, clock_.Now(), random_);
    ConsumedRecord r{e.topic(), 0, 0, e.subject(), e.data(), ToKafkaHeaders(e)};
    for (int i = 0; i < times; ++i) dispatcher_.Dispatch(r, stopping_);
  }
  pb::Identity Register() {
    pb::RegisterIdentityRequest r;
    r.set_application(kApp);
    auto done = enrollment_.Register(kBsre, r);
    EXPECT_TRUE(done.ok()) << done.status();
    return done.ok() ? done->identity() : pb::Identity();
  }
  std::string LastToken() {
    const std::string body = mail_.Sent().back().text_body;
    size_t at = body.find("token=");
    return at == std::string::npos ? "" : body.substr(at + 6, 43);
  }
  pb::SubmitActivationRequest Data(const std::string& token) {
    pb::SubmitActivationRequest r;
    r.set_token(token);
    r.mutable_data()->set_address("Jl. Pahlawan No. 1");
    r.mutable_data()->set_city("Kebumen");
    r.mutable_data()->set_province("Jawa Tengah");
    r.mutable_data()->set_ktp_image(ams::testing::MakeJpeg());
    r.mutable_data()->set_appointment_decree_pdf(ams::testing::MakeUnsignedPdf("SK"));
    r.mutable_data()->set_specimen_signature_image(ams::testing::MakePng());
    return r;
  }
  std::vector<std::string> EventTypes() {
    std::vector<std::string> out;
    absl::StatusOr<KvReply> items = kv_.Run({"LRANGE", outbox_.OutboxKey(kId), "0", "-1"});
    for (const KvReply& item : items->elements) {
      EventEnvelope e;
      e.ParseFromString(item.str);
      out.push_back(e.type());
    }
    return out;
  }

  ams::testing::FakeClock clock_;
  ams::testing::FakeRandom random_;
  ams::testing::FakeKvStore kv_;
  ams::testing::RecordingPublisher dlq_;
  Outbox outbox_;
  RegistrationStore store_;
  ams::testing::SentMail mail_;
  Enrollment enrollment_;
  EnrollmentHandler handler_;
  EventDispatcher dispatcher_;
  std::atomic<bool> stopping_{false};
};

TEST_F(EnrollmentTest, RegisterMailsALinkThatWorksOnce) {
  Forwarded();
  auto pending = enrollment_.ListPending(kBsre, {});
  ASSERT_EQ(pending->pending_registrations_size(), 1);  // once, though delivered twice
  pb::Identity identity = Register();
  EXPECT_EQ(identity.username(), "budi.santoso");
  EXPECT_EQ(identity.state(), pb::Identity::STATE_AWAITING_ACTIVATION);
  ASSERT_EQ(mail_.Sent().size(), 1u);
  EXPECT_THAT(mail_.Sent()[0].to, ::testing::ElementsAre("Budi.Santoso@kebumenkab.go.id"));
  // The application's status page, which needs no token.
  EXPECT_THAT(mail_.Sent()[0].text_body, HasSubstr(absl::StrCat("/status/", kId, "\n")));
  const std::string token = LastToken();
  ASSERT_EQ(token.size(), 43u);
  EXPECT_EQ(kv_.Run({"GET", absl::StrCat("enrollment:link:", TokenHash(token))})->str, kId);

  pb::GetActivationFormRequest form;
  form.set_token(token);
  auto shown = enrollment_.GetForm(kApplicant, form);
  ASSERT_TRUE(shown.ok()) << shown.status();
  EXPECT_EQ(shown->applicant().nik_masked(), "3305**********01");

  auto submitted = enrollment_.Submit(kApplicant, Data(token));
  ASSERT_TRUE(submitted.ok()) << submitted.status();
  EXPECT_EQ(submitted->identity().state(), pb::Identity::STATE_SUBMITTED);
  EXPECT_THAT(EventTypes(), ::testing::ElementsAre("ams.enrollment.v1.IdentityRegistered",
                                                   "ams.enrollment.v1.ActivationLinkIssued",
                                                   "ams.enrollment.v1.EnrollmentSubmitted"));
  absl::Status reused = enrollment_.Submit(kApplicant, Data(token)).status();
  absl::Status unknown = enrollment_.Submit(kApplicant, Data(std::string(43, 'A'))).status();
  EXPECT_EQ(reused.code(), absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(reused, unknown);  // the same answer: nothing to learn from it
  EXPECT_EQ(enrollment_
                .Register(kBsre,
                          [] {
                            pb::RegisterIdentityRequest r;
                            r.set_application(kApp);
                            return r;
                          }())
                .status()
                .code(),
            absl::StatusCode::kFailedPrecondition);
}

// The verifier sees the uploaded documents by the hash the case names; nobody else does.
TEST_F(EnrollmentTest, DocumentsAreServedToVerifiersByTheirHash) {
  Forwarded();
  Register();
  ASSERT_TRUE(enrollment_.Submit(kApplicant, Data(LastToken())).ok());
  const std::string jpeg = ams::testing::MakeJpeg();
  pb::GetDocumentRequest r;
  r.set_sha256(Sha256Hex(jpeg));
  const Principal verifier{"operators/dewi", ams::type::v1::ROLE_VERIFIER, ""};
  absl::StatusOr<pb::GetDocumentResponse> got = enrollment_.GetDocument(verifier, r);
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(got->data(), jpeg);
  EXPECT_EQ(got->media_type(), "image/jpeg");
  EXPECT_EQ(enrollment_.GetDocument(kBsre, r).status().code(), absl::StatusCode::kPermissionDenied);
  r.set_sha256(std::string(64, '0'));
  EXPECT_EQ(enrollment_.GetDocument(verifier, r).status().code(), absl::StatusCode::kNotFound);
  r.set_sha256("../../etc/passwd");
  EXPECT_EQ(enrollment_.GetDocument(verifier, r).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_F(EnrollmentTest, ExpiredLinkIsRefusedAndAResentOneWorks) {
  Forwarded();
  Register();
  const std::string old_token = LastToken();
  clock_.Advance(absl::Hours(72));
  EXPECT_EQ(enrollment_.Submit(kApplicant, Data(old_token)).status().code(),
            absl::StatusCode::kUnauthenticated);
  pb::ResendActivationLinkRequest resend;
  resend.set_name(absl::StrCat("identities/", kId));
  ASSERT_TRUE(enrollment_.Resend(kBsre, resend).ok());
  ASSERT_EQ(mail_.Sent().size(), 2u);
  const std::string new_token = LastToken();
  EXPECT_NE(new_token, old_token);
  EXPECT_TRUE(enrollment_.Submit(kApplicant, Data(new_token)).ok());
}

TEST_F(EnrollmentTest, ResendReplacesTheOldLink) {
  Forwarded();
  Register();
  const std::string old_token = LastToken();
  pb::ResendActivationLinkRequest resend;
  resend.set_name(absl::StrCat("identities/", kId));
  ASSERT_TRUE(enrollment_.Resend(kBsre, resend).ok());
  EXPECT_EQ(enrollment_.Submit(kApplicant, Data(old_token)).status().code(),
            absl::StatusCode::kUnauthenticated);
  EXPECT_TRUE(enrollment_.Submit(kApplicant, Data(LastToken())).ok());
}

TEST_F(EnrollmentTest, BadDocumentsNameTheirFieldsAndKeepTheLink) {
  Forwarded();
  Register();
  pb::SubmitActivationRequest r = Data(LastToken());
  r.mutable_data()->set_ktp_image(ams::testing::MakeUnsignedPdf("not a photo"));
  r.mutable_data()->set_appointment_decree_pdf(ams::testing::MakePng());
  r.mutable_data()->clear_city();
  google::rpc::BadRequest br;
  ASSERT_TRUE(GetBadRequest(enrollment_.Submit(kApplicant, r).status(), &br));
  std::vector<std::string> fields;
  for (const auto& v : br.field_violations()) fields.push_back(v.field());
  EXPECT_THAT(fields, ::testing::UnorderedElementsAre("data.city", "data.ktp_image",
                                                      "data.appointment_decree_pdf"));
  EXPECT_TRUE(enrollment_.Submit(kApplicant, Data(LastToken())).ok());  // still usable
}

TEST_F(EnrollmentTest, RejectionSendsACorrectionLinkWithTheReason) {
  Forwarded();
  Register();
  ASSERT_TRUE(enrollment_.Submit(kApplicant, Data(LastToken())).ok());
  ams::verification::v1::EnrollmentRejected rejected;
  rejected.set_application(kApp);
  rejected.mutable_reason()->set_code(ams::type::v1::REASON_CODE_DOCUMENT_INVALID);
  rejected.mutable_reason()->set_text("Foto KTP buram.");
  Deliver(rejected, 2);
  ASSERT_EQ(mail_.Sent().size(), 2u);  // one correction mail despite the redelivery
  EXPECT_THAT(mail_.Sent()[1].text_body, HasSubstr("DOCUMENT_INVALID: Foto KTP buram."));
  pb::GetIdentityRequest get;
  get.set_name(absl::StrCat("identities/", kId));
  EXPECT_EQ(enrollment_.GetIdentity(kBsre, get)->identity().state(),
            pb::Identity::STATE_CORRECTION_REQUESTED);
  EXPECT_TRUE(enrollment_.Submit(kApplicant, Data(LastToken())).ok());
}

// What the operators' screens need: one application's identity by filter, and its state
// after verification.
TEST_F(EnrollmentTest, IdentitiesFilterByApplicationAndShowVerification) {
  Forwarded();
  Register();
  ASSERT_TRUE(enrollment_.Submit(kApplicant, Data(LastToken())).ok());
  pb::ListIdentitiesRequest list;
  list.set_filter(absl::StrCat("application=\"", kApp, "\""));
  auto one = enrollment_.ListIdentities(kBsre, list);
  ASSERT_TRUE(one.ok()) << one.status();
  ASSERT_EQ(one->identities_size(), 1);
  EXPECT_EQ(one->identities(0).state(), pb::Identity::STATE_SUBMITTED);
  list.set_filter("application=\"applications/00000000-0000-4000-8000-000000000000\"");
  EXPECT_EQ(enrollment_.ListIdentities(kBsre, list)->identities_size(), 0);
  list.set_filter("colour=blue");
  EXPECT_EQ(enrollment_.ListIdentities(kBsre, list).status().code(),
            absl::StatusCode::kInvalidArgument);

  ams::verification::v1::EnrollmentVerified verified;
  verified.set_application(kApp);
  Deliver(verified, 2);
  list.set_filter("state=STATE_VERIFIED");
  auto done = enrollment_.ListIdentities(kBsre, list);
  ASSERT_EQ(done->identities_size(), 1);
  EXPECT_EQ(done->identities(0).state(), pb::Identity::STATE_VERIFIED);
  list.set_filter("state=STATE_SUBMITTED");
  EXPECT_EQ(enrollment_.ListIdentities(kBsre, list)->identities_size(), 0);
}

absl::StatusCode FormCode(Enrollment& enrollment, const std::string& token) {
  pb::GetActivationFormRequest r;
  r.set_token(token);
  return enrollment.GetForm(kApplicant, r).status().code();
}

// Behind the gateway every applicant has the same address: one person's wrong links must not
// refuse another's.
TEST_F(EnrollmentTest, WrongLinksFromOneAddressAreNotLimitedTogether) {
  for (int i = 0; i < 40; ++i) {
    EXPECT_EQ(FormCode(enrollment_, std::string(42, 'a' + i % 26) + std::to_string(i % 10)),
              absl::StatusCode::kUnauthenticated);
  }
}

TEST_F(EnrollmentTest, OneLinkTriedTooOftenIsLimited) {
  const std::string token(43, 'q');
  for (int i = 0; i < 9; ++i) {
    EXPECT_EQ(FormCode(enrollment_, token), absl::StatusCode::kUnauthenticated);
  }
  EXPECT_EQ(FormCode(enrollment_, token), absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(FormCode(enrollment_, std::string(43, 'r')), absl::StatusCode::kUnauthenticated);
  clock_.Advance(absl::Minutes(1));
  EXPECT_EQ(FormCode(enrollment_, token), absl::StatusCode::kUnauthenticated);
}

// An identity's old links, tried in turn, count together; its live link still opens.
TEST_F(EnrollmentTest, AnIdentitysOldLinksCountTogetherButItsLiveLinkOpens) {
  Forwarded();
  const pb::Identity identity = Register();
  std::vector<std::string> old = {LastToken()};
  for (int i = 0; i < 2; ++i) {
    pb::ResendActivationLinkRequest resend;
    resend.set_name(identity.name());
    ASSERT_TRUE(enrollment_.Resend(kBsre, resend).ok());
    old.push_back(LastToken());
  }
  const std::string live = old.back();
  old.pop_back();
  for (int i = 0; i < 5; ++i) {
    for (const std::string& token : old) {
      EXPECT_EQ(FormCode(enrollment_, token), i == 4 && token == old[1]
                                                  ? absl::StatusCode::kResourceExhausted
                                                  : absl::StatusCode::kUnauthenticated);
    }
  }
  EXPECT_EQ(FormCode(enrollment_, old[0]), absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(FormCode(enrollment_, live), absl::StatusCode::kOk);
}

TEST_F(EnrollmentTest, ADocumentIsCheckedAsSubmissionWouldCheckIt) {
  Forwarded();
  Register();
  pb::CheckActivationDocumentRequest r;
  r.set_token(LastToken());
  r.set_field("ktp_image");
  r.set_content(ams::testing::MakePng());
  auto png = enrollment_.CheckDocument(kApplicant, r);
  ASSERT_TRUE(png.ok()) << png.status();
  EXPECT_EQ(png->media_type(), "image/png");
  r.set_field("appointment_decree_pdf");
  EXPECT_EQ(enrollment_.CheckDocument(kApplicant, r).status().code(),
            absl::StatusCode::kInvalidArgument);
  r.set_content(ams::testing::MakeUnsignedPdf("SK"));
  EXPECT_EQ(enrollment_.CheckDocument(kApplicant, r)->media_type(), "application/pdf");
  r.set_field("ktp_image");  // a PDF is no KTP scan, whatever its name
  auto refused = enrollment_.CheckDocument(kApplicant, r);
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(refused.status().message()), HasSubstr("content"));
  r.set_field("photo");
  EXPECT_EQ(enrollment_.CheckDocument(kApplicant, r).status().code(),
            absl::StatusCode::kInvalidArgument);
  r.set_token(std::string(43, 'x'));
  EXPECT_EQ(enrollment_.CheckDocument(kApplicant, r).status().code(),
            absl::StatusCode::kUnauthenticated);
  EXPECT_TRUE(enrollment_.Submit(kApplicant, Data(LastToken())).ok());  // nothing was used up
}

TEST_F(EnrollmentTest, OneReminderBeforeExpiry) {
  Forwarded();
  Register();
  EXPECT_EQ(*enrollment_.OweReminders(), 0);
  clock_.Advance(absl::Hours(50));
  EXPECT_EQ(*enrollment_.OweReminders(), 1);
  EXPECT_EQ(*enrollment_.OweReminders(), 0);
  ASSERT_EQ(mail_.Sent().size(), 2u);
  EXPECT_EQ(mail_.Sent().back().message_id, MailMessageId("reminder", kId, 1));
  EXPECT_THAT(mail_.Sent().back().subject, HasSubstr("Pengingat"));
  EXPECT_EQ(mail_.Sent().back().text_body.find("token="), std::string::npos);
}

// Each replica runs the reminder pass: of two owing the same reminder at once, one commits.
TEST_F(EnrollmentTest, OfTwoReplicasOwingOneReminderAtOnceOneCommits) {
  Forwarded();
  Register();
  clock_.Advance(absl::Hours(50));
  Enrollment other_replica(&store_, mail_.outbox(), EnrollmentOptions{}, &clock_, &random_);
  absl::StatusOr<int> other = 0;
  bool once = true;
  kv_.SetBeforeExec([&] {
    if (std::exchange(once, false)) other = other_replica.OweReminders();
  });
  absl::StatusOr<int> first = enrollment_.OweReminders();
  ASSERT_TRUE(first.ok()) << first.status();
  ASSERT_TRUE(other.ok()) << other.status();
  EXPECT_EQ(*first + *other, 1);
  EXPECT_EQ(mail_.Sent().size(), 2u);  // the link and one reminder
}

// The defect: a retried Register minted a second token; now the link and its mail commit
// together, so a retry (even while the mail server is away) answers from the record.
TEST_F(EnrollmentTest, ARegisterRetriedWithItsRequestIdMailsOneLink) {
  Forwarded();
  mail_.mailer().SetUnavailable(true);
  pb::RegisterIdentityRequest r;
  r.set_application(kApp);
  r.set_request_id("5b1c7e9a-2d3f-4a6b-8c9d-0e1f2a3b4c5d");
  auto first = enrollment_.Register(kBsre, r);
  ASSERT_TRUE(first.ok()) << first.status();
  auto retried = enrollment_.Register(kBsre, r);
  ASSERT_TRUE(retried.ok()) << retried.status();
  EXPECT_EQ(retried->identity().link_expire_time().seconds(),
            first->identity().link_expire_time().seconds());
  mail_.mailer().SetUnavailable(false);
  clock_.Advance(absl::Minutes(1));
  ASSERT_EQ(mail_.Sent().size(), 1u);
  EXPECT_EQ(mail_.Sent()[0].message_id, MailMessageId("activation-link", kId, 1));
  EXPECT_TRUE(enrollment_.Submit(kApplicant, Data(LastToken())).ok());
}

TEST_F(EnrollmentTest, OnlyBsreOperatorsRegister) {
  Forwarded();
  pb::RegisterIdentityRequest r;
  r.set_application(kApp);
  Principal diskominfo{"operators/siti", ams::type::v1::ROLE_DISKOMINFO_OP, ""};
  EXPECT_EQ(enrollment_.Register(diskominfo, r).status().code(),
            absl::StatusCode::kPermissionDenied);
  r.set_username("X");
  EXPECT_EQ(enrollment_.Register(kBsre, r).status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace ams::enrollment
