#include "services/credential/credential.h"

#include "absl/strings/match.h"
#include "absl/strings/strip.h"
#include "ams/credential/v1/events.pb.h"
#include "common/event_dispatcher.h"
#include "common/logging.h"
#include "common/rpc_status.h"
#include "common/testing/fake_clock.h"
#include "common/testing/fake_kv_store.h"
#include "common/testing/fake_random.h"
#include "common/testing/recording_publisher.h"
#include "common/testing/sent_mail.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/credential/credential_service.h"

namespace ams::credential {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

const Principal kApplicant{"ipv4:127.0.0.1", ams::type::v1::ROLE_UNSPECIFIED, ""};
const Principal kElsewhere{"ipv4:10.9.8.7", ams::type::v1::ROLE_UNSPECIFIED, ""};
const Principal kBsre{"operators/bsre-1", ams::type::v1::ROLE_BSRE_OP, ""};
const Principal kAgency{"agencies/dinkes", ams::type::v1::ROLE_AGENCY, "agencies/dinkes"};

std::string Id(int n) { return absl::StrCat("3f2b8c1e-5d6a-4b7c-8e9f-0a1b2c3d4e5", n); }

CredentialOptions Options() { return CredentialOptions(); }

class CredentialTest : public ::testing::Test {
 protected:
  CredentialTest()
      : kv_(&clock_),
        outbox_(&kv_, "credential", &clock_),
        mail_(&kv_, "credential", &clock_, &random_),
        hasher_({64, 1}),
        common_passwords_({"password", "qwerty"}),
        credential_(&kv_, &outbox_, mail_.outbox(), &hasher_, &common_passwords_, Options(),
                    &clock_, &random_),
        handler_(&credential_),
        dispatcher_({"ams-credential"}, &handler_, &kv_, &dlq_, &clock_, nullptr) {}

