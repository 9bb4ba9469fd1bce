// The whole SOP, steps 1 to 8, across every service as its own process against the real
// Kafka broker, redis-server and SMTP server, played the way its people would: the agency's
// system submits, the Diskominfo operator forwards, the BSrE operator registers, the
// applicant reads the activation mail and fills the form, a verifier approves, the applicant
// reads the password mail, logs in and changes the password. Each test then reads every
// topic and checks the application's events, in order.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "ams/audit/v1/audit_service.grpc.pb.h"
#include "ams/audit/v1/events.pb.h"
#include "common/hashing.h"
#include "gmock/gmock.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "tests/support/infrastructure.h"
#include "tests/support/service_process.h"
#include "tests/support/sop_actors.h"

namespace ams {
namespace {

using ::ams::testing::Infrastructure;
using ::ams::testing::ServiceProcess;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
namespace credential = ams::credential::v1;

constexpr int kDistrict = 91;  // NIKs and mailboxes of this test only
constexpr absl::Duration kMailWait = absl::Seconds(30);
constexpr char kAgencyKey[] = "key-agency-e2e";
constexpr char kDiskominfoKey[] = "key-operator-diskominfo-e2e";
constexpr char kBsreKey[] = "key-operator-bsre-e2e";
constexpr char kVerifierKey[] = "key-operator-verifier-e2e";
constexpr char kLetterReaderKey[] = "key-service-e2e-letters";
constexpr char kApplicationReaderKey[] = "key-service-e2e-applications";
constexpr char kAuditorKey[] = "key-auditor-e2e";
constexpr char kNewPassword[] = "Gunung-Selok-2026";

std::string Keys() {
  return ams::testing::ApiKeysSetting(
      {{kAgencyKey, "AGENCY agencies/dinkes agencies/dinkes"},
       {kDiskominfoKey, "DISKOMINFO_OP operators/siti"},
       {kBsreKey, "BSRE_OP operators/bsre"},
       {kVerifierKey, "VERIFIER operators/verifier"},
       {kLetterReaderKey, "SERVICE_LETTER_READER services/forwarding"},
       {kApplicationReaderKey, "SERVICE_APPLICATION_READER services/verification"},
       {kAuditorKey, "AUDITOR operators/auditor"}});
}

// One applicant's way through the SOP, as far as a test has taken it.
struct Applicant {
  ams::intake::v1::SubmitApplicationRequest request;
  std::string address;  // official mailbox
  std::string application, username, password;
};

class SopEndToEndTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    Infrastructure& infra = Infrastructure::Get();
    const ams::testing::SuiteServices start(Keys());
    intake_ = start("intake", {"AMS_NIK_FINGERPRINT_KEY=e2e-key"});
    const std::string intake_addr = absl::StrCat("AMS_INTAKE_ADDR=", intake_->address());
    forwarding_ = start(
        "forwarding", {intake_addr, absl::StrCat("AMS_FORWARDING_INTAKE_KEY=", kLetterReaderKey)});
    enrollment_ =
        start("enrollment", {"AMS_ACTIVATION_LINK_TTL=6s", "AMS_ACTIVATION_REMINDER_LEAD=0s"});
    verification_ =
        start("verification",
              {intake_addr, absl::StrCat("AMS_VERIFICATION_INTAKE_KEY=", kApplicationReaderKey)});
    // The production Argon2id parameters (the defaults) and common-password list; a short
    // first lock.
    const std::string fetch_log = infra.temp_dir() + "/passwords-fetch.log";
    if (ams::testing::RunToCompletion({std::string(AMS_SOURCE_DIR) + "/deploy/passwords/fetch.sh"},
                                      fetch_log) != 0) {
      std::fprintf(stderr, "deploy/passwords/fetch.sh failed; see %s\n", fetch_log.c_str());
      std::exit(1);
    }
    credential_ =
        start("credential", {absl::StrCat("AMS_CREDENTIAL_COMMON_PASSWORDS_FILE=", AMS_SOURCE_DIR,
                                          "/.cache/passwords/common-passwords.txt"),
                             "AMS_CREDENTIAL_LOCK_BASE=3s"});
    // Steps breach at 1% of their standard time (0.6 s for a one-minute step), so a test can
    // wait for one.
    audit_ = start("audit", {absl::StrCat("AMS_AUDIT_SIGNING_KEY=", std::string(64, 'a')),
                             "AMS_AUDIT_ORDER_GRACE=500ms", "AMS_AUDIT_SLA_FACTOR_PERCENT=1",
                             "AMS_AUDIT_SWEEP_INTERVAL=200ms"});
    ams::testing::SopEndpoints endpoints{intake_->address(),
                                         forwarding_->address(),
                                         enrollment_->address(),
                                         verification_->address(),
                                         credential_->address(),
                                         kAgencyKey,
                                         kDiskominfoKey,
                                         kBsreKey,
                                         kVerifierKey};
    actors_ = new ams::testing::SopActors(endpoints);
    mailbox_ = new ams::testing::Mailbox(absl::StrCat("http://127.0.0.1:", infra.mail_api_port()));
  }
  static void TearDownTestSuite() {
    delete mailbox_;
    delete actors_;
    for (ServiceProcess* p :
         {audit_, credential_, verification_, enrollment_, forwarding_, intake_}) {
      delete p;
    }
  }

