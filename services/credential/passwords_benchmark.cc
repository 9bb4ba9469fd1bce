// One Argon2id hash and one verification, single-threaded on an idle machine: the time per
// hash that sets the credential service's ceiling (deploy/bench-credential.sh divides the
// cores by hashes per SOP run times this). Args: memory KiB, iterations.
#include "benchmark/benchmark.h"
#include "services/credential/passwords.h"

namespace ams::credential {
namespace {

Argon2Params Params(const benchmark::State& state) {
  return {static_cast<uint64_t>(state.range(0)), static_cast<uint64_t>(state.range(1))};
}

void BM_Argon2idHash(benchmark::State& state) {
  PasswordHasher hasher(Params(state));
  for (auto _ : state) benchmark::DoNotOptimize(hasher.Hash("Gunung-Selok-2026"));
}

void BM_Argon2idVerify(benchmark::State& state) {
  PasswordHasher hasher(Params(state));
  const std::string encoded = *hasher.Hash("Gunung-Selok-2026");
  for (auto _ : state) benchmark::DoNotOptimize(hasher.Verify(encoded, "Gunung-Selok-2026"));
}

// The production default (OWASP: 19 MiB, t=2) and the cheapest libsodium allows, which the
// load benchmark uses to measure the orchestration alone.
BENCHMARK(BM_Argon2idHash)->Args({19 * 1024, 2})->Args({8, 1})->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Argon2idVerify)->Args({19 * 1024, 2})->Args({8, 1})->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace ams::credential

BENCHMARK_MAIN();
