#include "common/mail_desk.h"

#include "common/rpc_status.h"
#include "common/testing/fake_clock.h"
#include "common/testing/fake_kv_store.h"
#include "common/testing/fake_random.h"
#include "common/testing/sent_mail.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace ams::mail {
namespace {

using ::testing::ElementsAre;

constexpr char kId[] = "3f2b8c1e-5d6a-4b7c-8e9f-0a1b2c3d4e5f";
constexpr char kApp[] = "applications/3f2b8c1e-5d6a-4b7c-8e9f-0a1b2c3d4e5f";
const Principal kAdmin{"operators/admin", ams::type::v1::ROLE_ADMIN, ""};
const Principal kBsre{"operators/bsre", ams::type::v1::ROLE_BSRE_OP, ""};

class MailDeskTest : public ::testing::Test {
 protected:
  MailDeskTest() : kv_(&clock_), mail_(&kv_, "enrollment", &clock_, &random_) {
    // An activation link to a mistyped address, which the server refuses for good.
    mail_.mailer().Refuse("budi.santoso@kebumenkab.go.id");
    MailMessage m;
    m.message_id = MailMessageId("activation-link", kId, 1);
    m.from = "ams@kebumenkab.go.id";
    m.to = {"budi.santoso@kebumenkab.go.id"};
    m.subject = "Link aktivasi";
    m.text_body = "token=secret";
    KvWrites owe = mail_.outbox()->Owe(kId, "activation-link", m);
    EXPECT_TRUE(kv_.Transaction(owe.commands, owe.preconditions).ok());
    EXPECT_TRUE(mail_.Sent().empty());
  }
  pb::ResendMailRequest Resend(std::vector<std::string> to) {
    pb::ResendMailRequest r;
    r.set_application(kApp);
    r.set_message_id(MailMessageId("activation-link", kId, 1));
    for (const std::string& t : to) r.add_to(t);
    r.set_request_id("7c9e6679-7425-40de-944b-e07fc1f90ae7");
    return r;
  }
  std::vector<std::string> Fields(const absl::Status& s) {
    google::rpc::BadRequest bad;
    std::vector<std::string> out;
    if (GetBadRequest(s, &bad)) {
      for (const auto& v : bad.field_violations()) out.push_back(v.field());
    }
    return out;
  }

  testing::FakeClock clock_;
  testing::FakeRandom random_;
  testing::FakeKvStore kv_;
  testing::SentMail mail_;
  MailDesk desk_{mail_.outbox()};
};

TEST_F(MailDeskTest, AnAdministratorSeesAParkedMailAndResendsItCorrected) {
  auto parked = desk_.ListParked(kAdmin, {});
  ASSERT_TRUE(parked.ok()) << parked.status();
  ASSERT_EQ(parked->mails_size(), 1);
  EXPECT_EQ(parked->mails(0).application(), kApp);
  EXPECT_EQ(parked->mails(0).state(), OutgoingMail::STATE_PARKED);
  EXPECT_THAT(parked->mails(0).last_error(), ::testing::HasSubstr("550"));

  auto resent = desk_.Resend(kAdmin, Resend({"budi.santosa@kebumenkab.go.id"}));
  ASSERT_TRUE(resent.ok()) << resent.status();
  EXPECT_EQ(resent->mail().state(), OutgoingMail::STATE_PENDING);
  ASSERT_EQ(mail_.Sent().size(), 1u);
  EXPECT_THAT(mail_.Sent()[0].to, ElementsAre("budi.santosa@kebumenkab.go.id"));
  EXPECT_EQ(desk_.ListParked(kAdmin, {})->mails_size(), 0);
  // The same request again (its answer was lost) answers as it stands and sends nothing more.
  auto retried = desk_.Resend(kAdmin, Resend({"budi.santosa@kebumenkab.go.id"}));
  ASSERT_TRUE(retried.ok()) << retried.status();
  EXPECT_EQ(retried->mail().state(), OutgoingMail::STATE_SENT);
  EXPECT_EQ(mail_.Sent().size(), 1u);
  // A new request for a mail no longer parked is refused.
  pb::ResendMailRequest again = Resend({});
  again.clear_request_id();
  EXPECT_EQ(desk_.Resend(kAdmin, again).status().code(), absl::StatusCode::kFailedPrecondition);
}

// A correction may not carry a token or a password out of the offices it was meant for.
TEST_F(MailDeskTest, ACorrectedAddressStaysInTheDomainTheMailHad) {
  absl::Status outside = desk_.Resend(kAdmin, Resend({"budi@gmail.com"})).status();
  EXPECT_EQ(outside.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(Fields(outside), ElementsAre("to[0]"));
  absl::Status lookalike =
      desk_.Resend(kAdmin, Resend({"budi@kebumenkab.go.id.evil.example"})).status();
  EXPECT_THAT(Fields(lookalike), ElementsAre("to[0]"));
  EXPECT_EQ(desk_.ListParked(kAdmin, {})->mails_size(), 1);  // still parked, unchanged
}

TEST_F(MailDeskTest, BadRequestsNameTheirFieldsAndOnlyAdministratorsCome) {
  EXPECT_EQ(desk_.ListParked(kBsre, {}).status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(desk_.Resend(kBsre, Resend({})).status().code(), absl::StatusCode::kPermissionDenied);
  pb::ResendMailRequest bad;
  bad.set_application("applications/../../etc");
  bad.set_message_id("<x@y>\r\nBcc: all@example.com");
  for (int i = 0; i < 11; ++i) bad.add_to("budi@kebumenkab.go.id");
  EXPECT_THAT(Fields(desk_.Resend(kAdmin, bad).status()),
              ElementsAre("application", "message_id", "to"));
  pb::ListParkedMailsRequest list;
  list.set_page_size(1000);
  list.set_page_token("not-a-token");
  EXPECT_THAT(Fields(desk_.ListParked(kAdmin, list).status()),
              ElementsAre("page_size", "page_token"));
  EXPECT_EQ(desk_
                .Resend(kAdmin,
                        [&] {
                          pb::ResendMailRequest r = Resend({});
                          r.set_message_id(MailMessageId("password", kId, 9));
                          return r;
                        }())
                .status()
                .code(),
            absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace ams::mail
