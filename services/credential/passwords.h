// Passwords of SOP steps 6-8: the initial password mailed to the applicant, Argon2id hashes
// (libsodium), and the rules a new password must pass (libpwquality plus the SOP's own: not
// the initial one, nothing of the username, name or an employee number in it).
#ifndef AMS_SERVICES_CREDENTIAL_PASSWORDS_H_
#define AMS_SERVICES_CREDENTIAL_PASSWORDS_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "common/random.h"
#include "services/credential/common_passwords.h"

namespace ams::credential {

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

// An initial password of `length` characters from an alphabet without look-alikes (no 0/O/o,
// 1/l/I, 5/S, 2/Z, 8/B), with at least one lowercase, one uppercase and one digit.
std::string InitialPassword(int length, RandomSource& random);

// Who the password belongs to, for the rules that forbid parts of it.
struct PasswordOwner {
  std::string username;
  std::string full_name;
};

// INVALID_ARGUMENT naming `new_password` when it fails: libpwquality's checks (length at
// least `min_length`, character classes, dictionary words, similarity to the current one),
// equal to the current one, containing the username, a part of the name (3+ letters) or a
// run of 8 digits (an employee number, NIK or birth date), or in `common`.
absl::Status CheckNewPassword(const std::string& new_password, const std::string& current_password,
                              const PasswordOwner& owner, int min_length,
                              const CommonPasswords& common);

}  // namespace ams::credential

#endif  // AMS_SERVICES_CREDENTIAL_PASSWORDS_H_
