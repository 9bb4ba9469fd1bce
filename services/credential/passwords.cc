#include "services/credential/passwords.h"

#include <pwquality.h>

#include <algorithm>
#include <cctype>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/synchronization/mutex.h"
#include "common/rpc_status.h"

namespace ams::credential {
namespace {

constexpr char kLower[] = "abcdefghijkmnpqrstuvwxyz";  // no l, o
constexpr char kUpper[] = "ACDEFGHJKLMNPQRTUVWXY";     // no B, I, O, S, Z
constexpr char kDigits[] = "34679";                    // no 0, 1, 2, 5, 8

absl::Status Weak(const std::string& why) { return InvalidFields({{"new_password", why}}); }

}  // namespace

std::string InitialPassword(int length, RandomSource& random) {
  const std::string all = absl::StrCat(kLower, kUpper, kDigits);
  auto pick = [&](absl::string_view from) { return from[random.Uniform(from.size())]; };
  while (true) {
    std::string p;
    for (int i = 0; i < length; ++i) p += pick(all);
    bool lower = false, upper = false, digit = false;
    for (char c : p) {
      lower |= absl::ascii_islower(c);
      upper |= absl::ascii_isupper(c);
      digit |= absl::ascii_isdigit(c);
    }
    if (lower && upper && digit) return p;  // rejection keeps every accepted one equally likely
  }
}

absl::Status CheckNewPassword(const std::string& new_password, const std::string& current_password,
                              const PasswordOwner& owner, int min_length,
                              const CommonPasswords& common) {
  if (new_password == current_password) return Weak("must differ from the current password");
  const std::string lower = absl::AsciiStrToLower(new_password);
  if (!owner.username.empty() && absl::StrContains(lower, absl::AsciiStrToLower(owner.username))) {
    return Weak("must not contain the username");
  }
  for (absl::string_view part : absl::StrSplit(owner.full_name, absl::ByAnyChar(" .,'-"))) {
    if (part.size() >= 3 && absl::StrContains(lower, absl::AsciiStrToLower(part))) {
      return Weak("must not contain a part of the name");
    }
  }
  int digits = 0;
  for (char c : new_password) {
    digits = absl::ascii_isdigit(c) ? digits + 1 : 0;
    if (digits >= 8) return Weak("must not contain 8 digits in a row (NIP, NIK or a date)");
  }
  // Before libpwquality, so the applicant reads why in plain words.
  if (common.Contains(new_password)) return Weak("is a commonly used or breached password");
  // libpwquality (and cracklib under it) keeps state in statics: one check at a time.
  static absl::Mutex mu(absl::kConstInit);
  absl::MutexLock lock(&mu);
  pwquality_settings_t* settings = pwquality_default_settings();
  pwquality_set_int_value(settings, PWQ_SETTING_MIN_LENGTH, min_length);
  void* aux = nullptr;
  const int score = pwquality_check(settings, new_password.c_str(), current_password.c_str(),
                                    owner.username.c_str(), &aux);
  absl::Status result = absl::OkStatus();
  if (score < 0) {
    char buf[PWQ_MAX_ERROR_MESSAGE_LEN];
    result = Weak(pwquality_strerror(buf, sizeof buf, score, aux));
  }
  pwquality_free_settings(settings);
  return result;
}

}  // namespace ams::credential