  static Applicant NewApplicant(int index) {
    Applicant a;
    a.request = ams::testing::ApplicantRequest(kDistrict, index);
    a.address = a.request.applicant().official_email();
    return a;
  }

  // Steps 1 and 2.
  static void SubmitAndForward(Applicant& a) {
    absl::StatusOr<std::string> name = actors_->Submit(a.request);
    ASSERT_TRUE(name.ok()) << name.status();
    a.application = *name;
    ASSERT_TRUE(actors_->Forward(a.application).ok());
  }
  // Steps 3 and 4: BSrE registers, the applicant opens the mailed link and fills the form.
  static void RegisterAndActivate(Applicant& a) {
    absl::StatusOr<ams::enrollment::v1::Identity> identity = actors_->Register(a.application);
    ASSERT_TRUE(identity.ok()) << identity.status();
    a.username = identity->username();
    absl::StatusOr<std::string> token = mailbox_->AwaitActivationToken(a.address, kMailWait);
    ASSERT_TRUE(token.ok()) << token.status();
    absl::Status s = actors_->SubmitActivation(*token);
    ASSERT_TRUE(s.ok()) << s;
  }
  // Steps 6 to 8 after the approval: the password mail, the first login, the change.
  static void LogInAndChangePassword(Applicant& a) {
    absl::StatusOr<std::string> initial = mailbox_->AwaitInitialPassword(a.address, kMailWait);
    ASSERT_TRUE(initial.ok()) << initial.status();
    absl::StatusOr<credential::LoginResponse> login = actors_->Login(a.username, *initial);
    ASSERT_TRUE(login.ok()) << login.status();
    EXPECT_TRUE(login->session().password_change_required());
    EXPECT_EQ(login->account().state(), credential::Account::STATE_PASSWORD_CHANGE_REQUIRED);
    // The real common-password list refuses a dressed-up "password".
    absl::Status common =
        actors_->ChangePassword(login->session().token(), *initial, "Password123!");
    EXPECT_TRUE(absl::IsInvalidArgument(common)) << common;
    EXPECT_THAT(common.message(), HasSubstr("commonly used or breached"));
    absl::Status s = actors_->ChangePassword(login->session().token(), *initial, kNewPassword);
    ASSERT_TRUE(s.ok()) << s;
    a.password = kNewPassword;
  }
  static void WholeSop(Applicant& a) {
    ASSERT_NO_FATAL_FAILURE(SubmitAndForward(a));
    ASSERT_NO_FATAL_FAILURE(RegisterAndActivate(a));
    ASSERT_TRUE(actors_->Approve(a.application).ok());
    ASSERT_NO_FATAL_FAILURE(LogInAndChangePassword(a));
  }

