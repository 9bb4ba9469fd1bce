// Hashes as lowercase hex: SHA-256 (content addresses, API key hashes) and HMAC-SHA256
// (NIK fingerprints: matchable across services without revealing the NIK; a plain hash of
// a 16-digit number could be reversed by trying them all).
#ifndef AMS_COMMON_HASHING_H_
#define AMS_COMMON_HASHING_H_

#include <string>

#include "absl/strings/string_view.h"

namespace ams {

std::string Sha256Hex(absl::string_view bytes);
std::string HmacSha256Hex(absl::string_view key, absl::string_view bytes);

}  // namespace ams

#endif  // AMS_COMMON_HASHING_H_
