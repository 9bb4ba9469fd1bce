// Randomness behind an interface: libsodium's CSPRNG in production, a seeded sequence in
// tests. Used for event ids, tokens, passwords.
#ifndef AMS_COMMON_RANDOM_H_
#define AMS_COMMON_RANDOM_H_

#include <cstdint>
#include <string>

namespace ams {

class RandomSource {
 public:
  virtual ~RandomSource() = default;
  // `n` random bytes.
  virtual std::string Bytes(size_t n) = 0;
  // Uniform in [0, upper_bound).
  virtual uint32_t Uniform(uint32_t upper_bound) = 0;
};

// libsodium's CSPRNG (randombytes_buf / randombytes_uniform). Shared; thread-safe.
RandomSource& SecureRandom();

// A random version-4 UUID in its canonical text form.
std::string NewUuid(RandomSource& random);

// W3C trace context: a new "traceparent" header value, or a child span of `parent` that
// keeps its trace id (a new trace when `parent` is malformed or empty).
std::string NewTraceparent(RandomSource& random, const std::string& parent = "");

}  // namespace ams

#endif  // AMS_COMMON_RANDOM_H_
