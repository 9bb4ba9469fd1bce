// SOP steps 3 to 5 across real processes (intake, forwarding, enrollment, verification)
// against the real Kafka broker, redis-server and SMTP server: BSrE registers, the applicant
// reads the activation mail and completes the form, an operator verifies.
#include <functional>
#include <memory>
#include <set>
#include <string>

#include "ams/enrollment/v1/enrollment_service.grpc.pb.h"
#include "ams/forwarding/v1/forwarding_service.grpc.pb.h"
#include "ams/intake/v1/intake_service.grpc.pb.h"
#include "ams/verification/v1/verification_service.grpc.pb.h"
#include "common/api_keys.h"
#include "common/hashing.h"
#include "common/random.h"
#include "common/testing/image_fixtures.h"
#include "common/testing/pdf_fixtures.h"
#include "gmock/gmock.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "services/intake/testing/sample_request.h"
#include "tests/support/infrastructure.h"
#include "tests/support/service_process.h"

namespace ams {
namespace {

using ::ams::testing::Infrastructure;
using ::ams::testing::ServiceProcess;
using ::ams::testing::WaitFor;
using ::testing::HasSubstr;
namespace enrollment = ams::enrollment::v1;
namespace verification = ams::verification::v1;

constexpr char kAgencyKey[] = "key-agency-dinkes-ev";
constexpr char kDiskominfoKey[] = "key-operator-siti-ev";
constexpr char kBsreKey[] = "key-operator-bsre-ev";
constexpr char kVerifierKey[] = "key-operator-verifier-ev";
constexpr char kLetterReaderKey[] = "key-service-ev-letters";
constexpr char kApplicationReaderKey[] = "key-service-ev-applications";
constexpr char kGatewayKey[] = "key-service-ev-gateway";

std::string Keys() {
  return ams::testing::ApiKeysSetting(
      {{kAgencyKey, "AGENCY agencies/dinkes agencies/dinkes"},
       {kDiskominfoKey, "DISKOMINFO_OP operators/siti"},
       {kBsreKey, "BSRE_OP operators/bsre"},
       {kVerifierKey, "VERIFIER operators/verifier"},
       {kLetterReaderKey, "SERVICE_LETTER_READER services/forwarding"},
       {kApplicationReaderKey, "SERVICE_APPLICATION_READER services/verification"},
       {kGatewayKey, "GATEWAY services/gateway"}});
}

template <typename Service>
std::unique_ptr<typename Service::Stub> Stub(const ServiceProcess* p) {
  return Service::NewStub(grpc::CreateChannel(p->address(), grpc::InsecureChannelCredentials()));
}

// A call with `key`, for the person `actor` in `role` when the key is the gateway's.
std::unique_ptr<grpc::ClientContext> As(const std::string& key, const std::string& actor = "",
                                        const std::string& role = "") {
  auto ctx = std::make_unique<grpc::ClientContext>();
  ctx->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  if (!key.empty()) ctx->AddMetadata("authorization", absl::StrCat("Bearer ", key));
  if (!actor.empty()) ctx->AddMetadata(ams::kActorHeader, actor);
  if (!role.empty()) ctx->AddMetadata(ams::kActorRoleHeader, role);
  return ctx;
}
using Caller = std::function<std::unique_ptr<grpc::ClientContext>()>;

class EnrollmentVerificationTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    Infrastructure& infra = Infrastructure::Get();
    const std::vector<std::string> common = {Keys(),
                                             absl::StrCat("AMS_SMTP_URL=", infra.smtp_url())};
    auto with = [&](std::vector<std::string> more) {
      more.insert(more.end(), common.begin(), common.end());
      return more;
    };
    intake_ = ServiceProcess::Start("intake", with({"AMS_NIK_FINGERPRINT_KEY=ev-key"})).release();
    const std::string intake_addr = absl::StrCat("AMS_INTAKE_ADDR=", intake_->address());
    forwarding_ =
        ServiceProcess::Start(
            "forwarding",
            with({intake_addr, absl::StrCat("AMS_FORWARDING_INTAKE_KEY=", kLetterReaderKey)}))
            .release();
    enrollment_ = StartEnrollment().release();
    verification_ = ServiceProcess::Start(
                        "verification",
                        with({intake_addr,
                              absl::StrCat("AMS_VERIFICATION_INTAKE_KEY=", kApplicationReaderKey)}))
                        .release();
  }
  static std::unique_ptr<ServiceProcess> StartEnrollment() {
    return ServiceProcess::Start(
        "enrollment", {Keys(), absl::StrCat("AMS_SMTP_URL=", Infrastructure::Get().smtp_url()),
                       "AMS_ACTIVATION_LINK_TTL=8s", "AMS_ACTIVATION_REMINDER_LEAD=0s",
                       "AMS_ACTIVATION_BASE_URL=https://ams.example/aktivasi"});
  }
  static void TearDownTestSuite() {
    for (ServiceProcess* p : {verification_, enrollment_, forwarding_, intake_}) delete p;
  }

