// Signs the ledger's head (sequence and entry hash) with an Ed25519 key (libsodium), so that
// cutting entries off the end, or rewriting the whole chain, is detectable by anyone holding
// the public key: the signed head names an entry that must still be there, unchanged.
#ifndef AMS_SERVICES_AUDIT_HEAD_SIGNER_H_
#define AMS_SERVICES_AUDIT_HEAD_SIGNER_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace ams::audit {

struct SignedHead {
  int64_t sequence = 0;
  std::string entry_sha256;
  absl::Time sign_time;
  std::string signature_hex;
};

class HeadSigner {
 public:
  // From the 32-byte seed as 64 hex digits.
  static absl::StatusOr<HeadSigner> FromSeedHex(const std::string& seed_hex);

  SignedHead Sign(int64_t sequence, const std::string& entry_sha256, absl::Time now) const;
  bool Verify(const SignedHead& head) const;
  std::string public_key_hex() const;

 private:
  HeadSigner() = default;
  std::string public_key_, secret_key_;
};

}  // namespace ams::audit

#endif  // AMS_SERVICES_AUDIT_HEAD_SIGNER_H_
