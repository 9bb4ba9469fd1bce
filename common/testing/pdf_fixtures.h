#ifndef AMS_COMMON_TESTING_PDF_FIXTURES_H_
#define AMS_COMMON_TESTING_PDF_FIXTURES_H_

#include <string>

#include "absl/strings/string_view.h"

namespace ams::testing {

// A real one-page PDF with `text` on the page, padded to at least `pad_to_bytes`.
std::string MakeUnsignedPdf(absl::string_view text, size_t pad_to_bytes = 0);

struct SignedPdfOptions {
  std::string signer_common_name = "Kepala Dinas Kominfo";
  // Changes a byte of the page after signing, so the signature no longer verifies.
  bool tamper_after_signing = false;
};

// A one-page PDF signed the PAdES way: a /Sig field whose /V holds /ByteRange and a
// detached CMS signature in /Contents, made with a fresh P-256 key and a self-signed
// certificate.
std::string MakeSignedPdf(absl::string_view text, const SignedPdfOptions& options = {});

}  // namespace ams::testing

#endif  // AMS_COMMON_TESTING_PDF_FIXTURES_H_
