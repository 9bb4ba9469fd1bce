// Secrets the system must read back (an initial password between its commit and its mail, an
// operator's TOTP key) are kept sealed under a 32-byte key with libsodium's secretbox
// (XSalsa20-Poly1305): what Redis holds is nonce || ciphertext, useless without the key.
#ifndef AMS_COMMON_SECRET_BOX_H_
#define AMS_COMMON_SECRET_BOX_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/random.h"

namespace ams {

// The key a setting holds as 64 hex digits; INVALID_ARGUMENT naming `setting` otherwise.
absl::StatusOr<std::string> SecretBoxKey(absl::string_view setting, absl::string_view hex);

// `key` is 32 bytes (crypto_secretbox_KEYBYTES).
std::string Seal(const std::string& key, const std::string& plain, RandomSource& random);
// DATA_LOSS when `sealed` is truncated or does not open with `key`.
absl::StatusOr<std::string> Open(const std::string& key, const std::string& sealed);

}  // namespace ams

#endif  // AMS_COMMON_SECRET_BOX_H_