  // Steps 1 and 2 for applicant `seq`, whose official mailbox is budi<seq>@…; returns the
  // application's name once enrollment has it waiting.
  std::string SubmittedAndForwarded(
      int seq, const Caller& forwarder = [] { return As(kDiskominfoKey); }) {
    auto request = ams::intake::testing::SampleRequest(seq);
    request.mutable_applicant()->set_official_email(absl::StrCat("budi", seq, "@kebumenkab.go.id"));
    ams::intake::v1::SubmitApplicationResponse submitted;
    EXPECT_TRUE(Stub<ams::intake::v1::IntakeService>(intake_)
                    ->SubmitApplication(As(kAgencyKey).get(), request, &submitted)
                    .ok());
    const std::string name = submitted.application().name();
    ams::forwarding::v1::ForwardApplicationRequest forward;
    forward.set_name(absl::StrCat("reviewItems/", name.substr(13)));
    ams::forwarding::v1::ForwardApplicationResponse forwarded;
    EXPECT_TRUE(WaitFor([&] {
      return Stub<ams::forwarding::v1::ForwardingService>(forwarding_)
          ->ForwardApplication(forwarder().get(), forward, &forwarded)
          .ok();
    }));
    return name;
  }
  // Step 3: BSrE registers once enrollment has the forwarded application.
  enrollment::Identity Register(
      const std::string& application, const Caller& registrar = [] { return As(kBsreKey); }) {
    enrollment::RegisterIdentityRequest r;
    r.set_application(application);
    enrollment::RegisterIdentityResponse response;
    grpc::Status s;
    WaitFor([&] {
      s = Stub<enrollment::EnrollmentService>(enrollment_)
              ->RegisterIdentity(registrar().get(), r, &response);
      return s.error_code() != grpc::StatusCode::NOT_FOUND;
    });
    EXPECT_TRUE(s.ok()) << s.error_message();
    return response.identity();
  }
  // The activation mails sent to applicant `seq`, oldest first.
  static std::vector<nlohmann::json> MailsTo(int seq) {
    std::vector<nlohmann::json> out;
    std::string text = ams::testing::MailJson();
    if (text.empty()) return out;
    for (const auto& m : nlohmann::json::parse(text)) {
      if (m["to"][0]["address"] == absl::StrCat("budi", seq, "@kebumenkab.go.id")) out.push_back(m);
    }
    return out;
  }
  static std::string TokenIn(const nlohmann::json& mail) {
    std::string text = mail["text"];
    size_t at = text.find("token=");
    return at == std::string::npos ? "" : text.substr(at + 6, 43);
  }
  std::string AwaitToken(int seq, size_t mail_count) {
    EXPECT_TRUE(WaitFor([&] { return MailsTo(seq).size() >= mail_count; }));
    auto mails = MailsTo(seq);
    return mails.size() >= mail_count ? TokenIn(mails[mail_count - 1]) : "";
  }
  // Step 4, as the applicant's browser would call it (no API key).
  grpc::Status SubmitActivation(
      const std::string& token,
      const std::function<void(enrollment::ActivationData&)>& spoil = nullptr) {
    enrollment::SubmitActivationRequest r;
    r.set_token(token);
    r.mutable_data()->set_address("Jl. Pahlawan No. 1");
    r.mutable_data()->set_city("Kebumen");
    r.mutable_data()->set_province("Jawa Tengah");
    r.mutable_data()->set_ktp_image(ams::testing::MakeJpeg());
    r.mutable_data()->set_appointment_decree_pdf(ams::testing::MakeUnsignedPdf("SK"));
    r.mutable_data()->set_specimen_signature_image(ams::testing::MakePng());
    if (spoil) spoil(*r.mutable_data());
    enrollment::SubmitActivationResponse response;
    return Stub<enrollment::EnrollmentService>(enrollment_)
        ->SubmitActivation(As("").get(), r, &response);
  }
  // Step 5: waits for the case to be open, then decides.
  bool CaseOpen(const std::string& application) {
    return WaitFor([&] {
      verification::GetCaseRequest g;
      g.set_name(absl::StrCat("cases/", application.substr(13)));
      verification::GetCaseResponse c;
      return Stub<verification::VerificationService>(verification_)
                 ->GetCase(As(kVerifierKey).get(), g, &c)
                 .ok() &&
             c.verification_case().state() == verification::VerificationCase::STATE_OPEN;
    });
  }
  grpc::Status Approve(const std::string& application, const std::string& key) {
    return Approve(application, [&] { return As(key); });
  }
  grpc::Status Approve(const std::string& application, const Caller& verifier,
                       verification::ApproveEnrollmentResponse* r = nullptr) {
    verification::ApproveEnrollmentRequest a;
    a.set_name(absl::StrCat("cases/", application.substr(13)));
    verification::ApproveEnrollmentResponse ignored;
    return Stub<verification::VerificationService>(verification_)
        ->ApproveEnrollment(verifier().get(), a, r != nullptr ? r : &ignored);
  }
  static std::vector<std::string> EventTypes(const std::string& topic, const std::string& id,
                                             size_t at_least) {
    std::vector<std::string> types;
    WaitFor([&] {
      types.clear();
      std::set<std::string> seen;
      for (const ConsumedRecord& r : ams::testing::ReadTopic(topic, 1, absl::Seconds(5))) {
        if (ams::testing::HeaderOf(r, "ce_subject") == id &&
            seen.insert(ams::testing::HeaderOf(r, "ce_id")).second) {
          types.push_back(ams::testing::HeaderOf(r, "ce_type"));
        }
      }
      return types.size() >= at_least;
    });
    return types;
  }

