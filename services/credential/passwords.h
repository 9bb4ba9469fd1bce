// Passwords of SOP steps 6-8: the initial password mailed to the applicant (hashed with
// common/password_hasher.h), and the rules a new password must pass (libpwquality plus the SOP's
// own: not the initial one, nothing of the username, name or an employee number in it).
#ifndef AMS_SERVICES_CREDENTIAL_PASSWORDS_H_
#define AMS_SERVICES_CREDENTIAL_PASSWORDS_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "common/password_hasher.h"
#include "common/random.h"
#include "services/credential/common_passwords.h"

namespace ams::credential {

using ::ams::Argon2Params;
using ::ams::PasswordHasher;

// An initial password of `length` characters from an alphabet without look-alikes (no 0/O/o,
// 1/l/I, 5/S, 2/Z, 8/B), with at least one lowercase, one uppercase and one digit.
std::string InitialPassword(int length, RandomSource& random);

// Who the password belongs to, for the rules that forbid parts of it.
struct PasswordOwner {
  std::string username;
  std::string full_name;
};

// What the rules say of a new password: acceptable with libpwquality's score (0-100), or the
// rule it fails (TOO_SHORT, TOO_FEW_CLASSES, SAME_AS_CURRENT, TOO_SIMILAR, CONTAINS_USERNAME,
// CONTAINS_NAME, DIGIT_RUN, COMMON, DICTIONARY_WORD, OTHER) and why in words.
struct PasswordVerdict {
  std::string rule;  // empty when acceptable
  std::string reason;
  int score = 0;
  bool acceptable() const { return rule.empty(); }
};
PasswordVerdict JudgeNewPassword(const std::string& new_password,
                                 const std::string& current_password, const PasswordOwner& owner,
                                 int min_length, const CommonPasswords& common);

// INVALID_ARGUMENT naming `new_password` when it fails: libpwquality's checks (length at
// least `min_length`, character classes, dictionary words, similarity to the current one),
// equal to the current one, containing the username, a part of the name (3+ letters) or a
// run of 8 digits (an employee number, NIK or birth date), or in `common`.
absl::Status CheckNewPassword(const std::string& new_password, const std::string& current_password,
                              const PasswordOwner& owner, int min_length,
                              const CommonPasswords& common);

}  // namespace ams::credential

#endif  // AMS_SERVICES_CREDENTIAL_PASSWORDS_H_
