// The operators' dashboard against the real pipeline: every service as its own process on
// the real Kafka broker, redis-server and SMTP server, ams-gateway in front, and Debian's
// Chromium driven by playwright-core (services/gateway/web/e2e/dashboard.mjs) as the
// operators. Between the operators' screens, the agency's system and the applicant act over
// gRPC as they would.
#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "ams/audit/v1/audit_service.grpc.pb.h"
#include "ams/intake/v1/intake_service.grpc.pb.h"
#include "common/redis_kv_store.h"
#include "common/testing/image_fixtures.h"
#include "common/testing/pdf_fixtures.h"
#include "google/protobuf/util/json_util.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "re2/re2.h"
#include "tests/support/infrastructure.h"
#include "tests/support/service_process.h"
#include "tests/support/sop_actors.h"

namespace ams {
namespace {

using ::ams::testing::Infrastructure;
using ::ams::testing::ServiceProcess;

constexpr int kDistrict = 92;  // NIKs and mailboxes of this test only
constexpr char kAgencyKey[] = "key-agency-dashboard";
constexpr char kLetterReaderKey[] = "key-service-dashboard-letters";
constexpr char kApplicationReaderKey[] = "key-service-dashboard-applications";
constexpr char kGatewayKey[] = "key-gateway-dashboard";
constexpr char kAuditorKey[] = "key-auditor-dashboard";
constexpr char kPassword[] = "dashboard-test-password";
constexpr absl::Duration kMailWait = absl::Seconds(30);

std::string Keys() {
  return ams::testing::ApiKeysSetting(
      {{kAgencyKey, "AGENCY agencies/dinkes agencies/dinkes"},
       {kLetterReaderKey, "SERVICE_LETTER_READER services/forwarding"},
       {kApplicationReaderKey, "SERVICE_APPLICATION_READER services/verification"},
       {kGatewayKey, "GATEWAY services/gateway"},
       {kAuditorKey, "AUDITOR operators/auditor-dashboard"}});
}

class DashboardTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    Infrastructure& infra = Infrastructure::Get();
    const ams::testing::SuiteServices start(Keys());
    // Intake mails through a server that refuses the mailboxes "salah.*" for good, as a real
    // MTA refuses an unknown one: its mail to them is parked for the admin.
    infra.smtp_url();  // installs smtp-server with maildev
    const int refusing_port = ams::testing::FreePort();
    refusing_smtp_log_ = new std::string(infra.temp_dir() + "/refusing-smtp.log");
    refusing_smtp_ = ams::testing::Spawn(
        {"node", absl::StrCat(AMS_SOURCE_DIR, "/tests/support/idle_smtp_server.cjs"),
         absl::StrCat(AMS_SOURCE_DIR, "/deploy/maildev/node_modules/smtp-server"),
         absl::StrCat(refusing_port), "60000", "salah."},
        *refusing_smtp_log_);
    ASSERT_TRUE(ams::testing::WaitFor([] {
      return ams::testing::ReadWholeFile(*refusing_smtp_log_).find("listening") !=
             std::string::npos;
    }));
    intake_ = ServiceProcess::Start("intake",
                                    {Keys(), "AMS_NIK_FINGERPRINT_KEY=dashboard-key",
                                     absl::StrCat("AMS_SMTP_URL=smtp://127.0.0.1:", refusing_port)})
                  .release();
    const std::string intake_addr = absl::StrCat("AMS_INTAKE_ADDR=", intake_->address());
    forwarding_ = start(
        "forwarding", {intake_addr, absl::StrCat("AMS_FORWARDING_INTAKE_KEY=", kLetterReaderKey)});
    enrollment_ = start("enrollment", {});
    verification_ =
        start("verification",
              {intake_addr, absl::StrCat("AMS_VERIFICATION_INTAKE_KEY=", kApplicationReaderKey)});
    audit_ = start("audit", {absl::StrCat("AMS_AUDIT_SIGNING_KEY=", std::string(64, 'a')),
                             "AMS_AUDIT_ORDER_GRACE=500ms"});
    const std::string fetch_log = infra.temp_dir() + "/passwords-fetch.log";
    ASSERT_EQ(ams::testing::RunToCompletion(
                  {std::string(AMS_SOURCE_DIR) + "/deploy/passwords/fetch.sh"}, fetch_log),
              0)
        << ams::testing::ReadWholeFile(fetch_log);
    credential_ =
        start("credential", {absl::StrCat("AMS_CREDENTIAL_COMMON_PASSWORDS_FILE=", AMS_SOURCE_DIR,
                                          "/.cache/passwords/common-passwords.txt")});
    WriteUploads(infra);
    StartGateway(infra);
    ams::testing::SopEndpoints endpoints{intake_->address(),
                                         forwarding_->address(),
                                         enrollment_->address(),
                                         verification_->address(),
                                         "",
                                         kAgencyKey,
                                         "",
                                         "",
                                         ""};
    actors_ = new ams::testing::SopActors(endpoints);
    mailbox_ = new ams::testing::Mailbox(absl::StrCat("http://127.0.0.1:", infra.mail_api_port()));
  }

