// The operators' second factor: TOTP (RFC 6238 — HMAC-SHA1, 30-second steps, 6 digits: what
// every authenticator app reads from an otpauth:// QR code). Required for ADMIN, offered to
// every operator. An operator enrols by scanning the QR code and confirming one code; from
// then on, signing in takes a code. A code is accepted one step either side of now (clocks
// drift) and only once (a code seen over a shoulder is spent).
//
// Redis keys (the TOTP key sealed with AMS_GATEWAY_SECRET_KEY, common/secret_box.h):
//   gateway:totp:<id>           hash: secret (sealed), last_step
//   gateway:totp-pending:<id>   hash: secret (sealed); for 10 minutes after enrolment begins
#ifndef AMS_SERVICES_GATEWAY_SECOND_FACTOR_H_
#define AMS_SERVICES_GATEWAY_SECOND_FACTOR_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/clock.h"
#include "common/kv_store.h"
#include "common/random.h"

namespace ams::gateway {

// The code of `secret` at time step `step` (RFC 6238 §4, 6 digits).
std::string TotpCode(absl::string_view secret, int64_t step);
// RFC 4648 base32, unpadded: how authenticator apps take a key typed in.
std::string Base32(absl::string_view bytes);
// The QR code of `text` (error correction M) as rows of '1' (dark) and '0'.
std::vector<std::string> QrRows(const std::string& text);

struct TotpEnrollment {
  std::string secret_base32;  // for typing in when the camera cannot scan
  std::string otpauth_uri;    // otpauth://totp/AMS%20Kebumen:siti?secret=…&issuer=…
  std::vector<std::string> qr_rows;
};

class SecondFactor {
 public:
  // `seal_key`: 32 bytes.
  SecondFactor(KvStore* kv, Clock* clock, RandomSource* random, std::string seal_key)
      : kv_(kv), clock_(clock), random_(random), seal_key_(std::move(seal_key)) {}

  absl::StatusOr<bool> Enrolled(const std::string& operator_name);
  // A new key, pending until confirmed; replaces a pending one.
  absl::StatusOr<TotpEnrollment> Begin(const std::string& operator_name);
  // Makes the pending key the operator's when `code` is its current code. INVALID_ARGUMENT
  // (field "code") when it is not; FAILED_PRECONDITION when nothing is pending.
  absl::Status Confirm(const std::string& operator_name, const std::string& code);
  // OK when `code` is the operator's current code, not used before. UNAUTHENTICATED
  // (LOGIN_FAILED) otherwise.
  absl::Status Verify(const std::string& operator_name, const std::string& code);
  // Forgets the operator's second factor (a lost phone), so they enrol again at next sign-in.
  // Only `ams-gateway admin reset-second-factor` does this: never a session.
  absl::Status Remove(const std::string& operator_name);

 private:
  // The step `code` matches around now, or -1.
  int64_t MatchingStep(const std::string& secret, const std::string& code) const;

  KvStore* kv_;
  Clock* clock_;
  RandomSource* random_;
  const std::string seal_key_;
};

}  // namespace ams::gateway

#endif  // AMS_SERVICES_GATEWAY_SECOND_FACTOR_H_