  static ServiceProcess* intake_;
  static ServiceProcess* forwarding_;
  static ServiceProcess* enrollment_;
  static ServiceProcess* verification_;
};

ServiceProcess* EnrollmentVerificationTest::intake_ = nullptr;
ServiceProcess* EnrollmentVerificationTest::forwarding_ = nullptr;
ServiceProcess* EnrollmentVerificationTest::enrollment_ = nullptr;
ServiceProcess* EnrollmentVerificationTest::verification_ = nullptr;

TEST_F(EnrollmentVerificationTest, RegisterCompleteAndApprove) {
  const std::string app = SubmittedAndForwarded(3001);
  enrollment::Identity identity = Register(app);
  EXPECT_EQ(identity.username(), "budi3001");
  const std::string token = AwaitToken(3001, 1);
  ASSERT_EQ(token.size(), 43u);
  EXPECT_THAT(MailsTo(3001)[0]["text"].get<std::string>(),
              HasSubstr("https://ams.example/aktivasi?token="));

  enrollment::GetActivationFormRequest form;
  form.set_token(token);
  enrollment::GetActivationFormResponse shown;
  ASSERT_TRUE(Stub<enrollment::EnrollmentService>(enrollment_)
                  ->GetActivationForm(As("").get(), form, &shown)
                  .ok());
  EXPECT_EQ(shown.username(), "budi3001");
  EXPECT_EQ(shown.applicant().nik_masked(), "3305**********01");

  grpc::Status s = SubmitActivation(token);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(SubmitActivation(token).error_code(), grpc::StatusCode::UNAUTHENTICATED);  // used

  ASSERT_TRUE(CaseOpen(app));
  EXPECT_EQ(Approve(app, kDiskominfoKey).error_code(), grpc::StatusCode::PERMISSION_DENIED);
  s = Approve(app, kVerifierKey);
  ASSERT_TRUE(s.ok()) << s.error_message();
  const std::string id = app.substr(13);
  EXPECT_THAT(EventTypes("ams.enrollment.v1", id, 3),
              ::testing::ElementsAre("ams.enrollment.v1.IdentityRegistered",
                                     "ams.enrollment.v1.ActivationLinkIssued",
                                     "ams.enrollment.v1.EnrollmentSubmitted"));
  EXPECT_THAT(EventTypes("ams.verification.v1", id, 1),
              ::testing::ElementsAre("ams.verification.v1.EnrollmentVerified"));
}