  static void StartGateway(Infrastructure& infra) {
    const std::string gateway = absl::StrCat(AMS_BINARY_DIR, "/services/gateway/ams-gateway");
    const std::vector<std::string> env = {
        absl::StrCat("AMS_REDIS_ADDR=", infra.redis_address()),
        absl::StrCat("AMS_KAFKA_BROKERS=", infra.kafka_brokers()),
        "AMS_ARGON2_MEMORY_KIB=8",
        "AMS_ARGON2_ITERATIONS=1",
        "AMS_GATEWAY_ADDR=127.0.0.1:0",
        absl::StrCat("AMS_GATEWAY_WEB_ROOT=", AMS_SOURCE_DIR, "/services/gateway/web/dist"),
        absl::StrCat("AMS_GATEWAY_API_KEY=", kGatewayKey),
        absl::StrCat("AMS_GATEWAY_SECRET_KEY=", std::string(64, 'c')),
        absl::StrCat("AMS_INTAKE_ADDR=", intake_->address()),
        absl::StrCat("AMS_FORWARDING_ADDR=", forwarding_->address()),
        absl::StrCat("AMS_ENROLLMENT_ADDR=", enrollment_->address()),
        absl::StrCat("AMS_VERIFICATION_ADDR=", verification_->address()),
        absl::StrCat("AMS_AUDIT_ADDR=", audit_->address()),
        absl::StrCat("AMS_CREDENTIAL_ADDR=", credential_->address())};
    // The operators of e2e/dashboard.mjs; `ganda` holds two roles.
    for (const auto& [id, name, roles] :
         std::vector<std::tuple<std::string, std::string, std::string>>{
             {"diskominfo", "Siti Rahmawati", "DISKOMINFO_OP"},
             {"diskominfo2", "Agus Prasetyo", "DISKOMINFO_OP"},
             {"bsre", "Wahyu Nugroho", "BSRE_OP"},
             {"verifikator", "Dewi Lestari", "VERIFIER"},
             {"ganda", "Rudi Hartono", "DISKOMINFO_OP,VERIFIER"},
             {"admin", "Admin Diskominfo", "ADMIN"},
             {"admin2", "Admin Surel", "ADMIN"},
             {"auditor", "Inspektur Yudha", "AUDITOR"},
             {"instansi", "Nur Hidayah (Dinkes)", "AGENCY agencies/dinkes"}}) {
      const std::string command =
          absl::StrCat("echo ", kPassword, " | env ", absl::StrJoin(env, " "), " '", gateway,
                       "' admin create operators/", id, " '", name, "' ", roles);
      ASSERT_EQ(ams::testing::RunToCompletion({"/bin/sh", "-c", command},
                                              infra.temp_dir() + "/gateway-admin.log"),
                0)
          << ams::testing::ReadWholeFile(infra.temp_dir() + "/gateway-admin.log");
    }
    gateway_log_ = new std::string(infra.temp_dir() + "/gateway.log");
    gateway_pid_ = ams::testing::Spawn({gateway}, *gateway_log_, env);
    int port = 0;
    ASSERT_TRUE(ams::testing::WaitFor([&] {
      return RE2::PartialMatch(ams::testing::ReadWholeFile(*gateway_log_),
                               R"(ams-gateway http=(\d+))", &port);
    })) << ams::testing::ReadWholeFile(*gateway_log_);
    gateway_url_ = new std::string(absl::StrCat("http://127.0.0.1:", port));
  }

