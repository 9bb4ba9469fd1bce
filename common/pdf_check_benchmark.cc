// What the letter check costs, in this process and in the sandboxed child every service uses
// (pdf_sandbox.h): the price of a crash not taking the service down with it.
#include "benchmark/benchmark.h"
#include "common/pdf_sandbox.h"
#include "common/testing/pdf_fixtures.h"

namespace ams {
namespace {

constexpr size_t kLimit = 8 << 20;

const std::string& Letter(int kind) {
  static const std::string* unsigned_letter =
      new std::string(testing::MakeUnsignedPdf("Surat Rekomendasi", 200 * 1024));
  static const std::string* signed_letter = new std::string(testing::MakeSignedPdf("Surat"));
  return kind == 0 ? *unsigned_letter : *signed_letter;
}

void BM_CheckPdfInProcess(benchmark::State& state) {
  InProcessPdfChecker checker;
  for (auto _ : state) benchmark::DoNotOptimize(checker.Check(Letter(state.range(0)), kLimit));
}
BENCHMARK(BM_CheckPdfInProcess)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

void BM_CheckPdfSandboxed(benchmark::State& state) {
  PdfSandboxOptions options;
  options.binary = AMS_PDF_CHECK_BUILD_PATH;
  std::unique_ptr<SandboxedPdfChecker> checker = *SandboxedPdfChecker::Create(options);
  for (auto _ : state) benchmark::DoNotOptimize(checker->Check(Letter(state.range(0)), kLimit));
}
BENCHMARK(BM_CheckPdfSandboxed)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->UseRealTime();

// The attack's letter, refused before QPDF walks it.
void BM_CheckPdfDeepPageTreeSandboxed(benchmark::State& state) {
  const std::string deep = testing::MakeDeepPageTreePdf(50000);
  PdfSandboxOptions options;
  options.binary = AMS_PDF_CHECK_BUILD_PATH;
  std::unique_ptr<SandboxedPdfChecker> checker = *SandboxedPdfChecker::Create(options);
  for (auto _ : state) benchmark::DoNotOptimize(checker->Check(deep, kLimit));
}
BENCHMARK(BM_CheckPdfDeepPageTreeSandboxed)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace ams

BENCHMARK_MAIN();
