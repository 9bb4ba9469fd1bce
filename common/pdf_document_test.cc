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
  absl::StatusOr<PdfCheck> c =
      CheckPdf(testing::MakeUnsignedPdf("Surat Rekomendasi"), kLimit, nullptr);
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->page_count, 1);
  EXPECT_EQ(c->signature.outcome, PdfSignature::Outcome::kUnsigned);
  EXPECT_THAT(c->signature.detail, HasSubstr("scanned"));
}

class SignedLetter : public ::testing::Test {
 protected:
  std::shared_ptr<const TrustStore> Trust(const testing::TestCa& ca) {
    absl::StatusOr<std::shared_ptr<const TrustStore>> trust = TrustStore::FromPem(ca.pem());
    EXPECT_TRUE(trust.ok()) << trust.status();
    return trust.ok() ? *trust : nullptr;
  }
  testing::TestCa ca_;
};

TEST_F(SignedLetter, IssuedByATrustedCaIsTrustedAndNamesTheSigner) {
  testing::SignedPdfOptions options;
  options.issuer = &ca_;
  absl::StatusOr<PdfCheck> c =
      CheckPdf(testing::MakeSignedPdf("Surat Rekomendasi", options), kLimit, Trust(ca_).get());
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->signature.outcome, PdfSignature::Outcome::kTrusted) << c->signature.detail;
  EXPECT_THAT(c->signature.signer, HasSubstr("CN=Kepala Dinas Kominfo"));
}

// The attack: any self-signed certificate with any name used to count as valid.
TEST_F(SignedLetter, SelfSignedIsIntactButUntrusted) {
  absl::StatusOr<PdfCheck> c =
      CheckPdf(testing::MakeSignedPdf("Surat Rekomendasi"), kLimit, Trust(ca_).get());
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->signature.outcome, PdfSignature::Outcome::kUntrusted);
  EXPECT_THAT(c->signature.detail, HasSubstr("not trusted"));
}

TEST_F(SignedLetter, IssuedByAnotherCaIsUntrusted) {
  testing::TestCa other("Root CA Palsu");
  testing::SignedPdfOptions options;
  options.issuer = &other;
  absl::StatusOr<PdfCheck> c =
      CheckPdf(testing::MakeSignedPdf("x", options), kLimit, Trust(ca_).get());
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->signature.outcome, PdfSignature::Outcome::kUntrusted);
}

TEST_F(SignedLetter, WithoutATrustStoreNothingIsTrusted) {
  testing::SignedPdfOptions options;
  options.issuer = &ca_;
  absl::StatusOr<PdfCheck> c = CheckPdf(testing::MakeSignedPdf("x", options), kLimit, nullptr);
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->signature.outcome, PdfSignature::Outcome::kUntrusted);
}

TEST_F(SignedLetter, TamperedIsBrokenEvenFromATrustedSigner) {
  testing::SignedPdfOptions options;
  options.tamper_after_signing = true;
  options.issuer = &ca_;
  absl::StatusOr<PdfCheck> c =
      CheckPdf(testing::MakeSignedPdf("Surat Rekomendasi", options), kLimit, Trust(ca_).get());
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->signature.outcome, PdfSignature::Outcome::kBroken);
  EXPECT_THAT(c->signature.detail, HasSubstr("does not verify"));
}

TEST(CheckPdf, SignatureThatIsNotCmsIsBroken) {
  std::string pdf = testing::MakeSignedPdf("x");
  size_t at = pdf.find("/Contents <") + 11;
  pdf.replace(at, 8, "DEADBEEF");
  absl::StatusOr<PdfCheck> c = CheckPdf(pdf, kLimit, nullptr);
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->signature.outcome, PdfSignature::Outcome::kBroken);
}

TEST(CheckPdf, ByteRangeMustCoverTheFile) {
  std::string pdf = testing::MakeSignedPdf("x");
  pdf += "% an update appended after signing\n%%EOF\n";
  absl::StatusOr<PdfCheck> c = CheckPdf(pdf, kLimit, nullptr);
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->signature.outcome, PdfSignature::Outcome::kBroken);
  EXPECT_THAT(c->signature.detail, HasSubstr("whole document"));
}

// Numbers near 2^63 used to overflow the range arithmetic.
TEST(CheckPdf, ByteRangeNumbersOutsideTheFileAreBroken) {
  std::string pdf = testing::MakeSignedPdf("x");
  const size_t at = pdf.find("/ByteRange [");
  const size_t end = pdf.find(']', at);
  std::string huge = "/ByteRange [0 1 9223372036854775000 9223372036854775000";
  huge.resize(end - at, ' ');
  pdf.replace(at, end - at, huge);
  absl::StatusOr<PdfCheck> c = CheckPdf(pdf, kLimit, nullptr);
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->signature.outcome, PdfSignature::Outcome::kBroken);
  EXPECT_THAT(c->signature.detail, HasSubstr("outside the file"));
}