  // What the applicant uploads from their phone: a KTP scan, the SK, a specimen signature, and
  // a PDF named as a picture.
  static void WriteUploads(Infrastructure& infra) {
    uploads_ = new std::string(infra.temp_dir() + "/uploads");
    ASSERT_EQ(system(absl::StrCat("mkdir -p ", *uploads_).c_str()), 0);
    for (const auto& [name, bytes] : std::vector<std::pair<std::string, std::string>>{
             {"ktp.png", ams::testing::MakePng(428, 270)},
             {"sk.pdf", ams::testing::MakeUnsignedPdf("Surat Keputusan Pengangkatan")},
             {"spesimen.png", ams::testing::MakePng(240, 100)},
             {"ktp-polyglot.png", ams::testing::MakeUnsignedPdf("not a picture")}}) {
      std::ofstream(*uploads_ + "/" + name, std::ios::binary) << bytes;
    }
  }

  static void TearDownTestSuite() {
    if (gateway_pid_ > 0) ams::testing::Terminate(gateway_pid_);
    if (refusing_smtp_ > 0) ams::testing::Terminate(refusing_smtp_);
    delete mailbox_;
    delete actors_;
    for (ServiceProcess* p :
         {credential_, audit_, verification_, enrollment_, forwarding_, intake_}) {
      delete p;
    }
  }

  // The command of one phase of e2e/dashboard.mjs, and where its output goes.
  static std::vector<std::string> Phase(const std::string& phase, const std::string& applicant,
                                        const std::string& reason) {
    return {"/usr/bin/env",
            absl::StrCat("AMSTEST_GATEWAY_URL=", *gateway_url_),
            absl::StrCat("AMSTEST_SCREENSHOT_DIR=", AMS_BINARY_DIR, "/screenshots"),
            absl::StrCat("AMSTEST_PASSWORD=", kPassword),
            absl::StrCat("AMSTEST_APPLICANT=", applicant),
            absl::StrCat("AMSTEST_REASON=", reason),
            "node",
            absl::StrCat(AMS_SOURCE_DIR, "/services/gateway/web/e2e/dashboard.mjs"),
            phase};
  }
  static std::string PhaseLog(const std::string& phase) {
    return absl::StrCat(Infrastructure::Get().temp_dir(), "/browser-", phase, ".log");
  }
  // Its output is printed when it failed.
  static void ExpectPassed(const std::string& phase, int status) {
    EXPECT_EQ(status, 0) << "phase " << phase << " failed:\n"
                         << ams::testing::ReadWholeFile(PhaseLog(phase)) << "\ngateway log:\n"
                         << ams::testing::ReadWholeFile(*gateway_log_);
  }
  static void Screens(const std::string& phase, const std::string& applicant,
                      const std::string& reason = "") {
    ExpectPassed(phase,
                 ams::testing::RunToCompletion(Phase(phase, applicant, reason), PhaseLog(phase)));
  }

  // Step 1 by the agency's user on the agency's page (an agency without a system of its own);
  // the application's name as the page showed it.
  static std::pair<std::string, std::string> SubmitOnTheAgencyPage(int index,
                                                                   const std::string& name) {
    ams::intake::v1::SubmitApplicationRequest r = ams::testing::ApplicantRequest(kDistrict, index);
    r.mutable_applicant()->set_full_name(name);
    r.mutable_applicant()->clear_agency();  // the user's own
    std::string json;
    EXPECT_TRUE(google::protobuf::util::MessageToJsonString(r.applicant(), &json).ok());
    const std::string letter = *uploads_ + "/surat-rekomendasi.pdf";
    std::ofstream(letter, std::ios::binary) << r.recommendation_letter().pdf();
    setenv("AMSTEST_AGENCY_OPERATOR", "instansi", 1);
    setenv("AMSTEST_APPLICATION_JSON", json.c_str(), 1);
    setenv("AMSTEST_LETTER", letter.c_str(), 1);
    setenv("AMSTEST_SUPERIOR_NAME", r.recommendation_letter().superior_name().c_str(), 1);
    setenv("AMSTEST_SUPERIOR_NIP", r.recommendation_letter().superior_nip().c_str(), 1);
    Screens("agency-submit", name);
    std::string application;
    EXPECT_TRUE(RE2::PartialMatch(ams::testing::ReadWholeFile(PhaseLog("agency-submit")),
                                  R"(APPLICATION (applications/[0-9a-f-]+))", &application));
    return {application, r.applicant().official_email()};
  }