  // The application's events on every topic (each once), in the order they happened: by
  // ce_time, and within one commit in topic order. Waits until there are `expected`.
  static std::string IdOf(const std::string& application) {
    return std::string(absl::StripPrefix(application, "applications/"));
  }
  static std::vector<std::string> EventsOf(const std::string& application, size_t expected) {
    const std::string id = IdOf(application);
    struct Seen {
      std::string time, type;
    };
    std::vector<Seen> events;
    ams::testing::WaitFor([&] {
      events.clear();
      std::set<std::string> ids;
      for (const char* phase :
           {"intake", "forwarding", "enrollment", "verification", "credential"}) {
        for (const ConsumedRecord& r :
             ams::testing::ReadTopic(TopicOf(phase), 1, absl::Seconds(5))) {
          if (ams::testing::HeaderOf(r, "ce_subject") != id ||
              !ids.insert(ams::testing::HeaderOf(r, "ce_id")).second) {
            continue;
          }
          const std::string type = ams::testing::HeaderOf(r, "ce_type");
          events.push_back({ams::testing::HeaderOf(r, "ce_time"),
                            std::string(type.substr(type.rfind('.') + 1))});
        }
      }
      return events.size() >= expected;
    });
    std::stable_sort(events.begin(), events.end(), [](const Seen& x, const Seen& y) {
      absl::Time tx, ty;
      std::string err;
      absl::ParseTime(absl::RFC3339_full, x.time, &tx, &err);
      absl::ParseTime(absl::RFC3339_full, y.time, &ty, &err);
      return tx < ty;
    });
    std::vector<std::string> types;
    for (const Seen& e : events) types.push_back(e.type);
    return types;
  }

  // Each event type of the application, first occurrence, with its trace id.
  static std::map<std::string, std::string> TraceIdsOf(const std::string& application) {
    std::map<std::string, std::string> out;
    for (const char* phase : {"intake", "forwarding", "enrollment", "verification", "credential"}) {
      for (const ConsumedRecord& r : ams::testing::ReadTopic(TopicOf(phase), 1)) {
        if (ams::testing::HeaderOf(r, "ce_subject") != IdOf(application)) continue;
        const std::string type = ams::testing::HeaderOf(r, "ce_type");
        out.emplace(type.substr(type.rfind('.') + 1),
                    ams::testing::HeaderOf(r, "traceparent").substr(3, 32));
      }
    }
    return out;
  }

  static ServiceProcess* intake_;
  static ServiceProcess* forwarding_;
  static ServiceProcess* enrollment_;
  static ServiceProcess* verification_;
  static ServiceProcess* credential_;
  static ServiceProcess* audit_;
  static ams::testing::SopActors* actors_;
  static ams::testing::Mailbox* mailbox_;
};

ServiceProcess* SopEndToEndTest::intake_ = nullptr;
ServiceProcess* SopEndToEndTest::forwarding_ = nullptr;
ServiceProcess* SopEndToEndTest::enrollment_ = nullptr;
ServiceProcess* SopEndToEndTest::verification_ = nullptr;
ServiceProcess* SopEndToEndTest::credential_ = nullptr;
ServiceProcess* SopEndToEndTest::audit_ = nullptr;
ams::testing::SopActors* SopEndToEndTest::actors_ = nullptr;
ams::testing::Mailbox* SopEndToEndTest::mailbox_ = nullptr;

