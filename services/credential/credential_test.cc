#include "services/credential/credential.h"

#include "absl/strings/match.h"
#include "absl/strings/strip.h"
#include "ams/credential/v1/events.pb.h"
#include "common/event_dispatcher.h"
#include "common/rpc_status.h"
#include "common/testing/fake_clock.h"
#include "common/testing/fake_kv_store.h"
#include "common/testing/fake_mailer.h"
#include "common/testing/fake_random.h"
#include "common/testing/recording_publisher.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/credential/credential_service.h"

namespace ams::credential {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

const Principal kApplicant{"127.0.0.1", ams::type::v1::ROLE_UNSPECIFIED, ""};
const Principal kBsre{"operators/bsre-1", ams::type::v1::ROLE_BSRE_OP, ""};
const Principal kAgency{"agencies/dinkes", ams::type::v1::ROLE_AGENCY, "agencies/dinkes"};

std::string Id(int n) { return absl::StrCat("3f2b8c1e-5d6a-4b7c-8e9f-0a1b2c3d4e5", n); }

CredentialOptions Options() {
  CredentialOptions o;
  o.seal_key = std::string(32, 'k');
  return o;
}

class CredentialTest : public ::testing::Test {
 protected:
  CredentialTest()
      : kv_(&clock_),
        outbox_(&kv_, "credential", &clock_),
        hasher_({64, 1}),
        credential_(&kv_, &outbox_, &mailer_, &hasher_, Options(), &clock_, &random_),
        handler_(&credential_),
        dispatcher_({"ams-credential"}, &handler_, &kv_, &dlq_, &clock_, nullptr) {}

  ams::verification::v1::EnrollmentVerified Verified(int n, const std::string& username) {
    ams::verification::v1::EnrollmentVerified e;
    e.set_application(absl::StrCat("applications/", Id(n)));
    e.set_username(username);
    e.set_kind(ams::type::v1::APPLICATION_KIND_NEW_ACCOUNT);
    e.mutable_applicant()->set_full_name("Budi Santoso");
    e.mutable_applicant()->set_official_email(absl::StrCat(username, "@kebumenkab.go.id"));
    return e;
  }
  EventDispatcher::Outcome Deliver(const ams::verification::v1::EnrollmentVerified& e,
                                   const std::string& event_id = "") {
    EventEnvelope env =
        MakeEvent("verification", e.application().substr(13), e, clock_.Now(), random_);
    if (!event_id.empty()) env.set_id(event_id);
    ConsumedRecord r{env.topic(), 0, 0, env.subject(), env.data(), ToKafkaHeaders(env)};
    return dispatcher_.Dispatch(r, stopping_);
  }
  // The password in the n-th mail sent.
  std::string MailedPassword(size_t n) {
    const std::string body = mailer_.sent().at(n).text_body;
    const std::string label = "Kata sandi awal: ";
    size_t at = body.find(label);
    return at == std::string::npos ? "" : body.substr(at + label.size(), 12);
  }
  absl::StatusOr<pb::LoginResponse> Login(const std::string& user, const std::string& password) {
    pb::LoginRequest r;
    r.set_username(user);
    r.set_password(password);
    return credential_.Login(kApplicant, r);
  }
  absl::StatusOr<pb::ChangePasswordResponse> Change(const std::string& token,
                                                    const std::string& current,
                                                    const std::string& fresh) {
    pb::ChangePasswordRequest r;
    r.set_session_token(token);
    r.set_current_password(current);
    r.set_new_password(fresh);
    return credential_.ChangePassword(kApplicant, r);
  }
  std::vector<std::string> EventTypes(int n) {
    std::vector<std::string> out;
    const KvReply items = *kv_.Run({"LRANGE", outbox_.OutboxKey(Id(n)), "0", "-1"});
    for (const KvReply& item : items.elements) {
      EventEnvelope e;
      e.ParseFromString(item.str);
      out.push_back(std::string(absl::StripPrefix(e.type(), "ams.credential.v1.")));
    }
    return out;
  }
  std::string Reason(const absl::Status& s) {
    google::rpc::ErrorInfo info;
    return GetErrorInfo(s, &info) ? info.reason() : "";
  }

