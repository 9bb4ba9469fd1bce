// The recommendation letter of SOP step 1: a real PDF (parsed with QPDF, not judged by its
// name or first bytes), within a size limit, with at least one page. A digital signature
// (PAdES: a /Sig field whose value holds /ByteRange and a CMS /Contents) is verified over
// the signed byte range with OpenSSL and its signer recorded; an unsigned (scanned,
// hand-signed) letter is accepted and flagged for the operator.
#ifndef AMS_COMMON_PDF_DOCUMENT_H_
#define AMS_COMMON_PDF_DOCUMENT_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace ams {

struct PdfSignature {
  enum class Outcome { kUnsigned, kValid, kInvalid };
  Outcome outcome = Outcome::kUnsigned;
  std::string signer;  // subject of the signing certificate, when signed
  std::string detail;  // what was checked, or why it failed
};

struct PdfCheck {
  int page_count = 0;
  PdfSignature signature;
};

// INVALID_ARGUMENT with a reason for a person when the bytes are not an acceptable PDF. A
// signature that is present but does not verify is not an error: outcome kInvalid, for the
// operator to judge. The certificate chain is not checked (no BSrE trust store is set up).
absl::StatusOr<PdfCheck> CheckPdf(absl::string_view bytes, size_t max_bytes);

}  // namespace ams

#endif  // AMS_COMMON_PDF_DOCUMENT_H_
