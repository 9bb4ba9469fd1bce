// ams-pdf-check: checks one PDF read from standard input and writes the result for
// SandboxedPdfChecker (pdf_sandbox.h) on standard output. It limits itself before it reads a
// byte, so a hostile file can cost at most these limits and this process.
#include <sys/resource.h>

#include <iostream>
#include <iterator>
#include <string>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "common/pdf_document.h"
#include "common/pdf_sandbox.h"

ABSL_FLAG(uint64_t, max_bytes, 2 << 20, "largest PDF accepted");
ABSL_FLAG(int, cpu_seconds, 1, "CPU time limit");
ABSL_FLAG(uint64_t, memory_bytes, uint64_t{512} << 20, "address space limit");
ABSL_FLAG(std::string, trust_store, "", "PEM file of trusted root certificates");

namespace {
bool Limit(int resource, rlim_t value) {
  rlimit limit{value, value};
  return setrlimit(resource, &limit) == 0;
}
}  // namespace

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  // No check at all rather than one without its limits.
  if (!Limit(RLIMIT_CPU, static_cast<rlim_t>(absl::GetFlag(FLAGS_cpu_seconds))) ||
      !Limit(RLIMIT_AS, absl::GetFlag(FLAGS_memory_bytes)) || !Limit(RLIMIT_FSIZE, 0) ||
      !Limit(RLIMIT_CORE, 0)) {
    return ams::kCheckerBroken;
  }
  std::shared_ptr<const ams::TrustStore> trust;
  if (!absl::GetFlag(FLAGS_trust_store).empty()) {
    absl::StatusOr<std::shared_ptr<const ams::TrustStore>> loaded =
        ams::TrustStore::FromPemFile(absl::GetFlag(FLAGS_trust_store));
    if (!loaded.ok()) return ams::kCheckerBroken;
    trust = *std::move(loaded);
  }
  const size_t max_bytes = absl::GetFlag(FLAGS_max_bytes);
  std::string bytes;
  char buf[65536];
  while (std::cin.read(buf, sizeof buf) || std::cin.gcount() > 0) {
    bytes.append(buf, std::cin.gcount());
    if (bytes.size() > max_bytes) break;
  }
  std::cout << ams::EncodePdfResult(ams::CheckPdf(bytes, max_bytes, trust.get())) << std::flush;
  return 0;
}