TEST_F(SopEndToEndTest, OneApplicationThroughAllEightSteps) {
  Applicant a = NewApplicant(1);
  ASSERT_NO_FATAL_FAILURE(WholeSop(a));
  EXPECT_EQ(a.username, "pegawai91.1");

  absl::StatusOr<credential::Account> account = actors_->Account(a.username);
  ASSERT_TRUE(account.ok()) << account.status();
  EXPECT_EQ(account->state(), credential::Account::STATE_ACTIVE);
  EXPECT_EQ(account->application(), a.application);
  absl::StatusOr<credential::LoginResponse> again = actors_->Login(a.username, a.password);
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_FALSE(again->session().password_change_required());

  EXPECT_THAT(EventsOf(a.application, 11),
              ElementsAre("ApplicationSubmitted", "ApplicationForwarded", "IdentityRegistered",
                          "ActivationLinkIssued", "EnrollmentSubmitted", "EnrollmentVerified",
                          "CredentialIssued", "LoginSucceeded", "PasswordChanged",
                          "AccountActivated", "LoginSucceeded"));
  // One trace per call, carried on by what the next service does with its events.
  std::map<std::string, std::string> traces = TraceIdsOf(a.application);
  EXPECT_EQ(traces["IdentityRegistered"], traces["ActivationLinkIssued"]);  // one RPC
  EXPECT_EQ(traces["EnrollmentVerified"], traces["CredentialIssued"]);      // event → consumer
  EXPECT_NE(traces["ApplicationSubmitted"], traces["IdentityRegistered"]);  // another person

  // Exactly one password mail, across every consumer and the pending-mail sweep.
  EXPECT_FALSE(mailbox_->AwaitInitialPassword(a.address, absl::Seconds(1)).ok());

  // The auditor's view: every step from 2 to 8 timed, each well within its standard time.
  auto auditor = ams::audit::v1::AuditService::NewStub(
      grpc::CreateChannel(audit_->address(), grpc::InsecureChannelCredentials()));
  ams::audit::v1::GetTimelineResponse timeline;
  ASSERT_TRUE(ams::testing::WaitFor([&] {
    grpc::ClientContext ctx;
    ctx.AddMetadata("authorization", absl::StrCat("Bearer ", kAuditorKey));
    ams::audit::v1::GetTimelineRequest r;
    r.set_application(a.application);
    timeline.Clear();
    return auditor->GetTimeline(&ctx, r, &timeline).ok() && timeline.ledger_entries_size() >= 11;
  }));
  std::vector<int> steps;
  for (const auto& t : timeline.step_timings()) {
    steps.push_back(t.step());
    EXPECT_TRUE(t.within_standard_time()) << t.DebugString();
  }
  EXPECT_THAT(steps, ElementsAre(2, 3, 4, 5, 6, 7, 8));
}

TEST_F(SopEndToEndTest, ReturnedAtStepTwoThenResubmitted) {
  Applicant a = NewApplicant(2);
  absl::StatusOr<std::string> name = actors_->Submit(a.request);
  ASSERT_TRUE(name.ok()) << name.status();
  a.application = *name;
  ASSERT_TRUE(actors_->Return(a.application, "Surat rekomendasi belum ditandatangani").ok());
  absl::StatusOr<std::string> reason =
      mailbox_->AwaitValue(a.address, "Alasan / reason: ", kMailWait);
  ASSERT_TRUE(reason.ok()) << reason.status();
  EXPECT_EQ(*reason, "OTHER:");

  ams::type::v1::ApplicantIdentity corrected = a.request.applicant();
  corrected.set_position("Pranata Komputer Ahli Pertama");
  // Intake learns of the return from forwarding's event; until then it refuses.
  ASSERT_TRUE(
      ams::testing::WaitFor([&] { return actors_->Resubmit(a.application, corrected).ok(); }));
  // Forwarding learns of the resubmission from intake's event; until then the item is returned.
  ASSERT_TRUE(ams::testing::WaitFor([&] { return actors_->Forward(a.application).ok(); }));
  ASSERT_NO_FATAL_FAILURE(RegisterAndActivate(a));
  ASSERT_TRUE(actors_->Approve(a.application).ok());
  ASSERT_NO_FATAL_FAILURE(LogInAndChangePassword(a));
  absl::StatusOr<credential::Account> account = actors_->Account(a.username);
  ASSERT_TRUE(account.ok());
  EXPECT_EQ(account->applicant().position(), "Pranata Komputer Ahli Pertama");

  EXPECT_THAT(EventsOf(a.application, 12),
              ElementsAre("ApplicationSubmitted", "ApplicationReturned", "ApplicationSubmitted",
                          "ApplicationForwarded", "IdentityRegistered", "ActivationLinkIssued",
                          "EnrollmentSubmitted", "EnrollmentVerified", "CredentialIssued",
                          "LoginSucceeded", "PasswordChanged", "AccountActivated"));
}

