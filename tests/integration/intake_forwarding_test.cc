// SOP steps 1 and 2 across real processes: ams-intake and ams-forwarding against the real
// Kafka broker, redis-server and an SMTP server (maildev), driven over gRPC as an agency's
// system and a Diskominfo operator would.
#include <memory>
#include <set>
#include <string>

#include "ams/forwarding/v1/events.pb.h"
#include "ams/forwarding/v1/forwarding_service.grpc.pb.h"
#include "ams/intake/v1/events.pb.h"
#include "ams/intake/v1/intake_service.grpc.pb.h"
#include "common/cloud_event.h"
#include "common/hashing.h"
#include "common/random.h"
#include "common/testing/pdf_fixtures.h"
#include "gmock/gmock.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "services/intake/testing/invalid_requests.h"
#include "services/intake/testing/sample_request.h"
#include "tests/support/infrastructure.h"
#include "tests/support/service_process.h"

namespace ams {
namespace {

using ::ams::testing::Infrastructure;
using ::ams::testing::ReadTopic;
using ::ams::testing::ServiceProcess;
using ::ams::testing::WaitFor;
using ::testing::HasSubstr;
namespace intake = ams::intake::v1;
namespace forwarding = ams::forwarding::v1;

constexpr char kDinkesKey[] = "key-dinkes-0123456789";
constexpr char kBappedaKey[] = "key-bappeda-0123456789";
constexpr char kUjiKey[] = "key-uji-0123456789";
constexpr char kOperatorKey[] = "key-operator-siti-0123456789";
constexpr char kForwardingKey[] = "key-service-forwarding-0123456789";

std::string ApiKeys() {
  return ams::testing::ApiKeysSetting(
      {{kDinkesKey, "AGENCY agencies/dinkes agencies/dinkes"},
       {kBappedaKey, "AGENCY agencies/bappeda agencies/bappeda"},
       {kUjiKey, "AGENCY agencies/uji agencies/uji"},
       {kOperatorKey, "DISKOMINFO_OP operators/siti"},
       {kForwardingKey, "SERVICE_LETTER_READER services/forwarding"}});
}

class IntakeForwardingTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    Infrastructure& infra = Infrastructure::Get();
    std::vector<std::string> common = {ApiKeys(), absl::StrCat("AMS_SMTP_URL=", infra.smtp_url())};
    std::vector<std::string> intake_env = common;
    intake_env.push_back("AMS_NIK_FINGERPRINT_KEY=integration-test-key");
    intake_ = ServiceProcess::Start("intake", intake_env).release();
    forwarding_ = ServiceProcess::Start("forwarding", ForwardingEnv()).release();
  }
  static std::vector<std::string> ForwardingEnv() {
    return {ApiKeys(), absl::StrCat("AMS_SMTP_URL=", Infrastructure::Get().smtp_url()),
            absl::StrCat("AMS_INTAKE_ADDR=", intake_->address()),
            absl::StrCat("AMS_FORWARDING_INTAKE_KEY=", kForwardingKey),
            "AMS_BSRE_MAILBOX=registrasi@bsre.go.id"};
  }
  static void TearDownTestSuite() {
    delete forwarding_;
    delete intake_;
  }

  std::unique_ptr<intake::IntakeService::Stub> Intake() {
    return intake::IntakeService::NewStub(
        grpc::CreateChannel(intake_->address(), grpc::InsecureChannelCredentials()));
  }
  std::unique_ptr<forwarding::ForwardingService::Stub> Forwarding() {
    return forwarding::ForwardingService::NewStub(
        grpc::CreateChannel(forwarding_->address(), grpc::InsecureChannelCredentials()));
  }
  static std::unique_ptr<grpc::ClientContext> As(const std::string& key) {
    auto ctx = std::make_unique<grpc::ClientContext>();
    ctx->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    if (!key.empty()) ctx->AddMetadata("authorization", absl::StrCat("Bearer ", key));
    return ctx;
  }

