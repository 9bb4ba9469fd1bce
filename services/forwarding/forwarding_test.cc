#include "services/forwarding/forwarding.h"

#include "ams/forwarding/v1/events.pb.h"
#include "common/event_dispatcher.h"
#include "common/hashing.h"
#include "common/testing/fake_clock.h"
#include "common/testing/fake_kv_store.h"
#include "common/testing/fake_random.h"
#include "common/testing/pdf_fixtures.h"
#include "common/testing/recording_publisher.h"
#include "common/testing/sent_mail.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/forwarding/forwarding_handler.h"

namespace ams::forwarding {
namespace {

using ::testing::HasSubstr;

const Principal kOperator{"operators/siti", ams::type::v1::ROLE_DISKOMINFO_OP, ""};
const Principal kAgency{"agencies/dinkes", ams::type::v1::ROLE_AGENCY, "agencies/dinkes"};
constexpr char kApp[] = "applications/3f2b8c1e-5d6a-4b7c-8e9f-0a1b2c3d4e5f";
constexpr char kItem[] = "reviewItems/3f2b8c1e-5d6a-4b7c-8e9f-0a1b2c3d4e5f";

class FakeLetters final : public LetterSource {
 public:
  absl::StatusOr<std::pair<std::string, std::string>> Fetch(const std::string&) override {
    ++fetches;
    return std::make_pair(pdf, Sha256Hex(pdf));
  }
  std::string pdf = ams::testing::MakeUnsignedPdf("Surat Rekomendasi");
  int fetches = 0;
};

class ForwardingTest : public ::testing::Test {
 protected:
  ForwardingTest()
      : kv_(&clock_),
        outbox_(&kv_, "forwarding", &clock_),
        queue_(&kv_, &outbox_),
        mail_(&kv_, "forwarding", &clock_, &random_),
        forwarding_(&queue_, &letters_, mail_.outbox(), ForwardingOptions{}, &clock_, &random_),
        handler_(&queue_),
        dispatcher_({"ams-forwarding"}, &handler_, &kv_, &dlq_, &clock_, nullptr) {}

  void Submit(int revision, const std::string& existing_account = "") {
    ams::intake::v1::ApplicationSubmitted s;
    s.set_application(kApp);
    s.set_revision(revision);
    if (!existing_account.empty()) {
      s.set_kind(ams::type::v1::APPLICATION_KIND_DATA_UPDATE);
      s.set_existing_account(existing_account);
    }
    s.mutable_applicant()->set_full_name("Budi Santoso");
    s.mutable_applicant()->set_agency("agencies/dinkes");
    s.mutable_recommendation_letter()->mutable_document()->set_sha256(Sha256Hex(letters_.pdf));
    EventEnvelope e =
        MakeEvent("intake", "3f2b8c1e-5d6a-4b7c-8e9f-0a1b2c3d4e5f", s, clock_.Now(), random_);
    ConsumedRecord r{e.topic(), 0, 0, e.subject(), e.data(), ToKafkaHeaders(e)};
    ASSERT_EQ(dispatcher_.Dispatch(r, stopping_), EventDispatcher::Outcome::kHandled);
    ASSERT_EQ(dispatcher_.Dispatch(r, stopping_), EventDispatcher::Outcome::kDuplicate);
  }
  std::vector<EventEnvelope> Outgoing() {
    std::vector<EventEnvelope> out;
    absl::StatusOr<KvReply> items =
        kv_.Run({"LRANGE", outbox_.OutboxKey("3f2b8c1e-5d6a-4b7c-8e9f-0a1b2c3d4e5f"), "0", "-1"});
    for (const KvReply& item : items->elements) {
      out.emplace_back();
      out.back().ParseFromString(item.str);
    }
    return out;
  }

