#include "common/identity_rules.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace ams {
namespace {

absl::Status Invalid(absl::string_view why) { return absl::InvalidArgumentError(why); }

bool AllDigits(absl::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), absl::ascii_isdigit);
}

// The value of `len` digits at `pos`; callers have checked they are all digits.
int DigitsAt(absl::string_view s, size_t pos, size_t len) {
  int value = 0;
  for (char c : s.substr(pos, len)) value = value * 10 + (c - '0');
  return value;
}

std::string Pad2(int v) { return absl::StrCat(absl::Dec(v, absl::kZeroPad2)); }

// absl::CivilDay normalizes (31 Feb becomes 3 Mar), so a date exists only if its fields survive.
bool MakeRealDate(int year, int month, int day, absl::CivilDay* out) {
  absl::CivilDay d(year, month, day);
  if (d.year() != year || d.month() != month || d.day() != day) return false;
  *out = d;
  return true;
}

// YYYYMMDD at the start of a NIP or PPPK number.
absl::Status ParseBirthDate(absl::string_view number, absl::CivilDay today, absl::CivilDay* out) {
  int year = DigitsAt(number, 0, 4), month = DigitsAt(number, 4, 2), day = DigitsAt(number, 6, 2);
  if (!MakeRealDate(year, month, day, out)) {
    return Invalid(absl::StrCat("birth date ", absl::Dec(year, absl::kZeroPad4), "-", Pad2(month),
                                "-", Pad2(day), " does not exist"));
  }
  if (*out > today) {
    return Invalid(absl::StrCat("birth date ", absl::FormatCivilTime(*out), " is in the future"));
  }
  return absl::OkStatus();
}

absl::Status ParseGenderDigit(char c, Gender* out) {
  if (c != '1' && c != '2') return Invalid("gender digit must be 1 or 2");
  *out = c == '1' ? Gender::kMale : Gender::kFemale;
  return absl::OkStatus();
}

absl::string_view GenderName(Gender g) { return g == Gender::kMale ? "male" : "female"; }

bool IsLocalPartChar(char c) {
  return absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '+' ||
         c == '-';
}

}  // namespace

absl::StatusOr<NikInfo> ParseNik(absl::string_view nik, absl::CivilDay today) {
  if (nik.size() != 16 || !AllDigits(nik)) return Invalid("must be 16 digits");
  NikInfo info;
  info.region_code = std::string(nik.substr(0, 6));
  if (int province = DigitsAt(nik, 0, 2); province < 11) {
    return Invalid(absl::StrCat("province code ", Pad2(province), " is not 11-99"));
  }
  if (DigitsAt(nik, 2, 2) == 0) return Invalid("regency code must not be 00");
  if (DigitsAt(nik, 4, 2) == 0) return Invalid("district code must not be 00");

  int day = DigitsAt(nik, 6, 2), month = DigitsAt(nik, 8, 2), yy = DigitsAt(nik, 10, 2);
  if (day >= 1 && day <= 31) {
    info.gender = Gender::kMale;
  } else if (day >= 41 && day <= 71) {
    info.gender = Gender::kFemale;
    day -= 40;
  } else {
    return Invalid(
        absl::StrCat("day ", Pad2(day), " is neither a man's (01-31) nor a woman's (41-71)"));
  }
  if (month < 1 || month > 12) return Invalid(absl::StrCat("month ", Pad2(month), " is not 01-12"));
  const int year = 2000 + yy <= today.year() - 17 ? 2000 + yy : 1900 + yy;
  if (!MakeRealDate(year, month, day, &info.birth_date)) {
    return Invalid(
        absl::StrCat("birth date ", Pad2(day), "-", Pad2(month), "-", Pad2(yy), " does not exist"));
  }
  info.sequence = DigitsAt(nik, 12, 4);
  if (info.sequence == 0) return Invalid("sequence must not be 0000");
  return info;
}