// Step 4's hostile uploads, from the public activation page: each answered at once with the
// field named, the link still usable, the service alive.
TEST_F(EnrollmentVerificationTest, HostileDocumentsAreRefusedAndTheLinkStaysUsable) {
  Register(SubmittedAndForwarded(3006));
  const std::string token = AwaitToken(3006, 1);
  const std::string zip_end = std::string("PK\x05\x06", 4) + std::string(18, '\0');
  struct Case {
    const char* what;
    std::function<void(enrollment::ActivationData&)> spoil;
    const char* field;
  } cases[] = {
      {"KTP scan with a ZIP after IEND",
       [&](auto& d) { d.set_ktp_image(ams::testing::MakePng() + zip_end); }, "data.ktp_image"},
      {"specimen that is a PDF",
       [](auto& d) { d.set_specimen_signature_image(ams::testing::MakeUnsignedPdf("x")); },
       "data.specimen_signature_image"},
      {"decree with a page tree 20,000 levels deep",
       [](auto& d) { d.set_appointment_decree_pdf(ams::testing::MakeDeepPageTreePdf(20000)); },
       "data.appointment_decree_pdf"},
      {"decree with JavaScript",
       [](auto& d) {
         d.set_appointment_decree_pdf(ams::testing::MakePdfWithCatalog(
             "/OpenAction << /S /JavaScript /JS (app.alert(1)) >>"));
       },
       "data.appointment_decree_pdf"},
      {"address with a right-to-left override",
       [](auto& d) {
         d.set_address(
             "Jl. Pahlawan \xe2\x80\xae"
             "1 .oN");
       },
       "data.address"},
      {"city that is not UTF-8", [](auto& d) { d.set_city("Keb\xffmen"); }, "data.city"},
  };
  for (const Case& c : cases) {
    const absl::Time start = absl::Now();
    grpc::Status s = SubmitActivation(token, c.spoil);
    EXPECT_LT(absl::Now() - start, absl::Seconds(1)) << c.what;
    EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT)
        << c.what << ": " << s.error_message();
    EXPECT_THAT(s.error_message(), HasSubstr(c.field)) << c.what;
  }
  grpc::Status honest = SubmitActivation(token);
  EXPECT_TRUE(honest.ok()) << honest.error_message();
}