  ams::testing::FakeClock clock_;
  ams::testing::FakeRandom random_;
  ams::testing::FakeKvStore kv_;
  ams::testing::RecordingPublisher dlq_;
  FakeLetters letters_;
  Outbox outbox_;
  ReviewQueue queue_;
  ams::testing::SentMail mail_;
  Forwarding forwarding_;
  ForwardingHandler handler_;
  EventDispatcher dispatcher_;
  std::atomic<bool> stopping_{false};
};

TEST_F(ForwardingTest, SubmittedApplicationsWaitInTheQueue) {
  Submit(1);
  auto list = forwarding_.List(kOperator, {});
  ASSERT_TRUE(list.ok()) << list.status();
  ASSERT_EQ(list->review_items_size(), 1);
  EXPECT_EQ(list->review_items(0).name(), kItem);
  EXPECT_EQ(list->review_items(0).state(), ReviewItem::STATE_PENDING);
  EXPECT_EQ(forwarding_.List(kAgency, {}).status().code(), absl::StatusCode::kPermissionDenied);
  pb::GetReviewItemRequest get;
  get.set_name(kItem);
  get.set_view(pb::REVIEW_ITEM_VIEW_FULL);
  EXPECT_EQ(forwarding_.Get(kOperator, get)->review_item().letter_pdf(), letters_.pdf);
}

TEST_F(ForwardingTest, ForwardMailsBsreOnceThenEmits) {
  Submit(1);
  pb::ForwardApplicationRequest f;
  f.set_name(kItem);
  f.set_request_id("9a7d1c2e-3b4f-4a5b-8c6d-7e8f9a0b1c2d");
  auto done = forwarding_.Forward(kOperator, f);
  ASSERT_TRUE(done.ok()) << done.status();
  EXPECT_EQ(done->review_item().state(), ReviewItem::STATE_FORWARDED);
  EXPECT_EQ(done->review_item().decided_by().subject(), "operators/siti");
  ASSERT_EQ(mail_.Sent().size(), 1u);
  const MailMessage m = mail_.Sent()[0];
  EXPECT_EQ(m.message_id, MailMessageId("bsre", "3f2b8c1e-5d6a-4b7c-8e9f-0a1b2c3d4e5f", 1));
  EXPECT_THAT(m.to, ::testing::ElementsAre("registrasi@bsre.go.id"));
  ASSERT_EQ(m.attachments.size(), 1u);
  EXPECT_EQ(m.attachments[0].content, letters_.pdf);
  std::vector<EventEnvelope> events = Outgoing();
  ASSERT_EQ(events.size(), 1u);
  ams::forwarding::v1::ApplicationForwarded e;
  ASSERT_TRUE(UnpackEvent(events[0], &e).ok());
  EXPECT_EQ(e.mail_message_id(), m.message_id);
  // A retry answers from the record; a second forward is refused; neither mails again.
  EXPECT_TRUE(forwarding_.Forward(kOperator, f).ok());
  f.clear_request_id();
  EXPECT_EQ(forwarding_.Forward(kOperator, f).status().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(mail_.Sent().size(), 1u);
  EXPECT_EQ(Outgoing().size(), 1u);
}

TEST_F(ForwardingTest, DataUpdateKeepsItsAccountThroughTheForward) {
  Submit(1, "accounts/budi");
  pb::ForwardApplicationRequest f;
  f.set_name(kItem);
  ASSERT_TRUE(forwarding_.Forward(kOperator, f).ok());
  EXPECT_THAT(mail_.Sent()[0].text_body, ::testing::HasSubstr("accounts/budi"));
  ams::forwarding::v1::ApplicationForwarded e;
  ASSERT_TRUE(UnpackEvent(Outgoing()[0], &e).ok());
  EXPECT_EQ(e.kind(), ams::type::v1::APPLICATION_KIND_DATA_UPDATE);
  EXPECT_EQ(e.existing_account(), "accounts/budi");
}

// The defect: a mail server away left the item FORWARDING, which only a restart finished.
// Now the decision commits with its mail owed, and the mail goes out when the server is back.
TEST_F(ForwardingTest, AForwardCommitsWithItsMailOwedWhateverTheMailServerSays) {
  Submit(1);
  mail_.mailer().SetUnavailable(true);
  pb::ForwardApplicationRequest f;
  f.set_name(kItem);
  auto done = forwarding_.Forward(kOperator, f);
  ASSERT_TRUE(done.ok()) << done.status();
  EXPECT_EQ(done->review_item().state(), ReviewItem::STATE_FORWARDED);
  EXPECT_EQ(Outgoing().size(), 1u);
  EXPECT_TRUE(mail_.Sent().empty());
  mail_.mailer().SetUnavailable(false);
  clock_.Advance(absl::Minutes(1));  // past the sender's back-off
  EXPECT_EQ(mail_.Sent().size(), 1u);
  clock_.Advance(absl::Hours(1));
  EXPECT_EQ(mail_.Sent().size(), 1u);  // sent once
}

TEST_F(ForwardingTest, ReturnNeedsAReasonAndEmits) {
  Submit(1);
  pb::ReturnApplicationRequest r;
  r.set_name(kItem);
  absl::Status no_reason = forwarding_.Return(kOperator, r).status();
  EXPECT_EQ(no_reason.code(), absl::StatusCode::kInvalidArgument);
  r.mutable_reason()->set_code(ams::type::v1::REASON_CODE_OTHER);
  EXPECT_THAT(forwarding_.Return(kOperator, r).status().message(), HasSubstr("reason.text"));
  r.mutable_reason()->set_text("Jabatan tidak sesuai SK.");
  auto done = forwarding_.Return(kOperator, r);
  ASSERT_TRUE(done.ok()) << done.status();
  EXPECT_EQ(done->review_item().state(), ReviewItem::STATE_RETURNED);
  ASSERT_EQ(Outgoing().size(), 1u);
  EXPECT_EQ(Outgoing()[0].type(), "ams.forwarding.v1.ApplicationReturned");
  EXPECT_TRUE(mail_.Sent().empty());
  // The resubmission (revision 2) brings it back to the queue.
  Submit(2);
  auto list = forwarding_.List(kOperator, {});
  ASSERT_EQ(list->review_items_size(), 1);
  EXPECT_EQ(list->review_items(0).revision(), 2);
}

TEST_F(ForwardingTest, OnlyDiskominfoOperatorsDecide) {
  Submit(1);
  pb::ForwardApplicationRequest f;
  f.set_name(kItem);
  Principal bsre{"operators/bsre", ams::type::v1::ROLE_BSRE_OP, ""};
  EXPECT_EQ(forwarding_.Forward(bsre, f).status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(forwarding_.Forward(kAgency, f).status().code(), absl::StatusCode::kPermissionDenied);
  f.set_name("reviewItems/x");
  EXPECT_EQ(forwarding_.Forward(kOperator, f).status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace ams::forwarding