absl::StatusOr<NipInfo> ParseNip(absl::string_view nip, absl::CivilDay today) {
  if (nip.size() != 18 || !AllDigits(nip)) return Invalid("must be 18 digits");
  NipInfo info;
  if (absl::Status s = ParseBirthDate(nip, today, &info.birth_date); !s.ok()) return s;

  const int year = DigitsAt(nip, 8, 4), month = DigitsAt(nip, 12, 2);
  if (month < 1 || month > 12) {
    // "21" there is the PPPK marker: the applicant likely chose the wrong employee type.
    return Invalid(absl::StrCat("appointment month ", Pad2(month), " is not 01-12",
                                month == 21 ? " (21 marks a PPPK number)" : ""));
  }
  info.appointment = absl::CivilMonth(year, month);
  // YYYYMM cannot tell the day, so the month of the 18th birthday is allowed.
  const absl::CivilMonth adult(info.birth_date.year() + 18, info.birth_date.month());
  if (info.appointment < adult) {
    return Invalid(absl::StrCat("appointment ", absl::FormatCivilTime(info.appointment),
                                " is before the holder turned 18"));
  }
  if (info.appointment > absl::CivilMonth(today)) {
    return Invalid(
        absl::StrCat("appointment ", absl::FormatCivilTime(info.appointment), " is in the future"));
  }
  if (absl::Status s = ParseGenderDigit(nip[14], &info.gender); !s.ok()) return s;
  info.sequence = DigitsAt(nip, 15, 3);
  if (info.sequence == 0) return Invalid("sequence must not be 000");
  return info;
}

absl::StatusOr<PppkInfo> ParsePppkNumber(absl::string_view number, absl::CivilDay today) {
  if (number.size() != 18 || !AllDigits(number)) return Invalid("must be 18 digits");
  // The marker first: a NIP entered here should be told it is not a PPPK number, not that its
  // "appointment year" is wrong.
  if (number.substr(12, 2) != "21") return Invalid("digits 13-14 must be 21, the PPPK marker");
  PppkInfo info;
  if (absl::Status s = ParseBirthDate(number, today, &info.birth_date); !s.ok()) return s;

  info.appointment_year = DigitsAt(number, 8, 4);
  const std::string year = absl::StrCat("appointment year ", info.appointment_year);
  if (info.appointment_year < 2019)
    return Invalid(absl::StrCat(year, " is before PPPK began (2019)"));
  if (info.appointment_year < info.birth_date.year() + 18) {
    return Invalid(absl::StrCat(year, " is before the holder turned 18"));
  }
  if (info.appointment_year > today.year()) return Invalid(absl::StrCat(year, " is in the future"));
  if (absl::Status s = ParseGenderDigit(number[14], &info.gender); !s.ok()) return s;
  info.sequence = DigitsAt(number, 15, 3);
  if (info.sequence == 0) return Invalid("sequence must not be 000");
  return info;
}

absl::Status CheckNikAgrees(const NikInfo& nik, absl::CivilDay birth_date, Gender gender) {
  if (nik.birth_date != birth_date) {
    return Invalid(absl::StrCat("birth date ", absl::FormatCivilTime(birth_date),
                                " differs from the NIK's ", absl::FormatCivilTime(nik.birth_date)));
  }
  if (nik.gender != gender) {
    return Invalid(absl::StrCat("gender ", GenderName(gender), " differs from the NIK's ",
                                GenderName(nik.gender)));
  }
  return absl::OkStatus();
}

absl::Status CheckOfficialEmail(absl::string_view email, const std::vector<std::string>& domains) {
  if (domains.empty()) return Invalid("no official e-mail domain is configured");
  if (email.empty()) return Invalid("is required");
  // Before anything else: look-alike letters from other scripts are the usual trick.
  if (std::any_of(email.begin(), email.end(), [](char c) { return (c & 0x80) != 0; })) {
    return Invalid("must contain only ASCII characters");
  }
  if (email.size() > 254) return Invalid("is longer than 254 characters");
  const size_t at = email.find('@');
  if (at == absl::string_view::npos || email.find('@', at + 1) != absl::string_view::npos) {
    return Invalid("must contain exactly one @");
  }
  const absl::string_view local = email.substr(0, at), domain = email.substr(at + 1);
  if (local.empty()) return Invalid("the part before @ is empty");
  if (local.size() > 64) return Invalid("the part before @ is longer than 64 characters");
  // Quoted strings, comments and spaces are valid RFC 5322 but fail here: mail systems disagree
  // on them, and the address is also an account name.
  if (!std::all_of(local.begin(), local.end(), IsLocalPartChar)) {
    return Invalid("the part before @ may contain only letters, digits and . _ + -");
  }
  if (local.front() == '.' || local.back() == '.') {
    return Invalid("the part before @ must not start or end with a dot");
  }
  if (absl::StrContains(local, "..")) return Invalid("the part before @ must not contain '..'");
  // Whole-domain equality: suffix or prefix matching would admit x.kebumenkab.go.id or
  // kebumenkab.go.id.evil.com.
  for (const std::string& d : domains) {
    if (absl::EqualsIgnoreCase(domain, d)) return absl::OkStatus();
  }
  return Invalid(absl::StrCat("domain must be ", absl::StrJoin(domains, " or ")));
}

}  // namespace ams