// The gateway acts for people: they are recorded, and separation of duties applies to them,
// not to the gateway's key. Nobody else may name a person.
TEST_F(EnrollmentVerificationTest, TheGatewayActsForPeople) {
  auto person = [](const char* subject, const char* role) {
    return [=] { return As(kGatewayKey, subject, role); };
  };
  const std::string app = SubmittedAndForwarded(3007, person("operators/rina", "DISKOMINFO_OP"));
  enrollment::Identity identity = Register(app, person("operators/bayu", "BSRE_OP"));
  EXPECT_EQ(identity.registered_by().subject(), "operators/bayu");
  EXPECT_EQ(identity.registered_by().via(), "services/gateway");
  ASSERT_TRUE(SubmitActivation(AwaitToken(3007, 1)).ok());
  ASSERT_TRUE(CaseOpen(app));

  // The gateway alone, and an operator's own key naming someone, are refused.
  EXPECT_EQ(Approve(app, [] { return As(kGatewayKey); }).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(
      Approve(app, [] { return As(kVerifierKey, "operators/dewi", "VERIFIER"); }).error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
  // Rina forwarded it: she may not approve it, through the same gateway key as anybody.
  grpc::Status own = Approve(app, person("operators/rina", "VERIFIER"));
  EXPECT_EQ(own.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_THAT(own.error_message(), HasSubstr("separation of duties"));
  verification::ApproveEnrollmentResponse approved;
  grpc::Status s = Approve(app, person("operators/dewi", "VERIFIER"), &approved);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(approved.verification_case().decided_by().subject(), "operators/dewi");
  EXPECT_EQ(approved.verification_case().decided_by().via(), "services/gateway");
}

TEST_F(EnrollmentVerificationTest, RejectedApplicantCorrectsThroughANewLink) {
  const std::string app = SubmittedAndForwarded(3002);
  Register(app);
  ASSERT_TRUE(SubmitActivation(AwaitToken(3002, 1)).ok());
  ASSERT_TRUE(CaseOpen(app));
  verification::RejectEnrollmentRequest reject;
  reject.set_name(absl::StrCat("cases/", app.substr(13)));
  reject.mutable_reason()->set_code(ams::type::v1::REASON_CODE_DOCUMENT_INVALID);
  reject.mutable_reason()->set_text("Foto KTP tidak terbaca.");
  verification::RejectEnrollmentResponse rejected;
  ASSERT_TRUE(Stub<verification::VerificationService>(verification_)
                  ->RejectEnrollment(As(kVerifierKey).get(), reject, &rejected)
                  .ok());
  const std::string correction = AwaitToken(3002, 2);
  EXPECT_THAT(MailsTo(3002)[1]["text"].get<std::string>(), HasSubstr("Foto KTP tidak terbaca."));
  ASSERT_TRUE(SubmitActivation(correction).ok());
  ASSERT_TRUE(CaseOpen(app));
  EXPECT_TRUE(Approve(app, kVerifierKey).ok());
}

TEST_F(EnrollmentVerificationTest, ExpiredLinkIsRefusedThenResent) {
  const std::string app = SubmittedAndForwarded(3003);
  Register(app);
  const std::string old_token = AwaitToken(3003, 1);
  absl::SleepFor(absl::Seconds(9));  // the test service's links last 8 s
  EXPECT_EQ(SubmitActivation(old_token).error_code(), grpc::StatusCode::UNAUTHENTICATED);
  enrollment::ResendActivationLinkRequest resend;
  resend.set_name(absl::StrCat("identities/", app.substr(13)));
  enrollment::ResendActivationLinkResponse resent;
  ASSERT_TRUE(Stub<enrollment::EnrollmentService>(enrollment_)
                  ->ResendActivationLink(As(kBsreKey).get(), resend, &resent)
                  .ok());
  EXPECT_TRUE(SubmitActivation(AwaitToken(3003, 2)).ok());
}

TEST_F(EnrollmentVerificationTest, RestartMakesNoSecondMailOrIdentity) {
  const std::string app = SubmittedAndForwarded(3004);
  enrollment::Identity identity = Register(app);
  AwaitToken(3004, 1);
  enrollment_->Kill();
  delete enrollment_;
  enrollment_ = StartEnrollment().release();
  // A later application flowing through shows the restarted group has caught up.
  const std::string later = SubmittedAndForwarded(3005);
  Register(later);
  AwaitToken(3005, 1);
  EXPECT_EQ(MailsTo(3004).size(), 1u);
  enrollment::GetIdentityRequest g;
  g.set_name(identity.name());
  enrollment::GetIdentityResponse got;
  ASSERT_TRUE(Stub<enrollment::EnrollmentService>(enrollment_)
                  ->GetIdentity(As(kBsreKey).get(), g, &got)
                  .ok());
  EXPECT_EQ(got.identity().create_time().seconds(), identity.create_time().seconds());
}

}  // namespace
}  // namespace ams
