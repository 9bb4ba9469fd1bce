#include "common/pdf_document.h"

#include <random>

#include "common/testing/pdf_fixtures.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace ams {
namespace {

using ::testing::HasSubstr;
constexpr size_t kLimit = 2 * 1024 * 1024;

TEST(CheckPdf, UnsignedLetterIsAcceptedAndFlagged) {
  absl::StatusOr<PdfCheck> c = CheckPdf(testing::MakeUnsignedPdf("Surat Rekomendasi"), kLimit);
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->page_count, 1);
  EXPECT_EQ(c->signature.outcome, PdfSignature::Outcome::kUnsigned);
  EXPECT_THAT(c->signature.detail, HasSubstr("scanned"));
}

TEST(CheckPdf, SignedLetterVerifiesAndNamesTheSigner) {
  absl::StatusOr<PdfCheck> c = CheckPdf(testing::MakeSignedPdf("Surat Rekomendasi"), kLimit);
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->signature.outcome, PdfSignature::Outcome::kValid) << c->signature.detail;
  EXPECT_THAT(c->signature.signer, HasSubstr("CN=Kepala Dinas Kominfo"));
}

TEST(CheckPdf, TamperedLetterHasAnInvalidSignature) {
  testing::SignedPdfOptions options;
  options.tamper_after_signing = true;
  absl::StatusOr<PdfCheck> c =
      CheckPdf(testing::MakeSignedPdf("Surat Rekomendasi", options), kLimit);
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->signature.outcome, PdfSignature::Outcome::kInvalid);
  EXPECT_THAT(c->signature.detail, HasSubstr("does not verify"));
}

TEST(CheckPdf, SignatureThatIsNotCmsIsInvalid) {
  std::string pdf = testing::MakeSignedPdf("x");
  size_t at = pdf.find("/Contents <") + 11;
  pdf.replace(at, 8, "DEADBEEF");
  absl::StatusOr<PdfCheck> c = CheckPdf(pdf, kLimit);
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->signature.outcome, PdfSignature::Outcome::kInvalid);
}

TEST(CheckPdf, ByteRangeMustCoverTheFile) {
  std::string pdf = testing::MakeSignedPdf("x");
  pdf += "% appended after signing\n";
  absl::StatusOr<PdfCheck> c = CheckPdf(pdf, kLimit);
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->signature.outcome, PdfSignature::Outcome::kInvalid);
  EXPECT_THAT(c->signature.detail, HasSubstr("whole document"));
}

TEST(CheckPdf, RefusesWhatIsNotAnAcceptablePdf) {
  std::string valid = testing::MakeUnsignedPdf("x");
  struct Case {
    std::string bytes;
    const char* reason;
  } cases[] = {
      {"", "empty"},
      {"hello world", "not a readable PDF"},
      {"%PDF-1.4\n garbage garbage", "not a readable PDF"},
      {"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "not a readable PDF"},
      {valid.substr(0, valid.size() / 2), "not a readable PDF"},
      {testing::MakeUnsignedPdf("x", kLimit + 1), "larger than 2 MiB"},
  };
  for (const Case& c : cases) {
    absl::Status s = CheckPdf(c.bytes, kLimit).status();
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << c.reason;
    EXPECT_THAT(s.message(), HasSubstr(c.reason));
  }
}

TEST(CheckPdf, PaddingReachesTheRequestedSize) {
  std::string pdf = testing::MakeUnsignedPdf("x", 4096);
  EXPECT_GE(pdf.size(), 4096u);
  EXPECT_TRUE(CheckPdf(pdf, kLimit).ok());
}

TEST(CheckPdf, NeverCrashesOnMutatedInput) {
  const std::string signed_pdf = testing::MakeSignedPdf("Surat Rekomendasi");
  std::mt19937 rng(7);
  for (int i = 0; i < 200; ++i) {
    std::string m = signed_pdf;
    m[rng() % m.size()] = static_cast<char>(rng());
    (void)CheckPdf(m, kLimit);  // any outcome, but an outcome
  }
}

}  // namespace
}  // namespace ams