TEST(CheckPdf, RefusesWhatIsNotAnAcceptablePdf) {
  std::string valid = testing::MakeUnsignedPdf("x");
  struct Case {
    std::string bytes;
    const char* reason;
  } cases[] = {
      {"", "empty"},
      {"hello world", "must start with %PDF-"},
      {"%PDF-1.4\n garbage garbage\n%%EOF", "not a readable PDF"},
      {"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "must start with %PDF-"},
      {valid.substr(0, valid.size() / 2), "must end with %%EOF"},
      {testing::MakeUnsignedPdf("x", kLimit + 1), "larger than 2 MiB"},
  };
  for (const Case& c : cases) {
    absl::Status s = CheckPdf(c.bytes, kLimit, nullptr).status();
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << c.reason;
    EXPECT_THAT(s.message(), HasSubstr(c.reason));
  }
}

// The attack: a page tree 50,000 levels deep overflowed QPDF's recursive walk and killed the
// service. Refused before QPDF walks it.
TEST(CheckPdf, RefusesADeepPageTree) {
  std::string pdf = testing::MakeDeepPageTreePdf(50000);
  absl::Status s = CheckPdf(pdf, 4 * kLimit, nullptr).status();
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(s.message(), HasSubstr("nested deeper than 32 levels"));
  EXPECT_TRUE(CheckPdf(testing::MakeDeepPageTreePdf(20), kLimit, nullptr).ok());
}

// Polyglots: the PDF found inside something else by a tolerant reader.
TEST(CheckPdf, RefusesPolyglots) {
  const std::string pdf = testing::MakeUnsignedPdf("Surat Rekomendasi");
  // A stored ZIP entry holding the PDF: local header, data, central directory, end record.
  std::string zip = std::string("PK\x03\x04", 4) + std::string(26, '\0') + pdf +
                    std::string("PK\x01\x02", 4) + std::string(42, '\0') +
                    std::string("PK\x05\x06", 4) + std::string(18, '\0');
  std::string exe = "MZ" + std::string(98, '\x90') + pdf;
  std::string zip_after = pdf + std::string("PK\x05\x06", 4) + std::string(18, '\0');
  // A ZIP inside, its end record's comment covering the PDF's tail: both readers open it.
  std::string zip_inside = pdf;
  const std::string end_record = std::string("PK\x05\x06", 4) + std::string(16, '\0');
  zip_inside.insert(zip_inside.find("xref"), end_record + "\xff\xff");
  for (const std::string& bytes : {zip, exe, zip_after, zip_inside}) {
    absl::Status s = CheckPdf(bytes, kLimit, nullptr).status();
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(s.message(), HasSubstr("PDF"));
  }
}

TEST(CheckPdf, RefusesActiveContent) {
  struct Case {
    std::string pdf;
    const char* found;
  } cases[] = {
      {testing::MakePdfWithCatalog("/OpenAction << /S /JavaScript /JS (app.alert(1)) >>"), "/JS"},
      {testing::MakePdfWithCatalog("/OpenAction 6 0 R",
                                   {"<< /S /Launch /F (cmd.exe) /NewWindow true >>"}),
       "/Launch action"},
      {testing::MakePdfWithCatalog("/Names << /EmbeddedFiles << /Names [(a.exe) 6 0 R] >> >>",
                                   {"<< /Type /Filespec /F (a.exe) /EF << /F 7 0 R >> >>",
                                    "<< /Type /EmbeddedFile /Length 2 >>\nstream\nMZ\nendstream"}),
       "/EmbeddedFiles"},
      {testing::MakePdfWithCatalog("/AA << /WC << /S /SubmitForm /F (http://x) >> >>"),
       "/SubmitForm action"},
  };
  for (const Case& c : cases) {
    absl::Status s = CheckPdf(c.pdf, kLimit, nullptr).status();
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << c.found;
    EXPECT_THAT(s.message(), HasSubstr("active content"));
    EXPECT_THAT(s.message(), HasSubstr(c.found));
  }
  // A plain link to a page of the letter is not active content.
  EXPECT_TRUE(
      CheckPdf(testing::MakePdfWithCatalog("/OpenAction [3 0 R /Fit]"), kLimit, nullptr).ok());
}

TEST(TrustStore, RefusesWhatIsNotPem) {
  EXPECT_FALSE(TrustStore::FromPem("").ok());
  EXPECT_FALSE(
      TrustStore::FromPem("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n").ok());
  testing::TestCa ca;
  absl::StatusOr<std::shared_ptr<const TrustStore>> two =
      TrustStore::FromPem(ca.pem() + testing::TestCa("Root CA Kedua").pem());
  ASSERT_TRUE(two.ok()) << two.status();
  EXPECT_EQ((*two)->size(), 2);
}

TEST(CheckPdf, PaddingReachesTheRequestedSize) {
  std::string pdf = testing::MakeUnsignedPdf("x", 4096);
  EXPECT_GE(pdf.size(), 4096u);
  EXPECT_TRUE(CheckPdf(pdf, kLimit, nullptr).ok());
}

TEST(CheckPdf, NeverCrashesOnMutatedInput) {
  const std::string signed_pdf = testing::MakeSignedPdf("Surat Rekomendasi");
  std::mt19937 rng(7);
  for (int i = 0; i < 200; ++i) {
    std::string m = signed_pdf;
    m[rng() % m.size()] = static_cast<char>(rng());
    (void)CheckPdf(m, kLimit, nullptr);  // any outcome, but an outcome
  }
}

}  // namespace
}  // namespace ams
