// The recommendation letter of SOP step 1 and the appointment decree of step 4: untrusted PDFs
// from other agencies. CheckPdf accepts only a plain PDF: `%PDF-` at the first byte and nothing
// after the last `%%EOF` (no polyglot), parsed by QPDF without recovery, within a size limit,
// a page tree at most kMaxPageTreeDepth deep, and no active content (JavaScript, launch
// actions, embedded files, XFA, rich media). A digital signature (PAdES: a /Sig field whose
// value holds /ByteRange and a CMS /Contents) is verified over the signed byte range with
// OpenSSL and its signer's certificate chain against a trust store.
//
// CheckPdf bounds what it can; what it cannot (QPDF's own work on a hostile file) is bounded by
// running it in a separate process: see pdf_sandbox.h.
#ifndef AMS_COMMON_PDF_DOCUMENT_H_
#define AMS_COMMON_PDF_DOCUMENT_H_

#include <openssl/types.h>

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace ams {

inline constexpr int kMaxPageTreeDepth = 32;
inline constexpr int kMaxPdfPages = 1000;

struct PdfSignature {
  enum class Outcome {
    kUnsigned,   // no digital signature: a scanned letter, for the operator to check by eye
    kTrusted,    // intact, and the signer's certificate chains to a trusted root
    kUntrusted,  // intact, but the signer's certificate does not chain to a trusted root
    kBroken,     // present, but the document changed after signing or the CMS is malformed
  };
  Outcome outcome = Outcome::kUnsigned;
  std::string signer;  // subject of the signing certificate, when signed
  std::string detail;  // what was checked, or why it failed
};

struct PdfCheck {
  int page_count = 0;
  PdfSignature signature;
};

// The roots a signer's certificate must chain to: the Indonesian government CAs' roots in
// production, a test CA in tests. Immutable once loaded; shared by concurrent checks.
class TrustStore {
 public:
  // INVALID_ARGUMENT when the text holds no PEM certificate or a malformed one.
  static absl::StatusOr<std::shared_ptr<const TrustStore>> FromPem(absl::string_view pem);
  static absl::StatusOr<std::shared_ptr<const TrustStore>> FromPemFile(const std::string& path);
  ~TrustStore();
  X509_STORE* store() const { return store_; }
  int size() const { return size_; }

 private:
  TrustStore(X509_STORE* store, int size) : store_(store), size_(size) {}
  X509_STORE* store_;
  int size_;
};

// INVALID_ARGUMENT with a reason for a person when the bytes are not an acceptable PDF. A
// signature that is present but broken or untrusted is not an error: its outcome says so, for
// the operator to judge. `trust` null: every intact signature is kUntrusted.
absl::StatusOr<PdfCheck> CheckPdf(absl::string_view bytes, size_t max_bytes,
                                  const TrustStore* trust);

}  // namespace ams

#endif  // AMS_COMMON_PDF_DOCUMENT_H_
