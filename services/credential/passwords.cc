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

namespace {

// libpwquality's error, as PasswordVerdict::rule names it.
const char* RuleOf(int pwquality_error) {
  switch (pwquality_error) {
    case PWQ_ERROR_MIN_LENGTH:
      return "TOO_SHORT";
    case PWQ_ERROR_MIN_CLASSES:
    case PWQ_ERROR_MIN_DIGITS:
    case PWQ_ERROR_MIN_UPPERS:
    case PWQ_ERROR_MIN_LOWERS:
    case PWQ_ERROR_MIN_OTHERS:
      return "TOO_FEW_CLASSES";
    case PWQ_ERROR_SAME_PASSWORD:
      return "SAME_AS_CURRENT";
    case PWQ_ERROR_TOO_SIMILAR:
    case PWQ_ERROR_CASE_CHANGES_ONLY:
    case PWQ_ERROR_ROTATED:
    case PWQ_ERROR_PALINDROME:
      return "TOO_SIMILAR";
    case PWQ_ERROR_USER_CHECK:
      return "CONTAINS_USERNAME";
    case PWQ_ERROR_CRACKLIB_CHECK:
      return "DICTIONARY_WORD";
    default:
      return "OTHER";
  }
}

}  // namespace

PasswordVerdict JudgeNewPassword(const std::string& new_password,
                                 const std::string& current_password, const PasswordOwner& owner,
                                 int min_length, const CommonPasswords& common) {
  if (new_password == current_password) {
    return {"SAME_AS_CURRENT", "must differ from the current password"};
  }
  const std::string lower = absl::AsciiStrToLower(new_password);
  if (!owner.username.empty() && absl::StrContains(lower, absl::AsciiStrToLower(owner.username))) {
    return {"CONTAINS_USERNAME", "must not contain the username"};
  }
  for (absl::string_view part : absl::StrSplit(owner.full_name, absl::ByAnyChar(" .,'-"))) {
    if (part.size() >= 3 && absl::StrContains(lower, absl::AsciiStrToLower(part))) {
      return {"CONTAINS_NAME", "must not contain a part of the name"};
    }
  }
  int digits = 0;
  for (char c : new_password) {
    digits = absl::ascii_isdigit(c) ? digits + 1 : 0;
    if (digits >= 8)
      return {"DIGIT_RUN", "must not contain 8 digits in a row (NIP, NIK or a date)"};
  }
  // Before libpwquality, so the applicant reads why in plain words.
  if (common.Contains(new_password)) {
    return {"COMMON", "is a commonly used or breached password"};
  }
  // libpwquality (and cracklib under it) keeps state in statics: one check at a time.
  static absl::Mutex mu(absl::kConstInit);
  absl::MutexLock lock(&mu);
  pwquality_settings_t* settings = pwquality_default_settings();
  pwquality_set_int_value(settings, PWQ_SETTING_MIN_LENGTH, min_length);
  void* aux = nullptr;
  const int score = pwquality_check(settings, new_password.c_str(), current_password.c_str(),
                                    owner.username.c_str(), &aux);
  PasswordVerdict verdict;
  if (score < 0) {
    char buf[PWQ_MAX_ERROR_MESSAGE_LEN];
    verdict = {RuleOf(score), pwquality_strerror(buf, sizeof buf, score, aux)};
  } else {
    verdict.score = score;
  }
  pwquality_free_settings(settings);
  return verdict;
}

absl::Status CheckNewPassword(const std::string& new_password, const std::string& current_password,
                              const PasswordOwner& owner, int min_length,
                              const CommonPasswords& common) {
  PasswordVerdict verdict =
      JudgeNewPassword(new_password, current_password, owner, min_length, common);
  if (verdict.acceptable()) return absl::OkStatus();
  return Weak(verdict.reason);
}

}  // namespace ams::credential
