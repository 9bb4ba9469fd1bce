// The attacks of docs/security.md, sent to a running ams-intake over gRPC the way a
// neighbouring agency's key could send them: each is answered within a second with
// INVALID_ARGUMENT naming the field (never a crash, never INTERNAL or UNIMPLEMENTED), and the
// service still serves an honest submission afterwards. Also: API keys rotate and are revoked
// in the running process by editing its key file.
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <fstream>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "ams/intake/v1/intake_service.grpc.pb.h"
#include "common/hashing.h"
#include "common/testing/pdf_fixtures.h"
#include "gmock/gmock.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "grpcpp/generic/generic_stub.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "services/intake/testing/sample_request.h"
#include "tests/support/infrastructure.h"
#include "tests/support/service_process.h"

namespace ams {
namespace {

using ::testing::HasSubstr;
using testing::Infrastructure;
using testing::ServiceProcess;
namespace ipb = ams::intake::v1;

constexpr char kKey[] = "key-hostile-dinkes";
constexpr char kRotatedKey[] = "key-hostile-dinkes-rotated";

std::string KeyLine(const std::string& key) {
  return absl::StrCat(Sha256Hex(key), " AGENCY agencies/dinkes agencies/dinkes\n");
}

struct Answer {
  grpc::Status status;
  std::string field;  // the first field violation, if any
  absl::Duration took;
};

class HostileInputTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    Infrastructure& infra = Infrastructure::Get();
    keys_file_ = new std::string(absl::StrCat(infra.temp_dir(), "/hostile-keys.txt"));
    WriteKeys(KeyLine(kKey));
    intake_ = ServiceProcess::Start("intake",
                                    {absl::StrCat("AMS_API_KEYS_FILE=", *keys_file_),
                                     "AMS_NIK_FINGERPRINT_KEY=hostile-key",
                                     absl::StrCat("AMS_SMTP_URL=", infra.smtp_url()),
                                     // The attack's letter was 442 KB; ours spells the objects out.
                                     "AMS_INTAKE_MAX_LETTER_BYTES=8388608"})
                  .release();
  }
  static void TearDownTestSuite() { delete intake_; }

  static void WriteKeys(const std::string& text) {
    std::ofstream out(*keys_file_ + ".tmp");
    out << text;
    out.close();
    std::rename((*keys_file_ + ".tmp").c_str(), keys_file_->c_str());
  }

  // Sends `bytes` as the body of SubmitApplication, whatever they are.
  static Answer SubmitBytes(const std::string& bytes, const std::string& key = kKey) {
    grpc::GenericStub stub(
        grpc::CreateChannel(intake_->address(), grpc::InsecureChannelCredentials()));
    grpc::ClientContext ctx;
    ctx.AddMetadata("authorization", absl::StrCat("Bearer ", key));
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    grpc::Slice slice(bytes);
    grpc::ByteBuffer request(&slice, 1), response;
    std::mutex mu;
    std::condition_variable cv;
    bool done = false;
    Answer answer;
    const absl::Time start = absl::Now();
    stub.UnaryCall(&ctx, "/ams.intake.v1.IntakeService/SubmitApplication", grpc::StubOptions(),
                   &request, &response, [&](grpc::Status s) {
                     std::lock_guard<std::mutex> lock(mu);
                     answer.status = std::move(s);
                     done = true;
                     cv.notify_one();
                   });
    std::unique_lock<std::mutex> lock(mu);
    cv.wait(lock, [&] { return done; });
    answer.took = absl::Now() - start;
    google::rpc::Status rich;
    google::rpc::BadRequest bad;
    if (rich.ParseFromString(answer.status.error_details())) {
      for (const auto& detail : rich.details()) {
        if (detail.UnpackTo(&bad) && bad.field_violations_size() > 0) {
          answer.field = bad.field_violations(0).field();
        }
      }
    }
    return answer;
  }

  static ipb::SubmitApplicationRequest WithLetter(int seq, const std::string& pdf) {
    ipb::SubmitApplicationRequest r = ams::intake::testing::SampleRequest(seq);
    r.mutable_recommendation_letter()->set_pdf(pdf);
    return r;
  }

  static void ExpectRefused(const std::string& what, const std::string& bytes,
                            const std::string& field, const std::string& reason) {
    Answer a = SubmitBytes(bytes);
    EXPECT_EQ(a.status.error_code(), grpc::StatusCode::INVALID_ARGUMENT)
        << what << ": " << a.status.error_message();
    EXPECT_EQ(a.field, field) << what;
    EXPECT_THAT(a.status.error_message(), HasSubstr(reason)) << what;
    EXPECT_LT(a.took, absl::Seconds(1)) << what;
    std::printf("hostile: %-44s %6.0f ms  %s\n", what.c_str(), absl::ToDoubleMilliseconds(a.took),
                a.status.error_message().c_str());
  }

  static ServiceProcess* intake_;
  static std::string* keys_file_;
};

ServiceProcess* HostileInputTest::intake_ = nullptr;
std::string* HostileInputTest::keys_file_ = nullptr;

