#include "common/mail_outbox.h"

#include "common/testing/fake_clock.h"
#include "common/testing/fake_kv_store.h"
#include "common/testing/fake_mailer.h"
#include "common/testing/fake_random.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace ams {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

class MailOutboxTest : public ::testing::Test {
 protected:
  MailOutboxTest()
      : kv_(&clock_),
        outbox_(&kv_, "credential", std::string(32, 'k'), &clock_, &random_),
        sender_(&outbox_, &mailer_, &clock_, MailSenderOptions{}) {}

  MailMessage Password(const std::string& to = "budi@kebumenkab.go.id") {
    MailMessage m;
    m.message_id = MailMessageId("password", "a1", 1);
    m.from = "ams@kebumenkab.go.id";
    m.to = {to};
    m.subject = "Akun AMS Anda";
    m.text_body = "Kata sandi awal: Rahasia-123";
    return m;
  }
  // The state change and the mail it owes, in one transaction.
  absl::Status Commit(const MailMessage& m) {
    KvWrites writes = {{{"HSET", "credential:{a1}:account", "state", "ISSUED"}}, {}};
    writes.Add(outbox_.Owe("a1", "password", m));
    return kv_.Transaction(writes.commands, writes.preconditions).status();
  }
  OutgoingMail::State State() {
    return outbox_.Get("a1", MailMessageId("password", "a1", 1)).value()->state();
  }

  testing::FakeClock clock_;
  testing::FakeRandom random_;
  testing::FakeKvStore kv_;
  testing::FakeMailer mailer_;
  MailOutbox outbox_;
  MailSender sender_;
};

TEST_F(MailOutboxTest, AnOwedMailIsSentOnceWithItsStableMessageId) {
  ASSERT_TRUE(Commit(Password()).ok());
  EXPECT_EQ(*sender_.SendDue(), 1);
  EXPECT_EQ(*sender_.SendDue(), 0);
  ASSERT_TRUE(Commit(Password()).ok());  // the event redelivered: owed again
  EXPECT_EQ(*sender_.SendDue(), 0);
  ASSERT_EQ(mailer_.sent().size(), 1u);
  EXPECT_EQ(mailer_.sent()[0].message_id, "<password.a1.1@ams.kebumenkab.go.id>");
  EXPECT_EQ(mailer_.sent()[0].text_body, "Kata sandi awal: Rahasia-123");
  EXPECT_EQ(State(), OutgoingMail::STATE_SENT);
}

TEST_F(MailOutboxTest, TheContentIsSealedAtRestAndForgottenOnceSent) {
  ASSERT_TRUE(Commit(Password()).ok());
  const std::string key = "credential:{a1}:mail:<password.a1.1@ams.kebumenkab.go.id>";
  absl::StatusOr<KvReply> sealed = kv_.Run({"HGET", key, "content"});
  ASSERT_TRUE(sealed.ok() && !sealed->is_nil());
  EXPECT_THAT(sealed->str, Not(HasSubstr("Rahasia-123")));
  ASSERT_EQ(*sender_.SendDue(), 1);
  EXPECT_TRUE(kv_.Run({"HGET", key, "content"})->is_nil());
}

TEST_F(MailOutboxTest, NothingIsOwedWhenTheStateChangeFails) {
  KvWrites writes = outbox_.Owe("a1", "password", Password());
  writes.preconditions.push_back({"credential:{a1}:account", "version", "7"});
  EXPECT_TRUE(absl::IsAborted(kv_.Transaction(writes.commands, writes.preconditions).status()));
  EXPECT_EQ(kv_.Size(), 0u);
  EXPECT_EQ(*sender_.SendDue(), 0);
}

TEST_F(MailOutboxTest, ATemporaryFailureIsTriedAgainLater) {
  ASSERT_TRUE(Commit(Password()).ok());
  mailer_.SetUnavailable(true);
  EXPECT_EQ(*sender_.SendDue(), 0);
  mailer_.SetUnavailable(false);
  EXPECT_EQ(*sender_.SendDue(), 0);  // not due for 5 s
  clock_.Advance(absl::Seconds(5));
  EXPECT_EQ(*sender_.SendDue(), 1);
  EXPECT_EQ(outbox_.Get("a1", MailMessageId("password", "a1", 1)).value()->attempts(), 1);
}

TEST_F(MailOutboxTest, ARefusedMailIsParkedUntilAnOperatorCorrectsTheAddress) {
  mailer_.Refuse("budi@kebumenkab.go.iid");
  ASSERT_TRUE(Commit(Password("budi@kebumenkab.go.iid")).ok());
  EXPECT_EQ(*sender_.SendDue(), 0);
  EXPECT_EQ(State(), OutgoingMail::STATE_PARKED);
  std::vector<OutgoingMail> parked = *outbox_.Parked(0, 10);
  ASSERT_EQ(parked.size(), 1u);
  EXPECT_THAT(parked[0].last_error(), HasSubstr("550"));
  clock_.Advance(absl::Hours(1));
  EXPECT_EQ(*sender_.SendDue(), 0);  // parked mail is not retried by itself

  ASSERT_TRUE(outbox_.Resend("a1", parked[0].message_id(), {"budi@kebumenkab.go.id"}).ok());
  EXPECT_EQ(*sender_.SendDue(), 1);
  EXPECT_THAT(mailer_.sent()[0].to, ElementsAre("budi@kebumenkab.go.id"));
  EXPECT_TRUE(outbox_.Parked(0, 10)->empty());
  EXPECT_EQ(outbox_.Resend("a1", parked[0].message_id(), {}).status().code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST_F(MailOutboxTest, OnlyTheLeaseHolderSends) {
  MailSenderOptions other_options;
  other_options.owner = "other-replica";
  MailSender other(&outbox_, &mailer_, &clock_, other_options);
  ASSERT_TRUE(Commit(Password()).ok());
  EXPECT_EQ(*sender_.SendDue(), 1);
  MailMessage second = Password();
  second.message_id = MailMessageId("password", "a1", 2);
  ASSERT_TRUE(Commit(second).ok());
  EXPECT_EQ(*other.SendDue(), 0);
  clock_.Advance(absl::Seconds(11));
  EXPECT_EQ(*other.SendDue(), 1);
  EXPECT_EQ(mailer_.sent().size(), 2u);
}

}  // namespace
}  // namespace ams