  ams::verification::v1::EnrollmentVerified Verified(int n, const std::string& username) {
    ams::verification::v1::EnrollmentVerified e;
    e.set_application(absl::StrCat("applications/", Id(n)));
    e.set_username(username);
    e.set_kind(ams::type::v1::APPLICATION_KIND_NEW_ACCOUNT);
    e.mutable_applicant()->set_full_name("Budi Santoso");
    e.mutable_applicant()->set_nik_fingerprint("fp-budi");
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
  // What the mail server accepted, once the sender sent what is due.
  std::vector<MailMessage> Sent() { return mail_.Sent(); }
  // The password in the n-th mail sent.
  std::string MailedPassword(size_t n) {
    const std::string body = Sent().at(n).text_body;
    const std::string label = "Kata sandi awal: ";
    size_t at = body.find(label);
    return at == std::string::npos ? "" : body.substr(at + label.size(), 12);
  }
  absl::StatusOr<pb::LoginResponse> Login(const std::string& user, const std::string& password,
                                          const Principal& from = kApplicant) {
    pb::LoginRequest r;
    r.set_username(user);
    r.set_password(password);
    return credential_.Login(from, r);
  }
  absl::StatusOr<pb::ChangePasswordResponse> Change(const std::string& token,
                                                    const std::string& current,
                                                    const std::string& fresh,
                                                    const std::string& request_id = "") {
    pb::ChangePasswordRequest r;
    r.set_session_token(token);
    r.set_current_password(current);
    r.set_new_password(fresh);
    r.set_request_id(request_id);
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
  // Whether `token` is a live session: a wrong current password is only checked in one.
  std::string SessionProbe(const std::string& token) {
    return Reason(Change(token, "not-the-password", "Gunung-Merapi#Tinggi7").status());
  }
  pb::Account OperatorSees(const std::string& username) {
    pb::GetAccountRequest g;
    g.set_name(absl::StrCat("accounts/", username));
    return credential_.Get(kBsre, g)->account();
  }

  ams::testing::FakeClock clock_;
  ams::testing::FakeRandom random_;
  ams::testing::FakeKvStore kv_;
  ams::testing::RecordingPublisher dlq_;
  Outbox outbox_;
  ams::testing::SentMail mail_;
  PasswordHasher hasher_;
  CommonPasswords common_passwords_;
  Credential credential_;
  CredentialHandler handler_;
  EventDispatcher dispatcher_;
  std::atomic<bool> stopping_{false};
};

TEST_F(CredentialTest, VerifiedEnrollmentMakesOneAccountAndOneMail) {
  EXPECT_EQ(Deliver(Verified(1, "budi.santoso"), "ev-1"), EventDispatcher::Outcome::kHandled);
  EXPECT_EQ(Deliver(Verified(1, "budi.santoso"), "ev-1"), EventDispatcher::Outcome::kDuplicate);
  ASSERT_EQ(Sent().size(), 1u);
  const MailMessage m = Sent()[0];
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

const KvWrites kInboxMark = {{{"SET", "inbox-mark", "1"}}, {{"inbox-mark", "", ""}}};

TEST_F(CredentialTest, TheAccountCommitsWithItsMailOwedAndARedeliveryOwesNoSecond) {
  mail_.mailer().SetUnavailable(true);  // the mail server away: the account is made regardless
  ams::verification::v1::EnrollmentVerified e = Verified(2, "siti.aminah");
  ASSERT_TRUE(credential_.OnVerified(e, kInboxMark).ok());
  EXPECT_FALSE(kv_.Run({"GET", "inbox-mark"})->is_nil());
  EXPECT_TRUE(Sent().empty());
  ASSERT_TRUE(credential_.OnVerified(e, kInboxMark).ok());  // another copy of the event
  mail_.mailer().SetUnavailable(false);
  clock_.Advance(absl::Minutes(1));
  ASSERT_EQ(Sent().size(), 1u);
  EXPECT_EQ(Sent()[0].message_id, MailMessageId("password", Id(2), 1));
  EXPECT_THAT(EventTypes(2), ElementsAre("CredentialIssued"));  // one account, one event
  EXPECT_TRUE(Login("siti.aminah", MailedPassword(0)).ok());
}

TEST_F(CredentialTest, AResetRetriedWithItsRequestIdMailsOnePassword) {
  Deliver(Verified(1, "budi.santoso"));
  pb::ResetCredentialRequest reset;
  reset.set_name("accounts/budi.santoso");
  reset.set_request_id("7d0c5c0e-8c4e-4f7a-9d33-1b7b8a9e0f11");
  ASSERT_TRUE(credential_.Reset(kBsre, reset).ok());
  ASSERT_TRUE(credential_.Reset(kBsre, reset).ok());  // the answer was lost: the same again
  ASSERT_EQ(Sent().size(), 2u);                       // the first password and one reset
  EXPECT_TRUE(Login("budi.santoso", MailedPassword(1)).ok());
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

TEST_F(CredentialTest, UnknownUserWrongPasswordAndLockedOutLookTheSame) {
  Deliver(Verified(1, "budi.santoso"));
  Deliver(Verified(2, "siti.aminah"));
  absl::Status unknown = Login("nobody", "whatever-it-is").status();
  absl::Status wrong = Login("budi.santoso", "whatever-it-is").status();
  for (int i = 0; i < 5; ++i) Login("siti.aminah", "whatever-it-is").IgnoreError();
  absl::Status locked = Login("siti.aminah", MailedPassword(1)).status();  // the right one
  EXPECT_EQ(unknown.code(), absl::StatusCode::kUnauthenticated);
  for (const absl::Status& s : {wrong, locked}) {
    EXPECT_EQ(s.code(), unknown.code());
    EXPECT_EQ(s.message(), unknown.message());
    EXPECT_EQ(Reason(s), Reason(unknown));
  }
  EXPECT_EQ(Reason(locked), "LOGIN_FAILED");
  EXPECT_THAT(locked.message(), Not(HasSubstr("lock")));
  EXPECT_EQ(Login("", "").status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(CredentialTest, RepeatedFailuresLockOutThatClientForAGrowingTime) {
  Deliver(Verified(1, "budi.santoso"));
  const std::string initial = MailedPassword(0);
  for (int i = 0; i < 5; ++i) EXPECT_FALSE(Login("budi.santoso", "wrong-password").ok());
  absl::Status locked = Login("budi.santoso", initial).status();  // even the right one
  EXPECT_EQ(Reason(locked), "LOGIN_FAILED");
  // Nobody can lock the applicant out from elsewhere; the operator sees the lock.
  EXPECT_TRUE(Login("budi.santoso", initial, kElsewhere).ok());
  EXPECT_EQ(OperatorSees("budi.santoso").state(), pb::Account::STATE_LOCKED);
  EXPECT_EQ(FromTimestamp(OperatorSees("budi.santoso").lock_expire_time()),
            clock_.Now() + absl::Minutes(5));
  clock_.Advance(absl::Minutes(5) + absl::Seconds(1));
  EXPECT_EQ(OperatorSees("budi.santoso").state(), pb::Account::STATE_PASSWORD_CHANGE_REQUIRED);
  EXPECT_TRUE(Login("budi.santoso", initial).ok());
  for (int i = 0; i < 5; ++i) EXPECT_FALSE(Login("budi.santoso", "wrong-password").ok());
  clock_.Advance(absl::Minutes(5) + absl::Seconds(1));  // the second lock lasts 10 minutes
  EXPECT_EQ(Reason(Login("budi.santoso", initial).status()), "LOGIN_FAILED");
  clock_.Advance(absl::Minutes(5));
  EXPECT_TRUE(Login("budi.santoso", initial).ok());
  std::vector<std::string> types = EventTypes(1);
  EXPECT_EQ(std::count(types.begin(), types.end(), "AccountLocked"), 2);
  EXPECT_EQ(std::count(types.begin(), types.end(), "LoginFailed"), 10);
}

TEST_F(CredentialTest, ResetIssuesANewPasswordAndEndsSessions) {
  Deliver(Verified(1, "budi.santoso"));
  absl::StatusOr<pb::LoginResponse> login = Login("budi.santoso", MailedPassword(0));
  absl::StatusOr<pb::LoginResponse> other = Login("budi.santoso", MailedPassword(0), kElsewhere);
  ASSERT_TRUE(other.ok());
  EXPECT_EQ(SessionProbe(other->session().token()), "LOGIN_FAILED");  // live until the reset
  pb::ResetCredentialRequest reset;
  reset.set_name("accounts/budi.santoso");
  EXPECT_EQ(credential_.Reset(kAgency, reset).status().code(), absl::StatusCode::kPermissionDenied);
  ASSERT_TRUE(credential_.Reset(kBsre, reset).ok());
  EXPECT_EQ(SessionProbe(other->session().token()), "SESSION_INVALID");
  ASSERT_EQ(Sent().size(), 2u);
  EXPECT_NE(Sent()[0].message_id, Sent()[1].message_id);
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
  EXPECT_EQ(Sent().size(), 1u);  // no new password
  pb::GetAccountRequest g;
  g.set_name("accounts/budi.santoso");
  EXPECT_EQ(credential_.Get(kBsre, g)->account().applicant().position(),
            "Pranata Komputer Ahli Muda");
  pb::ListAccountsRequest list;
  EXPECT_EQ(credential_.List(kBsre, list)->accounts_size(), 1);
  EXPECT_THAT(EventTypes(1), ElementsAre("CredentialIssued", "AccountActivated"));
}

TEST_F(CredentialTest, PasswordChangeEndsEveryOtherSession) {
  Deliver(Verified(1, "budi.santoso"));
  const std::string initial = MailedPassword(0);
  absl::StatusOr<pb::LoginResponse> here = Login("budi.santoso", initial);
  absl::StatusOr<pb::LoginResponse> there = Login("budi.santoso", initial, kElsewhere);
  ASSERT_TRUE(here.ok() && there.ok());
  absl::StatusOr<pb::ChangePasswordResponse> changed =
      Change(here->session().token(), initial, "Gunung-Merapi#Tinggi7");
  ASSERT_TRUE(changed.ok()) << changed.status();
  // The other device's session ended with the password it was opened with.
  EXPECT_EQ(SessionProbe(there->session().token()), "SESSION_INVALID");
  EXPECT_EQ(SessionProbe(here->session().token()), "SESSION_INVALID");
  EXPECT_EQ(SessionProbe(changed->session().token()), "LOGIN_FAILED");  // the one new session
}

// The defect: the change ended the session its retry came with, so a retry (the first answer
// lost on a phone's flaky line) failed. It now gets the first answer, the same new session.
TEST_F(CredentialTest, AChangeRetriedWithItsRequestIdGetsTheFirstAnswer) {
  Deliver(Verified(1, "budi.santoso"));
  const std::string initial = MailedPassword(0);
  const std::string token = Login("budi.santoso", initial)->session().token();
  const std::string request_id = "0b6f2b1e-8c1d-4e5f-9a7b-3c2d1e0f9a8b";
  auto first = Change(token, initial, "Gunung-Merapi#Tinggi7", request_id);
  ASSERT_TRUE(first.ok()) << first.status();
  auto retried = Change(token, initial, "Gunung-Merapi#Tinggi7", request_id);
  ASSERT_TRUE(retried.ok()) << retried.status();
  EXPECT_EQ(retried->session().token(), first->session().token());
  EXPECT_EQ(retried->account().state(), pb::Account::STATE_ACTIVE);
  EXPECT_EQ(SessionProbe(first->session().token()), "LOGIN_FAILED");  // live
  EXPECT_THAT(EventTypes(1), ElementsAre("CredentialIssued", "LoginSucceeded", "PasswordChanged",
                                         "AccountActivated"));  // changed once
  // Not a retry: another new password, or another request id, with the ended session.
  EXPECT_EQ(Reason(Change(token, initial, "Lain-Lagi#Sandi99", request_id).status()),
            "SESSION_INVALID");
  EXPECT_EQ(
      Reason(Change(token, initial, "Gunung-Merapi#Tinggi7", "1c7a3b2d-9e8f-4a6b-8c5d-4e3f2a1b0c9d")
                 .status()),
      "SESSION_INVALID");
  // Nothing usable is kept in Redis: the answer is sealed with the ended session's token.
  const KvReply kept = *kv_.Run({"SCAN", "0", "MATCH", "credential:change-retry:*"});
  ASSERT_EQ(kept.elements[1].elements.size(), 1u);
  const std::string sealed = kv_.Run({"GET", kept.elements[1].elements[0].str})->str;
  EXPECT_EQ(sealed.find(first->session().token()), std::string::npos);
}

TEST_F(CredentialTest, AClientFailingOnManyAccountsIsThrottledWithoutAPasswordCheck) {
  Deliver(Verified(1, "budi.santoso"));
  const std::string initial = MailedPassword(0);
  for (int i = 0; i < 20; ++i) {
    EXPECT_EQ(Reason(Login(absl::StrCat("guess", i), "Salah-Sandi-123").status()), "LOGIN_FAILED");
  }
  // Past the limit even the right password is refused, and the answer names no account.
  absl::Status throttled = Login("budi.santoso", initial).status();
  EXPECT_EQ(throttled.code(), absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(Reason(throttled), "RATE_LIMITED");
  EXPECT_EQ(Login("nobody", "x").status().message(), throttled.message());
  EXPECT_TRUE(Login("budi.santoso", initial, kElsewhere).ok());  // other clients go on
  EXPECT_THAT(EventTypes(1), ElementsAre("CredentialIssued", "LoginSucceeded"));
  clock_.Advance(absl::Minutes(15) + absl::Seconds(1));  // the window is over
  EXPECT_TRUE(Login("budi.santoso", initial).ok());
}

TEST_F(CredentialTest, NewPasswordOnTheCommonPasswordListIsRefused) {
  Deliver(Verified(1, "budi.santoso"));
  const std::string initial = MailedPassword(0);
  absl::StatusOr<pb::LoginResponse> login = Login("budi.santoso", initial);
  ASSERT_TRUE(login.ok());
  absl::Status common = Change(login->session().token(), initial, "Password123!").status();
  EXPECT_EQ(common.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(common.message(), HasSubstr("new_password"));
  EXPECT_THAT(common.message(), HasSubstr("commonly used or breached"));
}

// What the change-password screen shows as the applicant types: the rule a candidate fails, or
// libpwquality's score; nothing changes, and only a live session may ask.
TEST_F(CredentialTest, ACandidatePasswordIsJudgedWithoutChangingAnything) {
  Deliver(Verified(1, "budi.santoso"));
  const std::string initial = MailedPassword(0);
  absl::StatusOr<pb::LoginResponse> login = Login("budi.santoso", initial);
  ASSERT_TRUE(login.ok());
  auto judge = [&](const std::string& candidate, const std::string& token) {
    pb::CheckNewPasswordRequest r;
    r.set_session_token(token);
    r.set_current_password(initial);
    r.set_new_password(candidate);
    return credential_.CheckNewPassword(kApplicant, r);
  };
  const std::string token = login->session().token();
  EXPECT_EQ(judge(initial, token)->rule(), "SAME_AS_CURRENT");
  EXPECT_EQ(judge("Password123!", token)->rule(), "COMMON");
  EXPECT_EQ(judge("xBudi.Santoso#9", token)->rule(), "CONTAINS_USERNAME");
  EXPECT_EQ(judge("Ab1#", token)->rule(), "TOO_SHORT");
  EXPECT_EQ(judge("Lahir19900101x!", token)->rule(), "DIGIT_RUN");
  absl::StatusOr<pb::CheckNewPasswordResponse> strong = judge("Gunung-Merapi#Tinggi7", token);
  ASSERT_TRUE(strong.ok()) << strong.status();
  EXPECT_TRUE(strong->acceptable());
  EXPECT_GT(strong->score(), 0);
  EXPECT_EQ(strong->rule(), "");
  EXPECT_EQ(judge("Gunung-Merapi#Tinggi7", "no-such-session").status().code(),
            absl::StatusCode::kUnauthenticated);
  EXPECT_TRUE(Login("budi.santoso", initial).ok());  // the password is still the initial one
}

TEST_F(CredentialTest, LogLinesMaskUsernames) {
  std::vector<std::string> lines;
  SetLogSink([&](absl::string_view line) { lines.emplace_back(line); });
  Deliver(Verified(1, "budi.santoso"));
  const std::string initial = MailedPassword(0);
  for (int i = 0; i < 5; ++i) Login("budi.santoso", "wrong-password").IgnoreError();
  absl::StatusOr<pb::LoginResponse> login = Login("budi.santoso", initial, kElsewhere);
  ASSERT_TRUE(login.ok());
  ASSERT_TRUE(Change(login->session().token(), initial, "Gunung-Merapi#Tinggi7").ok());
  pb::ResetCredentialRequest reset;
  reset.set_name("accounts/budi.santoso");
  ASSERT_TRUE(credential_.Reset(kBsre, reset).ok());
  ams::verification::v1::EnrollmentVerified update = Verified(2, "budi.santoso");
  update.set_kind(ams::type::v1::APPLICATION_KIND_DATA_UPDATE);
  update.set_existing_account("accounts/budi.santoso");
  update.mutable_applicant()->set_nik_fingerprint("fp-someone-else");
  Deliver(update);
  SetLogSink({});
  ASSERT_GE(lines.size(), 6u);  // created, mailed, locked, changed, reset, mailed, refused
  for (const std::string& line : lines) {
    EXPECT_THAT(line, Not(HasSubstr("budi.santoso"))) << line;
    EXPECT_THAT(line, Not(HasSubstr("budi"))) << line;
  }
  EXPECT_THAT(lines, Contains(HasSubstr("\"account\":\"accounts/b***\"")));
}

TEST_F(CredentialTest, DataUpdateOfAnotherPersonIsRefusedOnce) {
  Deliver(Verified(1, "budi.santoso"));
  ams::verification::v1::EnrollmentVerified update = Verified(2, "budi.santoso");
  update.set_kind(ams::type::v1::APPLICATION_KIND_DATA_UPDATE);
  update.set_existing_account("accounts/budi.santoso");
  update.mutable_applicant()->set_nik_fingerprint("fp-someone-else");
  update.mutable_applicant()->set_official_email("attacker@kebumenkab.go.id");
  EXPECT_EQ(Deliver(update, "ev-update"), EventDispatcher::Outcome::kHandled);
  EXPECT_EQ(Deliver(update, "ev-update"), EventDispatcher::Outcome::kDuplicate);
  EXPECT_EQ(OperatorSees("budi.santoso").applicant().official_email(),
            "budi.santoso@kebumenkab.go.id");
  EXPECT_THAT(EventTypes(1), ElementsAre("CredentialIssued"));
  EXPECT_THAT(EventTypes(2), ElementsAre("DataUpdateRefused"));
  const KvReply events = *kv_.Run({"LRANGE", outbox_.OutboxKey(Id(2)), "0", "-1"});
  EventEnvelope envelope;
  ASSERT_TRUE(envelope.ParseFromString(events.elements.at(0).str));
  ams::credential::v1::DataUpdateRefused refused;
  ASSERT_TRUE(UnpackEvent(envelope, &refused).ok());
  EXPECT_EQ(refused.application(), update.application());
  EXPECT_EQ(refused.account(), "accounts/budi.santoso");
  EXPECT_THAT(refused.reason(), HasSubstr("NIK"));

  // An account that does not exist: refused too, not dead-lettered.
  ams::verification::v1::EnrollmentVerified missing = Verified(3, "nobody");
  missing.set_kind(ams::type::v1::APPLICATION_KIND_DATA_UPDATE);
  missing.set_existing_account("accounts/nobody");
  EXPECT_EQ(Deliver(missing), EventDispatcher::Outcome::kHandled);
  EXPECT_THAT(EventTypes(3), ElementsAre("DataUpdateRefused"));
  EXPECT_TRUE(dlq_.records().empty());
  EXPECT_EQ(Sent().size(), 1u);
}

TEST_F(CredentialTest, ServiceRolesReadAccountsAtMostAndNeverReset) {
  Deliver(Verified(1, "budi.santoso"));
  pb::GetAccountRequest g;
  g.set_name("accounts/budi.santoso");
  const Principal reader{"services/verification", ams::type::v1::ROLE_SERVICE_ACCOUNT_READER, ""};
  EXPECT_TRUE(credential_.Get(reader, g).ok());
  EXPECT_EQ(credential_.List(reader, pb::ListAccountsRequest()).status().code(),
            absl::StatusCode::kPermissionDenied);
  pb::ResetCredentialRequest reset;
  reset.set_name("accounts/budi.santoso");
  for (ams::type::v1::Role role :
       {ams::type::v1::ROLE_SERVICE_ACCOUNT_READER, ams::type::v1::ROLE_SERVICE_APPLICATION_READER,
        ams::type::v1::ROLE_SERVICE_LETTER_READER}) {
    const Principal service{"services/x", role, ""};
    EXPECT_EQ(credential_.Reset(service, reset).status().code(),
              absl::StatusCode::kPermissionDenied);
    if (role != ams::type::v1::ROLE_SERVICE_ACCOUNT_READER) {
      EXPECT_EQ(credential_.Get(service, g).status().code(), absl::StatusCode::kPermissionDenied);
    }
  }
  EXPECT_EQ(Sent().size(), 1u);
}

}  // namespace
}  // namespace ams::credential