  // Step 1 by the agency's system, for an applicant named `name`.
  static std::pair<std::string, std::string> Submit(int index, const std::string& name) {
    ams::intake::v1::SubmitApplicationRequest r = ams::testing::ApplicantRequest(kDistrict, index);
    r.mutable_applicant()->set_full_name(name);
    absl::StatusOr<std::string> application = actors_->Submit(r);
    EXPECT_TRUE(application.ok()) << application.status();
    return {application.value_or(""), r.applicant().official_email()};
  }

  // Step 4 by the applicant on their phone's browser, from the link in the activation mail.
  static void ActivateOnAPhone(const std::string& address) {
    absl::StatusOr<std::string> token = mailbox_->AwaitActivationToken(address, kMailWait);
    ASSERT_TRUE(token.ok()) << token.status();
    setenv("AMSTEST_ACTIVATION_TOKEN", token->c_str(), 1);
    setenv("AMSTEST_KTP", (*uploads_ + "/ktp.png").c_str(), 1);
    setenv("AMSTEST_DECREE", (*uploads_ + "/sk.pdf").c_str(), 1);
    setenv("AMSTEST_SPECIMEN", (*uploads_ + "/spesimen.png").c_str(), 1);
    setenv("AMSTEST_POLYGLOT", (*uploads_ + "/ktp-polyglot.png").c_str(), 1);
    Screens("applicant-activate", "");
  }
  // Steps 7 and 8 by the applicant, with the mailed password; the username is the mailbox's
  // local part (enrollment derives it so).
  static void LogInAndChangePassword(const std::string& address) {
    absl::StatusOr<std::string> password = mailbox_->AwaitInitialPassword(address, kMailWait);
    ASSERT_TRUE(password.ok()) << password.status();
    setenv("AMSTEST_USERNAME", UsernameOf(address).c_str(), 1);
    setenv("AMSTEST_INITIAL_PASSWORD", password->c_str(), 1);
    Screens("applicant-account", "");
  }
  static std::string UsernameOf(const std::string& address) {
    return absl::AsciiStrToLower(address.substr(0, address.find('@')));
  }

  // Step 4 by the applicant, from the activation mail.
  static void Activate(const std::string& address) {
    absl::StatusOr<std::string> token = mailbox_->AwaitActivationToken(address, kMailWait);
    ASSERT_TRUE(token.ok()) << token.status();
    ASSERT_TRUE(actors_->SubmitActivation(*token).ok());
  }

  static ServiceProcess *intake_, *forwarding_, *enrollment_, *verification_, *audit_, *credential_;
  static std::string* uploads_;
  static ams::testing::SopActors* actors_;
  static ams::testing::Mailbox* mailbox_;
  static std::string *gateway_url_, *gateway_log_, *refusing_smtp_log_;
  static pid_t gateway_pid_, refusing_smtp_;
};

ServiceProcess* DashboardTest::intake_ = nullptr;
ServiceProcess* DashboardTest::forwarding_ = nullptr;
ServiceProcess* DashboardTest::enrollment_ = nullptr;
ServiceProcess* DashboardTest::verification_ = nullptr;
ServiceProcess* DashboardTest::audit_ = nullptr;
ServiceProcess* DashboardTest::credential_ = nullptr;
std::string* DashboardTest::uploads_ = nullptr;
ams::testing::SopActors* DashboardTest::actors_ = nullptr;
ams::testing::Mailbox* DashboardTest::mailbox_ = nullptr;
std::string* DashboardTest::gateway_url_ = nullptr;
std::string* DashboardTest::gateway_log_ = nullptr;
std::string* DashboardTest::refusing_smtp_log_ = nullptr;
pid_t DashboardTest::gateway_pid_ = -1;
pid_t DashboardTest::refusing_smtp_ = -1;