  intake::Application Submit(const intake::SubmitApplicationRequest& r) {
    intake::SubmitApplicationResponse response;
    grpc::Status s = Intake()->SubmitApplication(As(kDinkesKey).get(), r, &response);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return response.application();
  }
  intake::Application GetApplication(const std::string& name) {
    intake::GetApplicationRequest r;
    r.set_name(name);
    intake::GetApplicationResponse response;
    EXPECT_TRUE(Intake()->GetApplication(As(kDinkesKey).get(), r, &response).ok());
    return response.application();
  }
  // Waits until the review queue holds `application` at `revision`, pending.
  bool InQueue(const std::string& application, int revision) {
    return WaitFor([&] {
      forwarding::GetReviewItemRequest r;
      r.set_name(absl::StrCat("reviewItems/", application.substr(13)));
      forwarding::GetReviewItemResponse response;
      return Forwarding()->GetReviewItem(As(kOperatorKey).get(), r, &response).ok() &&
             response.review_item().revision() == revision &&
             response.review_item().state() == forwarding::ReviewItem::STATE_PENDING;
    });
  }
  // Mails received so far that `match`.
  static std::vector<nlohmann::json> Mails(
      const std::function<bool(const nlohmann::json&)>& match) {
    std::vector<nlohmann::json> out;
    std::string text = ams::testing::MailJson();
    if (text.empty()) return out;
    for (const auto& m : nlohmann::json::parse(text)) {
      if (match(m)) out.push_back(m);
    }
    return out;
  }
  static std::vector<ConsumedRecord> EventsOf(const std::string& topic, const std::string& id,
                                              size_t at_least) {
    std::vector<ConsumedRecord> out;
    ams::testing::WaitFor([&] {
      out.clear();
      for (ConsumedRecord& r : ReadTopic(topic, 1, absl::Seconds(5))) {
        if (ams::testing::HeaderOf(r, "ce_subject") == id) out.push_back(std::move(r));
      }
      return out.size() >= at_least;
    });
    return out;
  }

  static ServiceProcess* intake_;
  static ServiceProcess* forwarding_;
};

ServiceProcess* IntakeForwardingTest::intake_ = nullptr;
ServiceProcess* IntakeForwardingTest::forwarding_ = nullptr;

TEST_F(IntakeForwardingTest, SubmitReviewForwardMailAndEvents) {
  auto request = ams::intake::testing::SampleRequest(1001);
  ams::testing::SignedPdfOptions signed_by_ca;
  signed_by_ca.issuer = &ams::testing::LetterCa();
  request.mutable_recommendation_letter()->set_pdf(
      ams::testing::MakeSignedPdf("Rekomendasi", signed_by_ca));
  intake::Application app = Submit(request);
  ASSERT_EQ(app.state(), intake::Application::STATE_SUBMITTED);
  EXPECT_EQ(app.recommendation_letter().signature().outcome(),
            ams::type::v1::SignatureCheck::OUTCOME_VALID);
  const std::string id = app.name().substr(13);

  // Step 1's event is on Kafka with its CloudEvents headers, without the NIK.
  std::vector<ConsumedRecord> submitted = EventsOf("ams.intake.v1", id, 1);
  ASSERT_EQ(submitted.size(), 1u);
  EXPECT_EQ(ams::testing::HeaderOf(submitted[0], "ce_type"), "ams.intake.v1.ApplicationSubmitted");
  EXPECT_EQ(submitted[0].value.find(request.applicant().nik()), std::string::npos);

  // Step 2: the operator sees it in the queue and forwards it.
  ASSERT_TRUE(InQueue(app.name(), 1));
  forwarding::ForwardApplicationRequest forward;
  forward.set_name(absl::StrCat("reviewItems/", id));
  forward.set_request_id(NewUuid(SecureRandom()));
  forwarding::ForwardApplicationResponse forwarded;
  grpc::Status s = Forwarding()->ForwardApplication(As(kOperatorKey).get(), forward, &forwarded);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(forwarded.review_item().state(), forwarding::ReviewItem::STATE_FORWARDED);

  // One mail in BSrE's mailbox, with the letter attached.
  auto to_bsre = [&](const nlohmann::json& m) {
    return m["subject"].get<std::string>().find(app.name()) != std::string::npos &&
           m["to"][0]["address"] == "registrasi@bsre.go.id";
  };
  ASSERT_TRUE(WaitFor([&] { return Mails(to_bsre).size() == 1; }));
  nlohmann::json mail = Mails(to_bsre)[0];
  ASSERT_EQ(mail["attachments"].size(), 1u);
  EXPECT_EQ(mail["attachments"][0]["contentType"], "application/pdf");
  EXPECT_EQ(mail["attachments"][0]["length"].get<size_t>(),
            request.recommendation_letter().pdf().size());

  // Step 2's event follows, and intake learns of it.
  std::vector<ConsumedRecord> events = EventsOf("ams.forwarding.v1", id, 1);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(ams::testing::HeaderOf(events[0], "ce_type"), "ams.forwarding.v1.ApplicationForwarded");
  EXPECT_TRUE(WaitFor(
      [&] { return GetApplication(app.name()).state() == intake::Application::STATE_FORWARDED; }));

  // A retried forward answers the same and mails nothing more.
  forwarding::ForwardApplicationResponse again;
  ASSERT_TRUE(Forwarding()->ForwardApplication(As(kOperatorKey).get(), forward, &again).ok());
  absl::SleepFor(absl::Milliseconds(500));
  EXPECT_EQ(Mails(to_bsre).size(), 1u);
}