TEST_F(SopEndToEndTest, RejectedAtStepFiveThenCorrected) {
  Applicant a = NewApplicant(3);
  ASSERT_NO_FATAL_FAILURE(SubmitAndForward(a));
  ASSERT_NO_FATAL_FAILURE(RegisterAndActivate(a));
  ASSERT_TRUE(actors_->Reject(a.application, "Foto KTP tidak terbaca").ok());
  // The rejection mail carries a new link; the applicant corrects through it.
  absl::StatusOr<std::string> token = mailbox_->AwaitActivationToken(a.address, kMailWait);
  ASSERT_TRUE(token.ok()) << token.status();
  ASSERT_TRUE(actors_->SubmitActivation(*token).ok());
  // The case reopens when verification hears of the new submission.
  ASSERT_TRUE(ams::testing::WaitFor([&] { return actors_->Approve(a.application).ok(); }));
  ASSERT_NO_FATAL_FAILURE(LogInAndChangePassword(a));

  EXPECT_THAT(
      EventsOf(a.application, 13),
      ElementsAre("ApplicationSubmitted", "ApplicationForwarded", "IdentityRegistered",
                  "ActivationLinkIssued", "EnrollmentSubmitted", "EnrollmentRejected",
                  "ActivationLinkIssued", "EnrollmentSubmitted", "EnrollmentVerified",
                  "CredentialIssued", "LoginSucceeded", "PasswordChanged", "AccountActivated"));
}

TEST_F(SopEndToEndTest, ActivationLinkExpiredThenReissued) {
  Applicant a = NewApplicant(4);
  ASSERT_NO_FATAL_FAILURE(SubmitAndForward(a));
  absl::StatusOr<ams::enrollment::v1::Identity> identity = actors_->Register(a.application);
  ASSERT_TRUE(identity.ok()) << identity.status();
  a.username = identity->username();
  absl::StatusOr<std::string> expired = mailbox_->AwaitActivationToken(a.address, kMailWait);
  ASSERT_TRUE(expired.ok());
  absl::SleepFor(absl::Seconds(7));  // this test's links last 6 s
  absl::Status refused = actors_->SubmitActivation(*expired);
  EXPECT_TRUE(absl::IsUnauthenticated(refused)) << refused;
  EXPECT_THAT(refused.message(), HasSubstr("ask the BSrE operator for a new one"));

  ASSERT_TRUE(actors_->ResendActivationLink(a.application).ok());
  absl::StatusOr<std::string> fresh = mailbox_->AwaitActivationToken(a.address, kMailWait);
  ASSERT_TRUE(fresh.ok());
  ASSERT_TRUE(actors_->SubmitActivation(*fresh).ok());
  ASSERT_TRUE(actors_->Approve(a.application).ok());
  ASSERT_NO_FATAL_FAILURE(LogInAndChangePassword(a));

  // The applicant took 7 s over step 4: past 1% of its 3 minutes, reported once.
  auto breached = [&] {
    std::vector<int64_t> elapsed;
    for (const ConsumedRecord& r : ams::testing::ReadTopic(TopicOf("audit"), 1)) {
      ams::audit::v1::SlaBreached b;
      if (ams::testing::HeaderOf(r, "ce_subject") == IdOf(a.application) &&
          b.ParseFromString(r.value) && b.step() == ams::type::v1::SOP_STEP_COMPLETE_DATA) {
        elapsed.push_back(b.elapsed().seconds());
      }
    }
    return elapsed;
  };
  ASSERT_TRUE(ams::testing::WaitFor([&] { return !breached().empty(); }));
  EXPECT_GE(breached()[0], 1);

  EXPECT_THAT(EventsOf(a.application, 11),
              ElementsAre("ApplicationSubmitted", "ApplicationForwarded", "IdentityRegistered",
                          "ActivationLinkIssued", "ActivationLinkIssued", "EnrollmentSubmitted",
                          "EnrollmentVerified", "CredentialIssued", "LoginSucceeded",
                          "PasswordChanged", "AccountActivated"));
  EXPECT_EQ(breached().size(), 1u);  // still once, seconds later
}