TEST_F(DashboardTest, ThreeOperatorsTakeAnApplicationThroughTheirScreens) {
  auto [application, address] = Submit(1, "Rini Astuti Handayani");
  Screens("forward", "Rini Astuti Handayani");
  Screens("register", "Rini Astuti Handayani");
  Activate(address);
  Screens("approve", "Rini Astuti Handayani");
}

// The whole SOP in browsers: the agency's user submits on the agency's page, Diskominfo
// forwards, BSrE registers, the applicant activates on a phone from the mailed link (uploads, a
// refused polyglot, a forbidden character), the verifier approves, the applicant logs in with
// the mailed password and changes it, and the auditor sees every step done within its standard
// time and finds the application in a verified ledger.
TEST_F(DashboardTest, TheWholeSopInBrowsersWithTheApplicantOnAPhone) {
  const std::string name = "Ratna Dewi Anggraini";
  auto [application, address] = SubmitOnTheAgencyPage(12, name);
  ASSERT_FALSE(application.empty());
  Screens("forward", name);
  Screens("register", name);
  ActivateOnAPhone(address);
  Screens("approve", name);
  LogInAndChangePassword(address);
  setenv("AMSTEST_APPLICATION", application.c_str(), 1);
  Screens("auditor-timeline", name);
  Screens("auditor", name);
}

// A link that is unknown, used or expired says so alike, and how to get a new one.
TEST_F(DashboardTest, ALinkThatCannotBeUsedSaysHowToGetANewOne) {
  Screens("applicant-link-invalid", "");
}

// 72 hours pass without the applicant opening the link: it has expired, and the page says so
// as it says for any link that cannot be used, with how to get a new one. (The test moves the
// link's expiry into the past in enrollment's record, as the hours would.)
TEST_F(DashboardTest, AnExpiredLinkSaysHowToGetANewOne) {
  const std::string name = "Kurniawan Adi Saputra";
  auto [application, address] = Submit(15, name);
  Screens("forward", name);
  Screens("register", name);
  absl::StatusOr<std::string> token = mailbox_->AwaitActivationToken(address, kMailWait);
  ASSERT_TRUE(token.ok()) << token.status();
  ams::RedisOptions redis;
  redis.address = Infrastructure::Get().redis_address();
  absl::StatusOr<std::unique_ptr<ams::RedisKvStore>> kv = ams::RedisKvStore::Create(redis);
  ASSERT_TRUE(kv.ok()) << kv.status();
  const std::string record =
      ams::TaggedKey("enrollment", application.substr(strlen("applications/")), "record");
  ASSERT_EQ((*kv)->Run({"HEXISTS", record, "link_expire_ms"})->integer, 1) << record;
  ASSERT_TRUE((*kv)->Run({"HSET", record, "link_expire_ms", "1"}).ok());
  setenv("AMSTEST_ACTIVATION_TOKEN", token->c_str(), 1);
  Screens("applicant-link-expired", "");
}

// The status page the mails link to: where the application stands, step by step.
TEST_F(DashboardTest, TheStatusPageSaysWhereAnApplicationStands) {
  const std::string name = "Endang Sulistyowati";
  auto [application, address] = Submit(16, name);
  Screens("forward", name);
  // The audit service has taken in the forward: the page will say step 3.
  auto audit = ams::audit::v1::AuditService::NewStub(
      grpc::CreateChannel(audit_->address(), grpc::InsecureChannelCredentials()));
  ASSERT_TRUE(ams::testing::WaitFor(
      [&] {
        grpc::ClientContext ctx;
        ctx.AddMetadata("authorization", absl::StrCat("Bearer ", kAuditorKey));
        ams::audit::v1::GetApplicationStatusRequest request;
        request.set_application(application);
        ams::audit::v1::GetApplicationStatusResponse status;
        return audit->GetApplicationStatus(&ctx, request, &status).ok() &&
               status.step() == ams::type::v1::SOP_STEP_REGISTER_IDENTITY;
      },
      absl::Seconds(30)));
  setenv("AMSTEST_APPLICATION", application.c_str(), 1);
  Screens("applicant-status", name);
}

