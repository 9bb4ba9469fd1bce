#include "common/password_hasher.h"

#include <sodium.h>

#include <algorithm>
#include <cstdlib>

namespace ams {

class PasswordHasher::Turn {
 public:
  explicit Turn(const PasswordHasher& h) : h_(h) {
    absl::MutexLock lock(&h_.mu_);
    auto free = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(h_.mu_) {
      return h_.running_ < std::max(1, h_.params_.parallel);
    };
    h_.mu_.Await(absl::Condition(&free));
    ++h_.running_;
  }
  ~Turn() {
    absl::MutexLock lock(&h_.mu_);
    --h_.running_;
  }

 private:
  const PasswordHasher& h_;
};

PasswordHasher::PasswordHasher(Argon2Params params) : params_(params) {
  if (sodium_init() < 0) std::abort();  // no CSPRNG: nothing here can be safe
  std::string decoy(32, '\0');
  randombytes_buf(decoy.data(), decoy.size());
  decoy_ = Hash(decoy).value_or("");
}

absl::StatusOr<std::string> PasswordHasher::Hash(const std::string& password) const {
  char out[crypto_pwhash_STRBYTES];
  Turn turn(*this);
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), params_.iterations,
                            static_cast<size_t>(params_.memory_kib) * 1024,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return absl::ResourceExhaustedError("not enough memory for Argon2id");
  }
  return std::string(out);
}

bool PasswordHasher::Verify(const std::string& encoded, const std::string& password) const {
  Turn turn(*this);
  return crypto_pwhash_str_verify(encoded.c_str(), password.data(), password.size()) == 0;
}

void PasswordHasher::VerifyDecoy(const std::string& password) const { Verify(decoy_, password); }

}  // namespace ams
