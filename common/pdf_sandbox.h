// Where a PDF is checked. QPDF's work on a hostile file cannot be bounded from outside it (a
// deep structure that overflows its stack, a stream that inflates without end), so services
// check untrusted PDFs in a child process, `ams-pdf-check`, with limits on CPU time, memory
// and wall time: if the check crashes or runs over, the child dies and the caller gets
// INVALID_ARGUMENT, while the service goes on.
#ifndef AMS_COMMON_PDF_SANDBOX_H_
#define AMS_COMMON_PDF_SANDBOX_H_

#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "common/pdf_document.h"

namespace ams {

class PdfChecker {
 public:
  virtual ~PdfChecker() = default;
  // CheckPdf's answer; UNAVAILABLE when the check itself could not be run.
  virtual absl::StatusOr<PdfCheck> Check(absl::string_view bytes, size_t max_bytes) const = 0;
};

// In this process: for unit tests and for inputs that are not hostile.
class InProcessPdfChecker final : public PdfChecker {
 public:
  explicit InProcessPdfChecker(std::shared_ptr<const TrustStore> trust = nullptr)
      : trust_(std::move(trust)) {}
  absl::StatusOr<PdfCheck> Check(absl::string_view bytes, size_t max_bytes) const override {
    return CheckPdf(bytes, max_bytes, trust_.get());
  }

 private:
  std::shared_ptr<const TrustStore> trust_;
};

struct PdfSandboxOptions {
  std::string binary;            // path of ams-pdf-check
  std::string trust_store_file;  // PEM roots; "" trusts no signer
  absl::Duration timeout = absl::Seconds(2);
  int cpu_seconds = 1;
  uint64_t memory_bytes = uint64_t{512} << 20;
};

class SandboxedPdfChecker final : public PdfChecker {
 public:
  // INVALID_ARGUMENT when the binary is not executable or the trust store does not load.
  static absl::StatusOr<std::unique_ptr<SandboxedPdfChecker>> Create(PdfSandboxOptions options);
  absl::StatusOr<PdfCheck> Check(absl::string_view bytes, size_t max_bytes) const override;

 private:
  explicit SandboxedPdfChecker(PdfSandboxOptions options) : options_(std::move(options)) {}
  PdfSandboxOptions options_;
};

// ams-pdf-check's exit status when it cannot check at all (its limits or trust store): the
// service's fault, not the file's.
inline constexpr int kCheckerBroken = 3;

// The child's side (ams-pdf-check's main): the result as the lines the parent reads.
std::string EncodePdfResult(const absl::StatusOr<PdfCheck>& result);
absl::StatusOr<PdfCheck> DecodePdfResult(absl::string_view text);

class Settings;
// AMS_PDF_CHECK_BINARY (default: ams-pdf-check beside the running executable, else where the
// build put it), AMS_TRUST_STORE_FILE, AMS_PDF_CHECK_TIMEOUT, AMS_PDF_CHECK_MEMORY_MIB.
PdfSandboxOptions ReadPdfSandboxOptions(Settings& settings);

}  // namespace ams

#endif  // AMS_COMMON_PDF_SANDBOX_H_