// Wrong passwords until the account locks for this browser: even the right one is refused
// then, and the page says that failures lock it.
TEST_F(DashboardTest, WrongPasswordsLockTheAccount) {
  const std::string name = "Slamet Riyadi Purnomo";
  auto [application, address] = Submit(13, name);
  Screens("forward", name);
  Screens("register", name);
  Activate(address);
  Screens("approve", name);
  absl::StatusOr<std::string> password = mailbox_->AwaitInitialPassword(address, kMailWait);
  ASSERT_TRUE(password.ok()) << password.status();
  setenv("AMSTEST_USERNAME", UsernameOf(address).c_str(), 1);
  setenv("AMSTEST_INITIAL_PASSWORD", password->c_str(), 1);
  Screens("applicant-lockout", "");
}

TEST_F(DashboardTest, AReturnAndARejectionReachTheScreensAsWritten) {
  const std::string name = "Bambang Sutrisno Wibowo";
  auto [application, address] = Submit(2, name);
  Screens("return", name, "NIP pada surat berbeda dengan NIP di data pemohon; mohon diperbaiki.");
  ams::type::v1::ApplicantIdentity corrected =
      ams::testing::ApplicantRequest(kDistrict, 2).applicant();
  corrected.set_full_name(name);
  ASSERT_TRUE(actors_->Resubmit(application, corrected).ok());
  Screens("forward", name);
  Screens("register", name);
  Activate(address);
  Screens("reject", name, "Foto KTP buram — unggah ulang pindaian yang terbaca, ya.");
  // Corrected by the applicant from the new link the rejection mailed, then approved.
  ActivateOnAPhone(address);
  Screens("approve", name);
}

TEST_F(DashboardTest, TwoOperatorsClaimingOneItemGetOneClaim) {
  Submit(3, "Sri Wahyuni Kusuma");
  Screens("claim-conflict", "Sri Wahyuni Kusuma");
}

TEST_F(DashboardTest, SeparationOfDutiesIsShownToWhoForwarded) {
  auto [application, address] = Submit(4, "Joko Susilo Pranoto");
  Screens("sod-forward", "Joko Susilo Pranoto");
  Screens("register", "Joko Susilo Pranoto");
  Activate(address);
  Screens("sod-approve", "Joko Susilo Pranoto");
  // A morning's queue for the screenshots of every screen (README, docs/img/).
  Submit(6, "Dwi Handayani Putri");
  Submit(7, "Agus Salim Nugroho");
  Submit(8, "Fitri Nur Aisyah");
  Screens("screens", "Joko Susilo Pranoto");
}

// A queue open on a screen hears of a new application at once, without reordering under the
// operator's hand: "1 baru — muat".
TEST_F(DashboardTest, AnOpenQueueHearsOfANewApplication) {
  const std::string name = "Wulan Sari Dewanti";
  const pid_t browser =
      ams::testing::Spawn(Phase("live-update", name, ""), PhaseLog("live-update"));
  ASSERT_TRUE(ams::testing::WaitFor(
      [&] {
        return ams::testing::ReadWholeFile(PhaseLog("live-update")).find("READY") !=
               std::string::npos;
      },
      absl::Seconds(60)))
      << ams::testing::ReadWholeFile(PhaseLog("live-update"));
  Submit(5, name);
  int status = 0;
  ASSERT_EQ(waitpid(browser, &status, 0), browser);
  ExpectPassed("live-update", status);
}

TEST_F(DashboardTest, AnAdminEnrolsASecondFactorAndSignsInWithIt) { Screens("admin-totp", ""); }

TEST_F(DashboardTest, AnOperatorEndsASessionLeftOpenElsewhere) { Screens("sessions", ""); }