TEST_F(IntakeForwardingTest, CrashAndRestartSendNoSecondMail) {
  intake::Application app = Submit(ams::intake::testing::SampleRequest(1006));
  const std::string id = app.name().substr(13);
  ASSERT_TRUE(InQueue(app.name(), 1));
  forwarding::ForwardApplicationRequest forward;
  forward.set_name(absl::StrCat("reviewItems/", id));
  forwarding::ForwardApplicationResponse forwarded;
  ASSERT_TRUE(Forwarding()->ForwardApplication(As(kOperatorKey).get(), forward, &forwarded).ok());
  auto to_bsre = [&](const nlohmann::json& m) {
    return m["subject"].get<std::string>().find(app.name()) != std::string::npos;
  };
  ASSERT_TRUE(WaitFor([&] { return Mails(to_bsre).size() == 1; }));

  // Killed outright: whatever it had consumed but not committed is delivered again to the
  // restarted process, which must recognise it, and finish nothing twice.
  forwarding_->Kill();
  delete forwarding_;
  forwarding_ = ServiceProcess::Start("forwarding", ForwardingEnv()).release();
  // A fresh submission flows through the restarted consumer group: it has caught up.
  intake::Application later = Submit(ams::intake::testing::SampleRequest(1007));
  ASSERT_TRUE(InQueue(later.name(), 1));
  forwarding::GetReviewItemRequest get;
  get.set_name(absl::StrCat("reviewItems/", id));
  forwarding::GetReviewItemResponse item;
  ASSERT_TRUE(Forwarding()->GetReviewItem(As(kOperatorKey).get(), get, &item).ok());
  EXPECT_EQ(item.review_item().state(), forwarding::ReviewItem::STATE_FORWARDED);
  EXPECT_EQ(Mails(to_bsre).size(), 1u);
  // One event. The relay may have been killed between Kafka's acknowledgement and removing
  // it from the outbox; then it is published again with the same ce_id, which consumers
  // recognise. So: one distinct id, however many copies.
  std::set<std::string> ids;
  for (const ConsumedRecord& r : EventsOf("ams.forwarding.v1", id, 1)) {
    ids.insert(ams::testing::HeaderOf(r, "ce_id"));
  }
  EXPECT_EQ(ids.size(), 1u);
}

TEST_F(IntakeForwardingTest, ReturnedApplicantIsToldAndResubmits) {
  intake::Application app = Submit(ams::intake::testing::SampleRequest(1002));
  const std::string id = app.name().substr(13);
  ASSERT_TRUE(InQueue(app.name(), 1));
  forwarding::ReturnApplicationRequest ret;
  ret.set_name(absl::StrCat("reviewItems/", id));
  ret.mutable_reason()->set_code(ams::type::v1::REASON_CODE_LETTER_UNSIGNED);
  ret.mutable_reason()->set_text("Surat rekomendasi belum ditandatangani.");
  forwarding::ReturnApplicationResponse returned;
  ASSERT_TRUE(Forwarding()->ReturnApplication(As(kOperatorKey).get(), ret, &returned).ok());

  auto to_applicant = [&](const nlohmann::json& m) {
    return m["to"][0]["address"] == "budi.santoso@kebumenkab.go.id" &&
           m["text"].get<std::string>().find(app.name()) != std::string::npos;
  };
  ASSERT_TRUE(WaitFor([&] { return Mails(to_applicant).size() == 1; }));
  EXPECT_THAT(Mails(to_applicant)[0]["text"].get<std::string>(),
              HasSubstr("Surat rekomendasi belum ditandatangani."));
  ASSERT_TRUE(WaitFor(
      [&] { return GetApplication(app.name()).state() == intake::Application::STATE_RETURNED; }));

  intake::ResubmitApplicationRequest resubmit;
  resubmit.set_name(app.name());
  *resubmit.mutable_recommendation_letter() =
      ams::intake::testing::SampleRequest().recommendation_letter();
  resubmit.mutable_recommendation_letter()->set_pdf(ams::testing::MakeSignedPdf("Rekomendasi"));
  intake::ResubmitApplicationResponse resubmitted;
  grpc::Status s = Intake()->ResubmitApplication(As(kDinkesKey).get(), resubmit, &resubmitted);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(resubmitted.application().revision(), 2);
  EXPECT_TRUE(InQueue(app.name(), 2));
}

