#include "services/gateway/second_factor.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <qrencode.h>

#include <memory>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/api_keys.h"
#include "common/rpc_status.h"
#include "common/secret_box.h"
#include "common/status_macros.h"
#include "services/gateway/operators.h"

namespace ams::gateway {
namespace {

constexpr int64_t kStepSeconds = 30;

std::string Key(absl::string_view id) { return absl::StrCat("gateway:totp:", id); }
std::string PendingKey(absl::string_view id) { return absl::StrCat("gateway:totp-pending:", id); }

}  // namespace

std::string TotpCode(absl::string_view secret, int64_t step) {
  unsigned char counter[8];
  for (int i = 7; i >= 0; --i, step >>= 8) counter[i] = static_cast<unsigned char>(step & 0xff);
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha1(), secret.data(), static_cast<int>(secret.size()), counter, sizeof(counter), mac,
       &length);
  const int offset = mac[length - 1] & 0x0f;  // RFC 4226 §5.4, dynamic truncation
  const uint32_t binary = (static_cast<uint32_t>(mac[offset] & 0x7f) << 24) |
                          (static_cast<uint32_t>(mac[offset + 1]) << 16) |
                          (static_cast<uint32_t>(mac[offset + 2]) << 8) | mac[offset + 3];
  return absl::StrFormat("%06d", binary % 1000000);
}

std::string Base32(absl::string_view bytes) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  std::string out;
  uint32_t buffer = 0;
  int bits = 0;
  for (unsigned char c : bytes) {
    buffer = (buffer << 8) | c;
    bits += 8;
    while (bits >= 5) {
      out += kAlphabet[(buffer >> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += kAlphabet[(buffer << (5 - bits)) & 31];
  return out;
}

std::vector<std::string> QrRows(const std::string& text) {
  std::unique_ptr<QRcode, decltype(&QRcode_free)> qr(
      QRcode_encodeString(text.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1), &QRcode_free);
  std::vector<std::string> rows;
  if (qr == nullptr) return rows;
  for (int y = 0; y < qr->width; ++y) {
    std::string row(qr->width, '0');
    for (int x = 0; x < qr->width; ++x) {
      if (qr->data[y * qr->width + x] & 1) row[x] = '1';
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

int64_t SecondFactor::MatchingStep(const std::string& secret, const std::string& code) const {
  const int64_t now = absl::ToUnixSeconds(clock_->Now()) / kStepSeconds;
  for (int64_t step : {now, now - 1, now + 1}) {
    if (TotpCode(secret, step) == code) return step;
  }
  return -1;
}

absl::StatusOr<bool> SecondFactor::Enrolled(const std::string& operator_name) {
  ASSIGN_OR_RETURN(KvReply n, kv_->Run({"EXISTS", Key(OperatorId(operator_name))}));
  return n.integer > 0;
}

absl::StatusOr<TotpEnrollment> SecondFactor::Begin(const std::string& operator_name) {
  const std::string id = OperatorId(operator_name);
  const std::string secret = random_->Bytes(20);  // 160 bits, as RFC 4226 recommends
  RETURN_IF_ERROR(
      kv_->Transaction({{"DEL", PendingKey(id)},
                        {"HSET", PendingKey(id), "secret", Seal(seal_key_, secret, *random_)},
                        {"EXPIRE", PendingKey(id), "600"}})
          .status());
  TotpEnrollment e;
  e.secret_base32 = Base32(secret);
  e.otpauth_uri = absl::StrCat("otpauth://totp/AMS%20Kebumen:", id, "?secret=", e.secret_base32,
                               "&issuer=AMS%20Kebumen&algorithm=SHA1&digits=6&period=30");
  e.qr_rows = QrRows(e.otpauth_uri);
  return e;
}

absl::Status SecondFactor::Confirm(const std::string& operator_name, const std::string& code) {
  const std::string id = OperatorId(operator_name);
  ASSIGN_OR_RETURN(KvReply sealed, kv_->Run({"HGET", PendingKey(id), "secret"}));
  if (sealed.is_nil()) {
    return WithReason(absl::FailedPreconditionError("begin the enrolment again: it expired"),
                      ams::type::v1::ERROR_REASON_INVALID_STATE);
  }
  ASSIGN_OR_RETURN(std::string secret, Open(seal_key_, sealed.str));
  const int64_t step = MatchingStep(secret, code);
  if (step < 0) return InvalidFields({{"code", "is not the code the app shows now"}});
  return kv_
      ->Transaction({{"DEL", Key(id)},
                     {"HSET", Key(id), "secret", sealed.str, "last_step", absl::StrCat(step)},
                     {"DEL", PendingKey(id)}})
      .status();
}

absl::Status SecondFactor::Verify(const std::string& operator_name, const std::string& code) {
  const std::string id = OperatorId(operator_name);
  ASSIGN_OR_RETURN(KvReply stored, kv_->Run({"HGETALL", Key(id)}));
  std::string sealed, last;
  for (const auto& [field, value] : HashPairs(stored)) {
    if (field == "secret") sealed = value;
    if (field == "last_step") last = value;
  }
  if (sealed.empty()) return SignInFailed();
  ASSIGN_OR_RETURN(std::string secret, Open(seal_key_, sealed));
  const int64_t step = MatchingStep(secret, code);
  int64_t last_step = -1;
  (void)absl::SimpleAtoi(last, &last_step);
  if (step < 0 || step <= last_step) return SignInFailed();
  // Spent only if nobody spent it in between: two sign-ins with one code get one session.
  absl::Status spent = kv_->Transaction({{"HSET", Key(id), "last_step", absl::StrCat(step)}},
                                        {{Key(id), "last_step", last}})
                           .status();
  return absl::IsAborted(spent) ? SignInFailed() : spent;
}

absl::Status SecondFactor::Remove(const std::string& operator_name) {
  const std::string id = OperatorId(operator_name);
  return kv_->Run({"DEL", Key(id), PendingKey(id)}).status();
}

}  // namespace ams::gateway
