// Identity rules that intake (SOP step 1) and verification (step 5) apply: the NIK, the NIP or
// PPPK number, their agreement, and the official e-mail. Pure functions of their input and
// `today`, so both phases judge one application alike. Every failure is INVALID_ARGUMENT with
// a short reason for a person; the reason names neither the field (the caller does) nor echoes
// the whole input (numbers are personal data and end up in logs).
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

// NIK (national identity number): 16 digits = region code (province 11..99, regency and
// district not 00), birth date DDMMYY with 40 added to the day for women, sequence (not 0000).
struct NikInfo {
  std::string region_code;  // the first 6 digits
  absl::CivilDay birth_date;
  Gender gender = Gender::kMale;
  int sequence = 0;
};
// The NIK holds only YY: it is 20YY if that year is at most today's year minus 17, else 19YY
// (applicants are adults).
absl::StatusOr<NikInfo> ParseNik(absl::string_view nik, absl::CivilDay today);

// NIP (civil-servant number): 18 digits = birth date YYYYMMDD (real, not in the future),
// appointment YYYYMM (not before the month of the 18th birthday, not after this month), gender
// 1 male / 2 female, sequence (not 000).
struct NipInfo {
  absl::CivilDay birth_date;
  absl::CivilMonth appointment;
  Gender gender = Gender::kMale;
  int sequence = 0;
};
absl::StatusOr<NipInfo> ParseNip(absl::string_view nip, absl::CivilDay today);

// PPPK number (the project's documented rule): 18 digits = birth date YYYYMMDD (real, not in
// the future), appointment year YYYY (2019 or later, when PPPK began; at least birth year + 18;
// not after this year), "21" marking PPPK, gender 1/2, sequence (not 000). The marker sits
// where a NIP has its appointment month, so no number is both a valid NIP and a PPPK number.
struct PppkInfo {
  absl::CivilDay birth_date;
  int appointment_year = 0;
  Gender gender = Gender::kMale;
  int sequence = 0;
};
absl::StatusOr<PppkInfo> ParsePppkNumber(absl::string_view number, absl::CivilDay today);

// The NIK and the NIP or PPPK number of one person agree on birth date and gender.
absl::Status CheckNikAgrees(const NikInfo& nik, absl::CivilDay birth_date, Gender gender);

// The official e-mail: ASCII only; exactly one '@'; a dot-atom local part of [A-Za-z0-9._+-]
// (not empty, at most 64, no leading, trailing or doubled dots); a domain equal, ignoring case,
// to one of `domains` (so no sub-domains, trailing dot or look-alikes); at most 254 in all.
// Strict on purpose: the activation link and initial password go to this mailbox.
absl::Status CheckOfficialEmail(absl::string_view email, const std::vector<std::string>& domains);

}  // namespace ams

#endif  // AMS_COMMON_IDENTITY_RULES_H_