TEST_F(SopEndToEndTest, DataUpdateOfAnActiveAccountKeepsTheAccount) {
  Applicant a = NewApplicant(5);
  ASSERT_NO_FATAL_FAILURE(WholeSop(a));
  absl::StatusOr<credential::Account> before = actors_->Account(a.username);
  ASSERT_TRUE(before.ok());

  // SOP warning 3: a new position is a data update of the same account, not a new one.
  Applicant update = a;
  update.request.set_kind(ams::type::v1::APPLICATION_KIND_DATA_UPDATE);
  update.request.set_existing_account(before->name());
  update.request.mutable_applicant()->set_position("Kepala Seksi Persandian");
  update.request.set_request_id("6c6f6164-005b-4000-8000-0000000000f5");
  // Intake frees the NIK when it hears the first application completed.
  ASSERT_TRUE(ams::testing::WaitFor([&] {
    absl::StatusOr<std::string> name = actors_->Submit(update.request);
    if (name.ok()) update.application = *name;
    return name.ok();
  }));
  ASSERT_TRUE(actors_->Forward(update.application).ok());
  ASSERT_NO_FATAL_FAILURE(RegisterAndActivate(update));
  EXPECT_EQ(update.username, a.username);
  ASSERT_TRUE(actors_->Approve(update.application).ok());

  ASSERT_TRUE(ams::testing::WaitFor([&] {
    absl::StatusOr<credential::Account> now = actors_->Account(a.username);
    return now.ok() && now->applicant().position() == "Kepala Seksi Persandian";
  }));
  absl::StatusOr<credential::Account> after = actors_->Account(a.username);
  EXPECT_EQ(after->application(), a.application);  // the same account, made by the first
  EXPECT_EQ(after->create_time().seconds(), before->create_time().seconds());
  EXPECT_EQ(after->state(), credential::Account::STATE_ACTIVE);
  EXPECT_TRUE(actors_->Login(a.username, a.password).ok());  // no new password
  EXPECT_FALSE(mailbox_->AwaitInitialPassword(a.address, absl::Seconds(1)).ok());

  EXPECT_THAT(EventsOf(update.application, 7),
              ElementsAre("ApplicationSubmitted", "ApplicationForwarded", "IdentityRegistered",
                          "ActivationLinkIssued", "EnrollmentSubmitted", "EnrollmentVerified",
                          "AccountActivated"));
}

TEST_F(SopEndToEndTest, RepeatedWrongPasswordsLockTheClientOut) {
  Applicant a = NewApplicant(6);
  ASSERT_NO_FATAL_FAILURE(WholeSop(a));
  absl::Status unknown = actors_->Login("pegawai91.nobody", "Salah-Sandi-123").status();
  ASSERT_TRUE(absl::IsUnauthenticated(unknown)) << unknown;
  for (int i = 0; i < 5; ++i) {
    absl::Status wrong = actors_->Login(a.username, "Salah-Sandi-123").status();
    ASSERT_TRUE(absl::IsUnauthenticated(wrong)) << wrong;
    EXPECT_EQ(wrong.message(), unknown.message());  // says nothing of who exists
  }
  // This client is locked out: even the right password gets the same answer, so nothing
  // tells of the lock (or of the account). Clients elsewhere are not locked out.
  absl::Status locked = actors_->Login(a.username, a.password).status();
  EXPECT_TRUE(absl::IsUnauthenticated(locked)) << locked;
  EXPECT_EQ(locked.message(), unknown.message());
  absl::StatusOr<credential::Account> account = actors_->Account(a.username);
  ASSERT_TRUE(account.ok());
  EXPECT_EQ(account->state(), credential::Account::STATE_LOCKED);  // as the operator sees it

  absl::SleepFor(absl::Seconds(4));  // this test's first lock lasts 3 s
  EXPECT_TRUE(actors_->Login(a.username, a.password).ok());

  EXPECT_THAT(EventsOf(a.application, 17),
              ElementsAre("ApplicationSubmitted", "ApplicationForwarded", "IdentityRegistered",
                          "ActivationLinkIssued", "EnrollmentSubmitted", "EnrollmentVerified",
                          "CredentialIssued", "LoginSucceeded", "PasswordChanged",
                          "AccountActivated", "LoginFailed", "LoginFailed", "LoginFailed",
                          "LoginFailed", "LoginFailed", "AccountLocked", "LoginSucceeded"));
}

}  // namespace
}  // namespace ams
