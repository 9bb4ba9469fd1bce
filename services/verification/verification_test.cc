#include "services/verification/verification.h"

#include "ams/verification/v1/events.pb.h"
#include "common/event_dispatcher.h"
#include "common/rpc_status.h"
#include "common/testing/fake_clock.h"
#include "common/testing/fake_kv_store.h"
#include "common/testing/fake_random.h"
#include "common/testing/recording_publisher.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/verification/verification_service.h"

namespace ams::verification {
namespace {

using ::testing::HasSubstr;

const Principal kVerifier{"operators/verifier-1", ams::type::v1::ROLE_VERIFIER, ""};
const Principal kForwarder{"operators/siti", ams::type::v1::ROLE_DISKOMINFO_OP, ""};
const Principal kRegistrar{"operators/bsre-1", ams::type::v1::ROLE_BSRE_OP, ""};

std::string Id(int n) { return absl::StrCat("3f2b8c1e-5d6a-4b7c-8e9f-0a1b2c3d4e5", n); }

class FakeApplications final : public ApplicationSource {
 public:
  absl::StatusOr<ams::intake::v1::Application> Get(const std::string& name) override {
    if (down) return absl::UnavailableError("intake down (fake)");
    ams::intake::v1::Application app;
    app.set_name(name);
    if (!holder_fingerprint.empty()) {
      app.mutable_existing_account_applicant()->set_full_name("Budi Santoso (lama)");
      app.mutable_existing_account_applicant()->set_nik_fingerprint(holder_fingerprint);
    }
    auto* a = app.mutable_applicant();
    a->set_full_name("Budi Santoso");
    a->set_nik("3305011507900001");
    a->set_employee_type(ams::type::v1::EMPLOYEE_TYPE_ASN_PNS);
    a->set_employee_number(nip);
    a->set_agency("agencies/dinkes");
    a->set_official_email("budi.santoso@kebumenkab.go.id");
    a->set_work_unit("Bidang SDK");
    a->set_position("Pranata Komputer");
    app.mutable_recommendation_letter()->mutable_signature()->set_outcome(
        ams::type::v1::SignatureCheck::OUTCOME_VALID);
    return app;
  }
  bool down = false;
  std::string nip = "199007152015031001";
  std::string holder_fingerprint;  // the account's holder, for data updates
};

class VerificationTest : public ::testing::Test {
 protected:
  VerificationTest()
      : kv_(&clock_),
        outbox_(&kv_, "verification", &clock_),
        verification_(&kv_, &outbox_, &applications_, VerificationOptions{}, &clock_, &random_),
        handler_(&verification_),
        dispatcher_({"ams-verification"}, &handler_, &kv_, &dlq_, &clock_, nullptr) {}

  ams::enrollment::v1::EnrollmentSubmitted Submitted(int n) {
    ams::enrollment::v1::EnrollmentSubmitted e;
    e.set_application(absl::StrCat("applications/", Id(n)));
    e.set_identity(absl::StrCat("identities/", Id(n)));
    e.set_username("budi.santoso");
    e.set_kind(ams::type::v1::APPLICATION_KIND_NEW_ACCOUNT);
    auto* s = e.mutable_applicant();
    s->set_full_name("Budi Santoso");
    s->set_nik_fingerprint("fp-budi");
    s->set_agency("agencies/dinkes");
    s->set_official_email("budi.santoso@kebumenkab.go.id");
    s->set_work_unit("Bidang SDK");
    s->set_position("Pranata Komputer");
    for (auto* d : {e.mutable_ktp_image(), e.mutable_specimen_signature()}) {
      d->set_sha256(std::string(64, 'a'));
      d->set_size_bytes(100);
      d->set_media_type("image/png");
    }
    e.mutable_appointment_decree()->set_sha256(std::string(64, 'b'));
    e.mutable_appointment_decree()->set_size_bytes(900);
    e.mutable_appointment_decree()->set_media_type("application/pdf");
    e.mutable_forwarded_by()->set_subject(kForwarder.subject);
    e.mutable_registered_by()->set_subject(kRegistrar.subject);
    return e;
  }
  EventDispatcher::Outcome Deliver(const ams::enrollment::v1::EnrollmentSubmitted& e,
                                   std::atomic<bool>* stop = nullptr) {
    EventEnvelope env =
        MakeEvent("enrollment", e.application().substr(13), e, clock_.Now(), random_);
    ConsumedRecord r{env.topic(), 0, 0, env.subject(), env.data(), ToKafkaHeaders(env)};
    return dispatcher_.Dispatch(r, stop ? *stop : stopping_);
  }
  pb::VerificationCase Case(int n) {
    pb::GetCaseRequest g;
    g.set_name(absl::StrCat("cases/", Id(n)));
    return verification_.Get(kVerifier, g)->verification_case();
  }
  std::string Check(const pb::VerificationCase& c, const std::string& name) {
    for (const auto& check : c.checks()) {
      if (check.check() == name) return AutomatedCheck::Outcome_Name(check.outcome());
    }
    return "";
  }
  std::vector<std::string> EventTypes(int n) {
    std::vector<std::string> out;
    absl::StatusOr<KvReply> items = kv_.Run({"LRANGE", outbox_.OutboxKey(Id(n)), "0", "-1"});
    for (const KvReply& item : items->elements) {
      EventEnvelope e;
      e.ParseFromString(item.str);
      out.push_back(e.type());
    }
    return out;
  }
  pb::ApproveEnrollmentRequest Approval(int n) {
    pb::ApproveEnrollmentRequest a;
    a.set_name(absl::StrCat("cases/", Id(n)));
    return a;
  }

