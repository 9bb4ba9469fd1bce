// Identity rules two SOP phases apply (intake at step 1, verification at step 5): NIK, NIP
// and PPPK numbers and their agreement, and the official e-mail. Every failure is
// INVALID_ARGUMENT with a short reason for a person, never echoing the whole input.
#ifndef AMS_COMMON_IDENTITY_RULES_H_
#define AMS_COMMON_IDENTITY_RULES_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"

namespace ams {

enum class Gender { kMale, kFemale };

// NIK: 16 digits = region (province 11..99, regency and district not 00), birth date DDMMYY
// with 40 added to the day for women, sequence (not 0000).
struct NikInfo {
  std::string region_code;
  absl::CivilDay birth_date;
  Gender gender = Gender::kMale;
  int sequence = 0;
};
// YY is 20YY when that is at least 17 years ago, else 19YY (applicants are adults).
absl::StatusOr<NikInfo> ParseNik(absl::string_view nik, absl::CivilDay today);

// NIP: 18 digits = birth date YYYYMMDD, appointment YYYYMM (not before the 18th birthday,
// not after this month), gender 1 male / 2 female, sequence (not 000).
struct NipInfo {
  absl::CivilDay birth_date;
  absl::CivilMonth appointment;
  Gender gender = Gender::kMale;
  int sequence = 0;
};
absl::StatusOr<NipInfo> ParseNip(absl::string_view nip, absl::CivilDay today);

// PPPK number (the project's documented rule): 18 digits = birth date YYYYMMDD, appointment
// year YYYY (2019 or later, when PPPK began; at least 18 years after birth; not in the
// future), "21" marking PPPK, gender 1/2, sequence (not 000).
struct PppkInfo {
  absl::CivilDay birth_date;
  int appointment_year = 0;
  Gender gender = Gender::kMale;
  int sequence = 0;
};
absl::StatusOr<PppkInfo> ParsePppkNumber(absl::string_view number, absl::CivilDay today);

// The NIK and the employee number of one person agree on birth date and gender.
absl::Status CheckNikAgrees(const NikInfo& nik, absl::CivilDay birth_date, Gender gender);

// The official e-mail: ASCII; one '@'; a dot-atom local part of [A-Za-z0-9._+-] (no leading,
// trailing or doubled dots; at most 64); a domain equal, ignoring case, to one of `domains`
// (no sub-domains, no trailing dot, no look-alikes); at most 254 characters in all.
absl::Status CheckOfficialEmail(absl::string_view email, const std::vector<std::string>& domains);

}  // namespace ams

#endif  // AMS_COMMON_IDENTITY_RULES_H_