TEST_F(IntakeForwardingTest, AgenciesAreIsolatedAndCallersAuthenticated) {
  intake::Application app = Submit(ams::intake::testing::SampleRequest(1003));
  intake::GetApplicationRequest get;
  get.set_name(app.name());
  intake::GetApplicationResponse response;
  // Another agency's application is answered as if it did not exist.
  EXPECT_EQ(Intake()->GetApplication(As(kBappedaKey).get(), get, &response).error_code(),
            grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(Intake()->GetApplication(As("").get(), get, &response).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(Intake()->GetApplication(As("not-a-key").get(), get, &response).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  intake::ListApplicationsRequest list;
  intake::ListApplicationsResponse listed;
  ASSERT_TRUE(Intake()->ListApplications(As(kBappedaKey).get(), list, &listed).ok());
  for (const auto& a : listed.applications()) EXPECT_EQ(a.applicant().agency(), "agencies/bappeda");
  // Calls are measured per method and status on the service's /metrics.
  std::string metrics =
      ams::testing::HttpGet(absl::StrCat("http://127.0.0.1:", intake_->metrics_port(), "/metrics"));
  EXPECT_THAT(metrics,
              HasSubstr("ams_rpc_calls_total{code=\"NOT_FOUND\",method=\"GetApplication\"}"));
  EXPECT_THAT(metrics, HasSubstr("ams_rpc_duration_seconds_bucket{method=\"SubmitApplication\""));
  intake::SubmitApplicationResponse submitted;
  EXPECT_EQ(Intake()
                ->SubmitApplication(As(kOperatorKey).get(),
                                    ams::intake::testing::SampleRequest(1004), &submitted)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(IntakeForwardingTest, RetriedSubmissionIsOneApplicationAndOneEvent) {
  auto request = ams::intake::testing::SampleRequest(1005);
  request.set_request_id(NewUuid(SecureRandom()));
  intake::Application first = Submit(request);
  intake::Application again = Submit(request);
  EXPECT_EQ(first.name(), again.name());
  const std::string id = first.name().substr(13);
  EventsOf("ams.intake.v1", id, 1);
  absl::SleepFor(absl::Seconds(1));
  EXPECT_EQ(EventsOf("ams.intake.v1", id, 1).size(), 1u);

  request.mutable_applicant()->set_position("Analis Kebijakan");
  intake::SubmitApplicationResponse response;
  grpc::Status reused = Intake()->SubmitApplication(As(kDinkesKey).get(), request, &response);
  EXPECT_EQ(reused.error_code(), grpc::StatusCode::ALREADY_EXISTS);
  // A second application for the same person is refused, naming the first.
  grpc::Status duplicate = Intake()->SubmitApplication(
      As(kDinkesKey).get(), ams::intake::testing::SampleRequest(1005), &response);
  EXPECT_EQ(duplicate.error_code(), grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_THAT(duplicate.error_message(), HasSubstr(first.name()));
}

TEST_F(IntakeForwardingTest, EveryInvalidRequestIsNamedAndLeavesNothing) {
  const auto& cases = ams::intake::testing::InvalidRequests();
  ASSERT_GE(cases.size(), 50u);
  for (const auto& c : cases) {
    auto r = ams::intake::testing::SampleRequest(2000, "agencies/uji");
    c.spoil(r);
    intake::SubmitApplicationResponse response;
    grpc::ClientContext ctx;
    ctx.AddMetadata("authorization", absl::StrCat("Bearer ", kUjiKey));
    grpc::Status s = Intake()->SubmitApplication(&ctx, r, &response);
    ASSERT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << c.what;
    google::rpc::Status rich;
    ASSERT_TRUE(rich.ParseFromString(s.error_details())) << c.what;
    bool named = false;
    for (const auto& detail : rich.details()) {
      google::rpc::BadRequest br;
      if (detail.UnpackTo(&br)) {
        for (const auto& v : br.field_violations()) named |= v.field() == c.field;
      }
    }
    EXPECT_TRUE(named) << c.what << ": " << s.error_message();
  }
  // Nothing stored, nothing emitted.
  intake::ListApplicationsResponse listed;
  ASSERT_TRUE(Intake()->ListApplications(As(kUjiKey).get(), {}, &listed).ok());
  EXPECT_EQ(listed.applications_size(), 0);
  for (const ConsumedRecord& r : ReadTopic("ams.intake.v1", 1, absl::Seconds(5))) {
    intake::ApplicationSubmitted e;
    if (e.ParseFromString(r.value)) {
      EXPECT_NE(e.applicant().agency(), "agencies/uji");
    }
  }
}

}  // namespace
}  // namespace ams