  ams::testing::FakeClock clock_;
  ams::testing::FakeRandom random_;
  ams::testing::FakeKvStore kv_;
  ams::testing::RecordingPublisher dlq_;
  FakeApplications applications_;
  Outbox outbox_;
  Verification verification_;
  VerificationHandler handler_;
  EventDispatcher dispatcher_;
  std::atomic<bool> stopping_{false};
};

TEST_F(VerificationTest, SubmissionOpensACaseWithChecksOnce) {
  EXPECT_EQ(Deliver(Submitted(1)), EventDispatcher::Outcome::kHandled);
  pb::VerificationCase c = Case(1);
  EXPECT_EQ(c.state(), pb::VerificationCase::STATE_OPEN);
  for (const char* name :
       {"nik_format", "nip_nik_agreement", "official_email", "duplicate_nik",
        "documents_well_formed", "letter_signature", "application_consistency"}) {
    EXPECT_EQ(Check(c, name), "OUTCOME_PASSED") << name;
  }
  auto list = verification_.List(kVerifier, {});
  ASSERT_EQ(list->cases_size(), 1);
}

// The attack: a data update naming another person's account passed, unchecked, to credential.
TEST_F(VerificationTest, ADataUpdateShowsOldBesideNewAndMustBeTheHoldersOwn) {
  auto update = [&](int n) {
    ams::enrollment::v1::EnrollmentSubmitted e = Submitted(n);
    e.set_kind(ams::type::v1::APPLICATION_KIND_DATA_UPDATE);
    e.set_existing_account("accounts/budi.santoso");
    return e;
  };
  applications_.holder_fingerprint = "fp-someone-else";
  Deliver(update(3));
  pb::VerificationCase c = Case(3);
  EXPECT_EQ(Check(c, "same_person"), "OUTCOME_FAILED");
  EXPECT_EQ(c.previous_applicant().nik_fingerprint(), "fp-someone-else");
  EXPECT_EQ(verification_.Approve(kVerifier, Approval(3)).status().code(),
            absl::StatusCode::kFailedPrecondition);

  applications_.holder_fingerprint = "fp-budi";
  Deliver(update(4));
  c = Case(4);
  EXPECT_EQ(Check(c, "same_person"), "OUTCOME_PASSED");
  EXPECT_EQ(c.previous_applicant().full_name(), "Budi Santoso (lama)");
  EXPECT_EQ(c.applicant().full_name(), "Budi Santoso");
}

TEST_F(VerificationTest, ApproveEmitsVerifiedAndMarksTheNikActive) {
  Deliver(Submitted(1));
  auto approved = verification_.Approve(kVerifier, Approval(1));
  ASSERT_TRUE(approved.ok()) << approved.status();
  EXPECT_EQ(approved->verification_case().state(), pb::VerificationCase::STATE_APPROVED);
  EXPECT_THAT(EventTypes(1), ::testing::ElementsAre("ams.verification.v1.EnrollmentVerified"));
  EXPECT_EQ(verification_.Approve(kVerifier, Approval(1)).status().code(),
            absl::StatusCode::kFailedPrecondition);

  // The same person applying again is caught by the duplicate check and cannot be approved.
  Deliver(Submitted(2));
  EXPECT_EQ(Check(Case(2), "duplicate_nik"), "OUTCOME_FAILED");
  absl::Status blocked = verification_.Approve(kVerifier, Approval(2)).status();
  EXPECT_EQ(blocked.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(blocked.message(), HasSubstr("duplicate_nik"));
  pb::ListCasesRequest failed;
  failed.set_filter("check_failed=true");
  EXPECT_EQ(verification_.List(kVerifier, failed)->cases_size(), 1);
}

TEST_F(VerificationTest, SeparationOfDuties) {
  Deliver(Submitted(1));
  // The case names them, so that a screen can say so before anyone tries.
  EXPECT_EQ(Case(1).forwarded_by().subject(), kForwarder.subject);
  EXPECT_EQ(Case(1).registered_by().subject(), kRegistrar.subject);
  for (const Principal& p : {kForwarder, kRegistrar}) {
    absl::Status s = verification_.Approve(p, Approval(1)).status();
    EXPECT_EQ(s.code(), absl::StatusCode::kPermissionDenied);
    google::rpc::ErrorInfo info;
    ASSERT_TRUE(GetErrorInfo(s, &info));
    EXPECT_EQ(info.reason(), "SEPARATION_OF_DUTIES");
  }
  Principal agency{"agencies/dinkes", ams::type::v1::ROLE_AGENCY, "agencies/dinkes"};
  EXPECT_EQ(verification_.Approve(agency, Approval(1)).status().code(),
            absl::StatusCode::kPermissionDenied);
}

TEST_F(VerificationTest, RejectNeedsAReasonAndEmitsRejected) {
  Deliver(Submitted(1));
  pb::RejectEnrollmentRequest r;
  r.set_name(absl::StrCat("cases/", Id(1)));
  EXPECT_EQ(verification_.Reject(kVerifier, r).status().code(), absl::StatusCode::kInvalidArgument);
  r.mutable_reason()->set_code(ams::type::v1::REASON_CODE_DOCUMENT_INVALID);
  r.mutable_reason()->set_text("Foto KTP buram.");
  auto rejected = verification_.Reject(kVerifier, r);
  ASSERT_TRUE(rejected.ok()) << rejected.status();
  EXPECT_THAT(EventTypes(1), ::testing::ElementsAre("ams.verification.v1.EnrollmentRejected"));
  // The corrected submission re-opens the case for a new decision.
  Deliver(Submitted(1));
  EXPECT_EQ(Case(1).state(), pb::VerificationCase::STATE_OPEN);
  EXPECT_TRUE(verification_.Approve(kVerifier, Approval(1)).ok());
}

TEST_F(VerificationTest, DifferencesAndBadNumbersAreShown) {
  applications_.nip = "199007162015031001";  // birth date differs from the NIK's
  auto e = Submitted(1);
  e.mutable_applicant()->set_work_unit("Sekretariat");
  Deliver(e);
  pb::VerificationCase c = Case(1);
  EXPECT_EQ(Check(c, "nip_nik_agreement"), "OUTCOME_FAILED");
  EXPECT_EQ(Check(c, "application_consistency"), "OUTCOME_WARNING");
  ASSERT_EQ(c.differences_size(), 1);
  EXPECT_EQ(c.differences(0).field(), "work_unit");
}

TEST_F(VerificationTest, IntakeDownIsRetriedNotDeadLettered) {
  applications_.down = true;
  std::atomic<bool> stop{true};
  EXPECT_EQ(Deliver(Submitted(1), &stop), EventDispatcher::Outcome::kInterrupted);
  EXPECT_TRUE(dlq_.records().empty());
  applications_.down = false;
  EXPECT_EQ(Deliver(Submitted(1)), EventDispatcher::Outcome::kHandled);
}

}  // namespace
}  // namespace ams::verification
