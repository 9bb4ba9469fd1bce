#include "common/secret_box.h"

#include <sodium.h>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"

namespace ams {

absl::StatusOr<std::string> SecretBoxKey(absl::string_view setting, absl::string_view hex) {
  std::string key = absl::HexStringToBytes(hex);
  if (hex.size() != 2 * crypto_secretbox_KEYBYTES ||
      absl::BytesToHexString(key) != absl::AsciiStrToLower(hex)) {
    return absl::InvalidArgumentError(
        absl::StrCat(setting, ": must be 64 hex digits (32 random bytes)"));
  }
  return key;
}

std::string Seal(const std::string& key, const std::string& plain, RandomSource& random) {
  std::string nonce = random.Bytes(crypto_secretbox_NONCEBYTES);
  std::string out(crypto_secretbox_MACBYTES + plain.size(), '\0');
  crypto_secretbox_easy(reinterpret_cast<unsigned char*>(out.data()),
                        reinterpret_cast<const unsigned char*>(plain.data()), plain.size(),
                        reinterpret_cast<const unsigned char*>(nonce.data()),
                        reinterpret_cast<const unsigned char*>(key.data()));
  return nonce + out;
}

absl::StatusOr<std::string> Open(const std::string& key, const std::string& sealed) {
  if (sealed.size() < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES) {
    return absl::DataLossError("a sealed secret is truncated");
  }
  std::string plain(sealed.size() - crypto_secretbox_NONCEBYTES - crypto_secretbox_MACBYTES, '\0');
  const auto* c =
      reinterpret_cast<const unsigned char*>(sealed.data() + crypto_secretbox_NONCEBYTES);
  if (crypto_secretbox_open_easy(reinterpret_cast<unsigned char*>(plain.data()), c,
                                 sealed.size() - crypto_secretbox_NONCEBYTES,
                                 reinterpret_cast<const unsigned char*>(sealed.data()),
                                 reinterpret_cast<const unsigned char*>(key.data())) != 0) {
    return absl::DataLossError("a sealed secret does not open with this key");
  }
  return plain;
}

}  // namespace ams