TEST_F(HostileInputTest, EveryAttackIsAnsweredAndTheServiceLivesOn) {
  const std::string pdf = testing::MakeUnsignedPdf("Surat Rekomendasi");
  const std::string letter = "recommendation_letter.pdf";
  auto refuse_letter = [&](const std::string& what, const std::string& bytes,
                           const std::string& reason) {
    ExpectRefused(what, WithLetter(1, bytes).SerializeAsString(), letter, reason);
  };
  // Letters (SOP step 1): depth, polyglots, active content, broken files.
  refuse_letter("page tree 50,000 levels deep", testing::MakeDeepPageTreePdf(50000),
                "nested deeper");
  refuse_letter("ZIP holding a PDF",
                std::string("PK\x03\x04", 4) + std::string(26, '\0') + pdf +
                    std::string("PK\x05\x06", 4) + std::string(18, '\0'),
                "%PDF-");
  refuse_letter("PDF behind a 100-byte MZ prefix", "MZ" + std::string(98, '\x90') + pdf, "%PDF-");
  refuse_letter("PDF with a ZIP after %%EOF",
                pdf + std::string("PK\x05\x06", 4) + std::string(18, '\0'), "ZIP");
  std::string zip_inside = pdf;  // the ZIP's comment covers the PDF's tail
  zip_inside.insert(zip_inside.find("xref"),
                    std::string("PK\x05\x06", 4) + std::string(16, '\0') + "\xff\xff");
  refuse_letter("PDF with a ZIP inside", zip_inside, "ZIP");
  refuse_letter("PDF with HTML after %%EOF", pdf + "<html><script>alert(1)</script>", "%%EOF");
  refuse_letter("OpenAction JavaScript",
                testing::MakePdfWithCatalog("/OpenAction << /S /JavaScript /JS (app.alert(1)) >>"),
                "active content");
  refuse_letter("Launch action",
                testing::MakePdfWithCatalog("/OpenAction 6 0 R", {"<< /S /Launch /F (cmd.exe) >>"}),
                "active content");
  refuse_letter(
      "embedded file",
      testing::MakePdfWithCatalog("/Names << /EmbeddedFiles << /Names [(a.exe) 6 0 R] >> >>",
                                  {"<< /Type /Filespec /F (a.exe) /EF << /F 7 0 R >> >>",
                                   "<< /Type /EmbeddedFile /Length 2 >>\nstream\nMZ\nendstream"}),
      "active content");
  std::string broken_xref = pdf;
  broken_xref.replace(broken_xref.find("xref"), 4, "xre!");
  refuse_letter("broken cross-reference table", broken_xref, "not a readable PDF");
  refuse_letter("truncated letter", pdf.substr(0, pdf.size() / 2) + "\n%%EOF\n",
                "not a readable PDF");

  // Identity rules: invalid UTF-8 (which protobuf itself refuses), bidi and line controls.
  std::string name_placeholder(8, 'Q');
  ipb::SubmitApplicationRequest r = ams::intake::testing::SampleRequest(2);
  r.mutable_applicant()->set_full_name(name_placeholder);
  std::string invalid_utf8 = r.SerializeAsString();
  invalid_utf8.replace(invalid_utf8.find(name_placeholder), 8, "Bud\xff\xfe\xc0\xaf!");
  ExpectRefused("invalid UTF-8 in the name", invalid_utf8, "applicant.full_name",
                "not valid UTF-8");
  r.mutable_applicant()->set_full_name(
      "Budi \xe2\x80\xae"
      "fdp.exe");
  ExpectRefused("right-to-left override in the name", r.SerializeAsString(), "applicant.full_name",
                "bidirectional control");
  r.mutable_applicant()->set_full_name("Budi\xe2\x80\xa8Santoso");
  ExpectRefused("line separator in the name", r.SerializeAsString(), "applicant.full_name",
                "line separator");
  // A message nested 100,000 groups deep, and bytes that are no message at all.
  std::string deep;
  for (int i = 0; i < 100000; ++i) deep += "\xa3\x06";  // field 100, start group
  Answer nested = SubmitBytes(deep);
  EXPECT_EQ(nested.status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_LT(nested.took, absl::Seconds(1));
  EXPECT_EQ(SubmitBytes("\xff\xff\xff\xff").status.error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);

  // Still alive, still serving honest work.
  Answer honest = SubmitBytes(WithLetter(3, pdf).SerializeAsString());
  EXPECT_TRUE(honest.status.ok()) << honest.status.error_message();
}

TEST_F(HostileInputTest, KeysRotateAndAreRevokedWithoutARestart) {
  ipb::SubmitApplicationRequest request = ams::intake::testing::SampleRequest(9);
  request.set_request_id("5f0b7c1e-9a2d-4e3f-8b6a-1c2d3e4f5a6b");  // retries answer the same
  const std::string body = request.SerializeAsString();
  auto answers_with = [&](const std::string& key, grpc::StatusCode code) {
    for (absl::Time end = absl::Now() + absl::Seconds(15); absl::Now() < end;
         absl::SleepFor(absl::Milliseconds(200))) {
      if (SubmitBytes(body, key).status.error_code() == code) return true;
    }
    return false;
  };
  ASSERT_EQ(SubmitBytes(body, kRotatedKey).status.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  WriteKeys(KeyLine(kKey) + KeyLine(kRotatedKey));  // both while callers move over
  EXPECT_TRUE(answers_with(kRotatedKey, grpc::StatusCode::OK));
  EXPECT_EQ(SubmitBytes(body, kKey).status.error_code(), grpc::StatusCode::OK);  // a retry
  WriteKeys(KeyLine(kRotatedKey));  // the old key revoked
  EXPECT_TRUE(answers_with(kKey, grpc::StatusCode::UNAUTHENTICATED));
  EXPECT_EQ(SubmitBytes(body, kRotatedKey).status.error_code(), grpc::StatusCode::OK);
}

}  // namespace
}  // namespace ams
