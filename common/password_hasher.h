// Argon2id password hashes (libsodium) with a bound on how many are computed at once: the
// applicants' passwords (credential, SOP steps 6-8) and the operators' (gateway).
#ifndef AMS_COMMON_PASSWORD_HASHER_H_
#define AMS_COMMON_PASSWORD_HASHER_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"

namespace ams {

// Argon2id cost. The default is OWASP's minimum: 19 MiB, 2 passes, 1 lane (libsodium always
// uses one lane).
struct Argon2Params {
  uint64_t memory_kib = 19 * 1024;
  uint64_t iterations = 2;
  // Hashes computed at once, at most; the others wait their turn. More than the cores only
  // makes each slower: memory-hard hashes then evict each other from the caches.
  int parallel = 2;
};

class PasswordHasher {
 public:
  explicit PasswordHasher(Argon2Params params);

  // The encoded hash ("$argon2id$v=19$m=…,t=…,p=1$salt$hash"), with a fresh random salt.
  absl::StatusOr<std::string> Hash(const std::string& password) const;
  // True if `password` matches `encoded` (constant time in the password).
  bool Verify(const std::string& encoded, const std::string& password) const;
  // Verifies against a hash of nothing anyone knows, so that an unknown username costs the
  // same time as a wrong password.
  void VerifyDecoy(const std::string& password) const;

  const Argon2Params& params() const { return params_; }

 private:
  // Waits for one of params_.parallel turns; the returned object gives it back.
  class Turn;

  Argon2Params params_;
  std::string decoy_;
  mutable absl::Mutex mu_;
  mutable int running_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace ams

#endif  // AMS_COMMON_PASSWORD_HASHER_H_
