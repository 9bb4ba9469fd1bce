#include "common/random.h"

#include <sodium.h>

#include <cstdio>
#include <cstdlib>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace ams {
namespace {

class SodiumRandom final : public RandomSource {
 public:
  SodiumRandom() {
    if (sodium_init() < 0) {
      std::fputs("libsodium failed to initialise\n", stderr);
      std::abort();
    }
  }
  std::string Bytes(size_t n) override {
    std::string out(n, '\0');
    randombytes_buf(out.data(), n);
    return out;
  }
  uint32_t Uniform(uint32_t upper_bound) override { return randombytes_uniform(upper_bound); }
};

bool IsLowerHex(absl::string_view s, size_t length) {
  if (s.size() != length) return false;
  bool all_zero = true;
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    if (c != '0') all_zero = false;
  }
  return !all_zero;
}

}  // namespace

RandomSource& SecureRandom() {
  static SodiumRandom* random = new SodiumRandom();
  return *random;
}

std::string NewUuid(RandomSource& random) {
  std::string b = random.Bytes(16);
  b[6] = static_cast<char>((b[6] & 0x0f) | 0x40);  // version 4
  b[8] = static_cast<char>((b[8] & 0x3f) | 0x80);  // RFC 4122 variant
  std::string hex = absl::BytesToHexString(b);
  return absl::StrCat(hex.substr(0, 8), "-", hex.substr(8, 4), "-", hex.substr(12, 4), "-",
                      hex.substr(16, 4), "-", hex.substr(20));
}

std::string NewTraceparent(RandomSource& random, const std::string& parent) {
  std::string trace_id;
  std::vector<absl::string_view> parts = absl::StrSplit(parent, '-');
  if (parts.size() == 4 && parts[0] == "00" && IsLowerHex(parts[1], 32) &&
      IsLowerHex(parts[2], 16)) {
    trace_id = std::string(parts[1]);
  } else {
    trace_id = absl::BytesToHexString(random.Bytes(16));
  }
  return absl::StrCat("00-", trace_id, "-", absl::BytesToHexString(random.Bytes(8)), "-01");
}

}  // namespace ams
