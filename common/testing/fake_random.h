#ifndef AMS_COMMON_TESTING_FAKE_RANDOM_H_
#define AMS_COMMON_TESTING_FAKE_RANDOM_H_

#include <cstdint>
#include <string>

#include "absl/synchronization/mutex.h"
#include "common/random.h"

namespace ams::testing {

// A deterministic, non-cryptographic sequence (splitmix64) so tests can predict ids.
class FakeRandom final : public RandomSource {
 public:
  explicit FakeRandom(uint64_t seed = 1) : state_(seed) {}
  std::string Bytes(size_t n) override {
    std::string out;
    while (out.size() < n) {
      uint64_t v = Next();
      out.append(reinterpret_cast<const char*>(&v), sizeof v);
    }
    out.resize(n);
    return out;
  }
  uint32_t Uniform(uint32_t upper_bound) override {
    return upper_bound == 0 ? 0 : static_cast<uint32_t>(Next() % upper_bound);
  }

 private:
  uint64_t Next() {
    absl::MutexLock lock(&mu_);
    uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  absl::Mutex mu_;
  uint64_t state_ ABSL_GUARDED_BY(mu_);
};

}  // namespace ams::testing

#endif  // AMS_COMMON_TESTING_FAKE_RANDOM_H_