// The auditor finds an application's events in the ledger, verifies the ledger, downloads it
// and reads the SLA report, from the screens.
TEST_F(DashboardTest, AnAuditorSearchesVerifiesAndExportsTheLedger) {
  const std::string name = "Yuliana Kartika Sari";
  const std::string application = Submit(10, name).first;
  Screens("forward", name);
  // The audit service has taken in the forward.
  auto audit = ams::audit::v1::AuditService::NewStub(
      grpc::CreateChannel(audit_->address(), grpc::InsecureChannelCredentials()));
  ASSERT_TRUE(ams::testing::WaitFor(
      [&] {
        grpc::ClientContext ctx;
        ctx.AddMetadata("authorization", absl::StrCat("Bearer ", kAuditorKey));
        ams::audit::v1::GetTimelineRequest request;
        request.set_application(application);
        ams::audit::v1::GetTimelineResponse timeline;
        if (!audit->GetTimeline(&ctx, request, &timeline).ok()) return false;
        for (const auto& e : timeline.ledger_entries()) {
          if (e.event_type() == "ams.forwarding.v1.ApplicationForwarded") return true;
        }
        return false;
      },
      absl::Seconds(30)));
  setenv("AMSTEST_APPLICATION", application.c_str(), 1);
  Screens("auditor", name);
}

// Every operator's overview: where applications stand now, completed per day, the SLA
// shares and the oldest waiting, from the audit service's ledger.
TEST_F(DashboardTest, AnOperatorSeesWhereApplicationsStand) {
  Submit(11, "Teguh Santoso Wibisono");
  Screens("overview", "");
}

// The admin adds an operator (a password shown once), changes their roles, resets and deletes
// them; issues an agency's API key on the screen, which intake then accepts, and revokes it,
// after which intake refuses it.
TEST_F(DashboardTest, AnAdminManagesOperatorsAndAgencyKeys) {
  Screens("admin-people", "");
  const std::string log = ams::testing::ReadWholeFile(PhaseLog("admin-people"));
  std::string key;
  ASSERT_TRUE(RE2::PartialMatch(log, R"(APIKEY (ams_[A-Za-z0-9_-]+))", &key)) << log;
  auto intake = ams::intake::v1::IntakeService::NewStub(
      grpc::CreateChannel(intake_->address(), grpc::InsecureChannelCredentials()));
  auto list = [&]() {
    grpc::ClientContext ctx;
    ctx.AddMetadata("authorization", absl::StrCat("Bearer ", key));
    ams::intake::v1::ListApplicationsResponse response;
    return intake->ListApplications(&ctx, {}, &response).error_code();
  };
  // Every replica follows the access topic: within moments, whichever answers.
  EXPECT_TRUE(
      ams::testing::WaitFor([&] { return list() == grpc::StatusCode::OK; }, absl::Seconds(10)));
  setenv("AMSTEST_KEY_LABEL", "Sistem SIMPEG Bappeda", 1);
  Screens("admin-key-revoke", "");
  EXPECT_TRUE(ams::testing::WaitFor([&] { return list() == grpc::StatusCode::UNAUTHENTICATED; },
                                    absl::Seconds(10)));
}

// The applicant's mailbox was mistyped: intake's mail telling them of the return is refused
// for good and parked; the admin corrects the address and sends it again, from the screen.
TEST_F(DashboardTest, AnAdminResendsAMailTheServerRefused) {
  const std::string name = "Hendra Gunawan Saputra";
  ams::intake::v1::SubmitApplicationRequest r = ams::testing::ApplicantRequest(kDistrict, 9);
  r.mutable_applicant()->set_full_name(name);
  r.mutable_applicant()->set_official_email("salah.hendra@kebumenkab.go.id");
  ASSERT_TRUE(actors_->Submit(r).ok());
  Screens("return", name, "Alamat surel pemohon perlu diperiksa.");
  ASSERT_TRUE(ams::testing::WaitFor(
      [] {
        return ams::testing::ReadWholeFile(*refusing_smtp_log_)
                   .find("refused salah.hendra@kebumenkab.go.id") != std::string::npos;
      },
      absl::Seconds(30)));
  setenv("AMSTEST_PARKED_TO", "salah.hendra@kebumenkab.go.id", 1);
  setenv("AMSTEST_CORRECTED_TO", "hendra.gunawan@kebumenkab.go.id", 1);
  Screens("parked-mail", name);
  // Sent again, to the corrected mailbox, by intake's mail sender.
  EXPECT_TRUE(ams::testing::WaitFor(
      [] {
        return ams::testing::ReadWholeFile(*refusing_smtp_log_)
                   .find("hendra.gunawan@kebumenkab.go.id") != std::string::npos;
      },
      absl::Seconds(30)))
      << ams::testing::ReadWholeFile(*refusing_smtp_log_);
}

}  // namespace
}  // namespace ams
