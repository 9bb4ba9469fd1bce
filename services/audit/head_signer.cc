#include "services/audit/head_signer.h"

#include <sodium.h>

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"

namespace ams::audit {
namespace {

bool IsHex(const std::string& s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return absl::ascii_isxdigit(c); });
}

// What is signed: the head and when, under a fixed label so the signature means nothing else.
std::string Message(const SignedHead& h) {
  return absl::StrCat("ams.audit.v1 ledger head\n", h.sequence, "\n", h.entry_sha256, "\n",
                      absl::ToUnixSeconds(h.sign_time));
}

}  // namespace

absl::StatusOr<HeadSigner> HeadSigner::FromSeedHex(const std::string& seed_hex) {
  if (seed_hex.size() != 2 * crypto_sign_SEEDBYTES || !IsHex(seed_hex)) {
    return absl::InvalidArgumentError("the signing key must be 64 hex digits (a 32-byte seed)");
  }
  std::string seed = absl::HexStringToBytes(seed_hex);
  if (sodium_init() < 0) return absl::InternalError("libsodium could not start");
  HeadSigner s;
  s.public_key_.resize(crypto_sign_PUBLICKEYBYTES);
  s.secret_key_.resize(crypto_sign_SECRETKEYBYTES);
  crypto_sign_seed_keypair(reinterpret_cast<unsigned char*>(s.public_key_.data()),
                           reinterpret_cast<unsigned char*>(s.secret_key_.data()),
                           reinterpret_cast<const unsigned char*>(seed.data()));
  sodium_memzero(seed.data(), seed.size());
  return s;
}

SignedHead HeadSigner::Sign(int64_t sequence, const std::string& entry_sha256,
                            absl::Time now) const {
  SignedHead h{sequence, entry_sha256, absl::FromUnixSeconds(absl::ToUnixSeconds(now)), ""};
  const std::string m = Message(h);
  std::string signature(crypto_sign_BYTES, '\0');
  crypto_sign_detached(reinterpret_cast<unsigned char*>(signature.data()), nullptr,
                       reinterpret_cast<const unsigned char*>(m.data()), m.size(),
                       reinterpret_cast<const unsigned char*>(secret_key_.data()));
  h.signature_hex = absl::BytesToHexString(signature);
  return h;
}

bool HeadSigner::Verify(const SignedHead& head) const {
  if (head.signature_hex.size() != 2 * crypto_sign_BYTES || !IsHex(head.signature_hex)) {
    return false;
  }
  const std::string signature = absl::HexStringToBytes(head.signature_hex);
  const std::string m = Message(head);
  return crypto_sign_verify_detached(reinterpret_cast<const unsigned char*>(signature.data()),
                                     reinterpret_cast<const unsigned char*>(m.data()), m.size(),
                                     reinterpret_cast<const unsigned char*>(public_key_.data())) ==
         0;
}

std::string HeadSigner::public_key_hex() const { return absl::BytesToHexString(public_key_); }

}  // namespace ams::audit
