#include "common/pdf_sandbox.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>

#include "absl/strings/str_cat.h"
#include "common/testing/pdf_fixtures.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace ams {
namespace {

using ::testing::HasSubstr;
constexpr size_t kLimit = 2 * 1024 * 1024;

std::unique_ptr<SandboxedPdfChecker> Sandbox(PdfSandboxOptions options) {
  absl::StatusOr<std::unique_ptr<SandboxedPdfChecker>> s = SandboxedPdfChecker::Create(options);
  EXPECT_TRUE(s.ok()) << s.status();
  return s.ok() ? *std::move(s) : nullptr;
}

PdfSandboxOptions RealChecker() {
  PdfSandboxOptions o;
  o.binary = AMS_PDF_CHECK_BUILD_PATH;
  return o;
}

// A stand-in checker that misbehaves as a hostile file could make the real one.
std::string Script(const std::string& name, const std::string& body) {
  std::string path = absl::StrCat(::testing::TempDir(), "/", name, "-", getpid());
  std::ofstream(path) << "#!/bin/sh\n" << body << "\n";
  chmod(path.c_str(), 0755);
  return path;
}

TEST(SandboxedPdfChecker, AnswersAsCheckPdfDoes) {
  testing::TestCa ca;
  std::string trust = absl::StrCat(::testing::TempDir(), "/trust-", getpid(), ".pem");
  std::ofstream(trust) << ca.pem();
  PdfSandboxOptions o = RealChecker();
  o.trust_store_file = trust;
  std::unique_ptr<SandboxedPdfChecker> sandbox = Sandbox(o);
  ASSERT_NE(sandbox, nullptr);
  testing::SignedPdfOptions signed_by_ca;
  signed_by_ca.issuer = &ca;
  absl::StatusOr<PdfCheck> c = sandbox->Check(testing::MakeSignedPdf("x", signed_by_ca), kLimit);
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->page_count, 1);
  EXPECT_EQ(c->signature.outcome, PdfSignature::Outcome::kTrusted);
  EXPECT_THAT(c->signature.signer, HasSubstr("Kepala Dinas"));
  absl::Status deep = sandbox->Check(testing::MakeDeepPageTreePdf(50000), 4 * kLimit).status();
  EXPECT_EQ(deep.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(deep.message(), HasSubstr("nested deeper"));
}

TEST(SandboxedPdfChecker, ACrashIsTheFilesFaultNotTheService) {
  PdfSandboxOptions o;
  o.binary = Script("crashing-checker", "cat >/dev/null; kill -SEGV $$");
  absl::Status s = Sandbox(o)->Check(testing::MakeUnsignedPdf("x"), kLimit).status();
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(s.message(), HasSubstr("not a readable PDF"));
}

TEST(SandboxedPdfChecker, ACheckThatRunsOverIsStopped) {
  PdfSandboxOptions o;
  o.binary = Script("hanging-checker", "exec sleep 30");
  o.timeout = absl::Milliseconds(300);
  const absl::Time start = absl::Now();
  absl::Status s = Sandbox(o)->Check(testing::MakeUnsignedPdf("x"), kLimit).status();
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(s.message(), HasSubstr("took longer"));
  EXPECT_LT(absl::Now() - start, absl::Seconds(10));  // killed, not waited for
}

// A child that closes its end and lingers, using no CPU, must not hold the caller's thread.
TEST(SandboxedPdfChecker, AChildThatLingersAfterClosingIsKilled) {
  PdfSandboxOptions o;
  o.binary = Script("lingering-checker", "exec 0<&- 1>&- 2>&- sleep 30");
  const absl::Time start = absl::Now();
  absl::Status s = Sandbox(o)->Check(testing::MakeUnsignedPdf("x"), kLimit).status();
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_LT(absl::Now() - start, absl::Seconds(10));
}

// The checker's own trouble (it cannot set its limits or read its trust store) is not the
// file's: UNAVAILABLE, for the caller to retry, not a refused letter.
TEST(SandboxedPdfChecker, ACheckerThatCannotCheckIsUnavailable) {
  PdfSandboxOptions o;
  o.binary = Script("broken-checker", absl::StrCat("cat >/dev/null; exit ", kCheckerBroken));
  EXPECT_EQ(Sandbox(o)->Check(testing::MakeUnsignedPdf("x"), kLimit).status().code(),
            absl::StatusCode::kUnavailable);
}

TEST(SandboxedPdfChecker, RefusesABinaryOrTrustStoreThatIsNotThere) {
  PdfSandboxOptions o;
  o.binary = "/nonexistent/ams-pdf-check";
  EXPECT_EQ(SandboxedPdfChecker::Create(o).status().code(), absl::StatusCode::kInvalidArgument);
  o = RealChecker();
  o.trust_store_file = "/nonexistent/trust.pem";
  EXPECT_EQ(SandboxedPdfChecker::Create(o).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(PdfResult, RoundTrips) {
  PdfCheck check;
  check.page_count = 3;
  check.signature = {PdfSignature::Outcome::kUntrusted, "/CN=a\nb", "why\\not"};
  absl::StatusOr<PdfCheck> back = DecodePdfResult(EncodePdfResult(check));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->page_count, 3);
  EXPECT_EQ(back->signature.outcome, PdfSignature::Outcome::kUntrusted);
  EXPECT_EQ(back->signature.signer, "/CN=a\nb");
  EXPECT_EQ(back->signature.detail, "why\\not");
  EXPECT_EQ(DecodePdfResult(EncodePdfResult(absl::InvalidArgumentError("has no pages")))
                .status()
                .message(),
            "has no pages");
  EXPECT_FALSE(DecodePdfResult("ok\n1\n99\n\n\n").ok());
  EXPECT_FALSE(DecodePdfResult("").ok());
}

}  // namespace
}  // namespace ams