  ams::testing::FakeClock clock_;
  ams::testing::FakeRandom random_;
  ams::testing::FakeKvStore kv_;
  ams::testing::FakeMailer mailer_;
  ams::testing::RecordingPublisher dlq_;
  Outbox outbox_;
  PasswordHasher hasher_;
  Credential credential_;
  CredentialHandler handler_;
  EventDispatcher dispatcher_;
  std::atomic<bool> stopping_{false};
};

TEST_F(CredentialTest, VerifiedEnrollmentMakesOneAccountAndOneMail) {
  EXPECT_EQ(Deliver(Verified(1, "budi.santoso"), "ev-1"), EventDispatcher::Outcome::kHandled);
  EXPECT_EQ(Deliver(Verified(1, "budi.santoso"), "ev-1"), EventDispatcher::Outcome::kDuplicate);
  ASSERT_EQ(mailer_.sent().size(), 1u);
  const MailMessage m = mailer_.sent()[0];
  EXPECT_THAT(m.to, ElementsAre("budi.santoso@kebumenkab.go.id"));
  EXPECT_THAT(m.text_body, HasSubstr("budi.santoso"));
  const std::string password = MailedPassword(0);
  EXPECT_EQ(password.size(), 12u);
  EXPECT_THAT(EventTypes(1), ElementsAre("CredentialIssued"));
  // Nothing of the password is kept in clear: not in Redis, not in the event.
  for (const auto& [field, value] :
       HashPairs(*kv_.Run({"HGETALL", absl::StrCat("credential:{", Id(1), "}:account")}))) {
    EXPECT_THAT(value, Not(HasSubstr(password))) << field;
  }
  const KvReply events = *kv_.Run({"LRANGE", outbox_.OutboxKey(Id(1)), "0", "-1"});
  for (const KvReply& e : events.elements) {
    EXPECT_THAT(e.str, Not(HasSubstr(password)));
  }
  pb::GetAccountRequest g;
  g.set_name("accounts/budi.santoso");
  EXPECT_EQ(credential_.Get(kBsre, g)->account().state(),
            pb::Account::STATE_PASSWORD_CHANGE_REQUIRED);
  EXPECT_EQ(credential_.Get(kAgency, g).status().code(), absl::StatusCode::kPermissionDenied);
}

TEST_F(CredentialTest, AMailThatFailedIsSentByTheRedeliveryOnce) {
  mailer_.SetUnavailable(true);
  ams::verification::v1::EnrollmentVerified e = Verified(2, "siti.aminah");
  ASSERT_TRUE(credential_.OnVerified(e, {"SET", "inbox-mark", "1"}).code() ==
              absl::StatusCode::kUnavailable);
  EXPECT_EQ(kv_.Run({"GET", "inbox-mark"})->is_nil(), true);  // not marked: it comes again
  mailer_.SetUnavailable(false);
  ASSERT_TRUE(credential_.OnVerified(e, {"SET", "inbox-mark", "1"}).ok());
  ASSERT_TRUE(credential_.OnVerified(e, {"SET", "inbox-mark", "1"}).ok());
  EXPECT_EQ(mailer_.sent().size(), 1u);
  EXPECT_THAT(EventTypes(2), ElementsAre("CredentialIssued"));  // one account, one event
  EXPECT_TRUE(Login("siti.aminah", MailedPassword(0)).ok());
}

TEST_F(CredentialTest, PendingMailLeftByACrashIsSentAtStart) {
  mailer_.SetUnavailable(true);
  credential_.OnVerified(Verified(3, "agus"), {}).IgnoreError();
  mailer_.SetUnavailable(false);
  ASSERT_TRUE(credential_.SendPendingMail().ok());
  ASSERT_TRUE(credential_.SendPendingMail().ok());
  EXPECT_EQ(mailer_.sent().size(), 1u);
}

TEST_F(CredentialTest, FirstLoginMustChangeThePasswordThenTheAccountIsActive) {
  Deliver(Verified(1, "budi.santoso"));
  const std::string initial = MailedPassword(0);
  absl::StatusOr<pb::LoginResponse> login = Login("budi.santoso", initial);
  ASSERT_TRUE(login.ok()) << login.status();
  EXPECT_TRUE(login->session().password_change_required());
  // The new password is checked: the initial one again, or the username in it, is refused.
  EXPECT_EQ(Change(login->session().token(), initial, initial).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Change(login->session().token(), initial, "Budi.Santoso#2026x").status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Change(login->session().token(), "wrong", "Gunung-Merapi#Tinggi7").status().code(),
            absl::StatusCode::kUnauthenticated);
  absl::StatusOr<pb::ChangePasswordResponse> changed =
      Change(login->session().token(), initial, "Gunung-Merapi#Tinggi7");
  ASSERT_TRUE(changed.ok()) << changed.status();
  EXPECT_EQ(changed->account().state(), pb::Account::STATE_ACTIVE);
  EXPECT_FALSE(changed->session().password_change_required());
  EXPECT_THAT(EventTypes(1), ElementsAre("CredentialIssued", "LoginSucceeded", "PasswordChanged",
                                         "AccountActivated"));
  // The old session token is spent; the initial password no longer works.
  EXPECT_EQ(Change(login->session().token(), initial, "Another#Strong9Pass").status().code(),
            absl::StatusCode::kUnauthenticated);
  EXPECT_FALSE(Login("budi.santoso", initial).ok());
  EXPECT_FALSE(
      Login("budi.santoso", "Gunung-Merapi#Tinggi7")->session().password_change_required());
}

TEST_F(CredentialTest, UnknownUserAndWrongPasswordLookTheSame) {
  Deliver(Verified(1, "budi.santoso"));
  absl::Status unknown = Login("nobody", "whatever-it-is").status();
  absl::Status wrong = Login("budi.santoso", "whatever-it-is").status();
  EXPECT_EQ(unknown.code(), absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(unknown.code(), wrong.code());
  EXPECT_EQ(unknown.message(), wrong.message());
  EXPECT_EQ(Reason(unknown), Reason(wrong));
  EXPECT_EQ(Login("", "").status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(CredentialTest, RepeatedFailuresLockForAGrowingTime) {
  Deliver(Verified(1, "budi.santoso"));
  const std::string initial = MailedPassword(0);
  for (int i = 0; i < 5; ++i) EXPECT_FALSE(Login("budi.santoso", "wrong-password").ok());
  absl::Status locked = Login("budi.santoso", initial).status();  // even the right one
  EXPECT_EQ(Reason(locked), "ACCOUNT_LOCKED");
  clock_.Advance(absl::Minutes(5) + absl::Seconds(1));
  EXPECT_TRUE(Login("budi.santoso", initial).ok());
  for (int i = 0; i < 5; ++i) EXPECT_FALSE(Login("budi.santoso", "wrong-password").ok());
  clock_.Advance(absl::Minutes(5) + absl::Seconds(1));  // the second lock lasts 10 minutes
  EXPECT_EQ(Reason(Login("budi.santoso", initial).status()), "ACCOUNT_LOCKED");
  clock_.Advance(absl::Minutes(5));
  EXPECT_TRUE(Login("budi.santoso", initial).ok());
  std::vector<std::string> types = EventTypes(1);
  EXPECT_EQ(std::count(types.begin(), types.end(), "AccountLocked"), 2);
  EXPECT_EQ(std::count(types.begin(), types.end(), "LoginFailed"), 10);
}

TEST_F(CredentialTest, ResetIssuesANewPasswordAndEndsSessions) {
  Deliver(Verified(1, "budi.santoso"));
  absl::StatusOr<pb::LoginResponse> login = Login("budi.santoso", MailedPassword(0));
  pb::ResetCredentialRequest reset;
  reset.set_name("accounts/budi.santoso");
  EXPECT_EQ(credential_.Reset(kAgency, reset).status().code(), absl::StatusCode::kPermissionDenied);
  ASSERT_TRUE(credential_.Reset(kBsre, reset).ok());
  ASSERT_EQ(mailer_.sent().size(), 2u);
  EXPECT_NE(mailer_.sent()[0].message_id, mailer_.sent()[1].message_id);
  EXPECT_EQ(
      Change(login->session().token(), MailedPassword(0), "Gunung-Merapi#Tinggi7").status().code(),
      absl::StatusCode::kUnauthenticated);
  EXPECT_FALSE(Login("budi.santoso", MailedPassword(0)).ok());
  EXPECT_TRUE(Login("budi.santoso", MailedPassword(1)).ok());
}

TEST_F(CredentialTest, DataUpdateChangesTheExistingAccountInsteadOfMakingOne) {
  Deliver(Verified(1, "budi.santoso"));
  ams::verification::v1::EnrollmentVerified update = Verified(2, "budi.santoso");
  update.set_kind(ams::type::v1::APPLICATION_KIND_DATA_UPDATE);
  update.set_existing_account("accounts/budi.santoso");
  update.mutable_applicant()->set_position("Pranata Komputer Ahli Muda");
  EXPECT_EQ(Deliver(update), EventDispatcher::Outcome::kHandled);
  EXPECT_EQ(mailer_.sent().size(), 1u);  // no new password
  pb::GetAccountRequest g;
  g.set_name("accounts/budi.santoso");
  EXPECT_EQ(credential_.Get(kBsre, g)->account().applicant().position(),
            "Pranata Komputer Ahli Muda");
  pb::ListAccountsRequest list;
  EXPECT_EQ(credential_.List(kBsre, list)->accounts_size(), 1);
  EXPECT_THAT(EventTypes(1), ElementsAre("CredentialIssued", "AccountActivated"));
}

}  // namespace
}  // namespace ams::credential
