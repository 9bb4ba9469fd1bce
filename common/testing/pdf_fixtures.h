#ifndef AMS_COMMON_TESTING_PDF_FIXTURES_H_
#define AMS_COMMON_TESTING_PDF_FIXTURES_H_

#include <openssl/types.h>

#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace ams::testing {

// A real one-page PDF with `text` on the page, padded to at least `pad_to_bytes`.
std::string MakeUnsignedPdf(absl::string_view text, size_t pad_to_bytes = 0);

// A certificate authority for tests: a self-signed P-256 root whose PEM a TrustStore loads,
// and which issues signers' certificates.
class TestCa {
 public:
  explicit TestCa(absl::string_view common_name = "Root CA Uji Coba");
  ~TestCa();
  TestCa(const TestCa&) = delete;
  TestCa& operator=(const TestCa&) = delete;
  const std::string& pem() const { return pem_; }
  EVP_PKEY* key() const { return key_; }
  X509* certificate() const { return cert_; }

 private:
  EVP_PKEY* key_;
  X509* cert_;
  std::string pem_;
};

struct SignedPdfOptions {
  std::string signer_common_name = "Kepala Dinas Kominfo";
  // Changes a byte of the page after signing, so the signature no longer verifies.
  bool tamper_after_signing = false;
  // Issues the signer's certificate; null: the certificate is self-signed.
  const TestCa* issuer = nullptr;
};

// A one-page PDF signed the PAdES way: a /Sig field whose /V holds /ByteRange and a
// detached CMS signature in /Contents, made with a fresh P-256 key.
std::string MakeSignedPdf(absl::string_view text, const SignedPdfOptions& options = {});

// Hostile letters, for the checks that must refuse them.
// A page tree `levels` deep, each /Pages node the only kid of the one above.
std::string MakeDeepPageTreePdf(int levels);
// A one-page PDF whose catalog also holds `catalog_entries` (e.g. an /OpenAction), with
// `extra_objects` numbered from 6 on.
std::string MakePdfWithCatalog(absl::string_view catalog_entries,
                               const std::vector<std::string>& extra_objects = {});

}  // namespace ams::testing

#endif  // AMS_COMMON_TESTING_PDF_FIXTURES_H_
