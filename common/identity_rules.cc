#include "common/identity_rules.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"

namespace ams {
namespace {

absl::Status Invalid(absl::string_view why) { return absl::InvalidArgumentError(why); }

bool AllDigits(absl::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

int Digits(absl::string_view s) {
  int v = 0;
  absl::SimpleAtoi(s, &v);
  return v;
}

// The day, if it exists (absl::CivilDay would roll 31 Feb over into March).
bool RealDate(int y, int m, int d, absl::CivilDay* out) {
  absl::CivilDay day(y, m, d);
  if (m < 1 || m > 12 || day.year() != y || day.month() != m || day.day() != d) return false;
  *out = day;
  return true;
}

// Birth date YYYYMMDD shared by NIP and PPPK numbers.
absl::Status ParseBirthDate(absl::string_view s, absl::CivilDay today, absl::CivilDay* out) {
  int y = Digits(s.substr(0, 4)), m = Digits(s.substr(4, 2)), d = Digits(s.substr(6, 2));
  if (!RealDate(y, m, d, out)) {
    return Invalid(absl::StrFormat("birth date %04d-%02d-%02d does not exist", y, m, d));
  }
  if (*out > today) return Invalid("birth date is in the future");
  return absl::OkStatus();
}

absl::Status ParseGender(char c, Gender* out) {
  if (c != '1' && c != '2') return Invalid("gender digit must be 1 (male) or 2 (female)");
  *out = c == '1' ? Gender::kMale : Gender::kFemale;
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<NikInfo> ParseNik(absl::string_view nik, absl::CivilDay today) {
  if (nik.size() != 16 || !AllDigits(nik)) return Invalid("must be 16 digits");
  NikInfo info;
  info.region_code = std::string(nik.substr(0, 6));
  if (Digits(nik.substr(0, 2)) < 11) return Invalid("province code must be 11 to 99");
  if (nik.substr(2, 2) == "00") return Invalid("regency code must not be 00");
  if (nik.substr(4, 2) == "00") return Invalid("district code must not be 00");
  int day = Digits(nik.substr(6, 2)), month = Digits(nik.substr(8, 2)), yy = Digits(nik.substr(10, 2));
  if (day >= 1 && day <= 31) {
    info.gender = Gender::kMale;
  } else if (day >= 41 && day <= 71) {
    info.gender = Gender::kFemale;
    day -= 40;
  } else {
    return Invalid(absl::StrFormat("day %02d is neither a man's (01-31) nor a woman's (41-71)", day));
  }
  int year = 2000 + yy <= static_cast<int>(today.year()) - 17 ? 2000 + yy : 1900 + yy;
  if (!RealDate(year, month, day, &info.birth_date)) {
    return Invalid(absl::StrFormat("birth date %02d-%02d-%02d does not exist", day, month, yy));
  }
  info.sequence = Digits(nik.substr(12, 4));
  if (info.sequence == 0) return Invalid("sequence number must not be 0000");
  return info;
}

absl::StatusOr<NipInfo> ParseNip(absl::string_view nip, absl::CivilDay today) {
  if (nip.size() != 18 || !AllDigits(nip)) return Invalid("must be 18 digits");
  NipInfo info;
  if (absl::Status s = ParseBirthDate(nip, today, &info.birth_date); !s.ok()) return s;
  int ay = Digits(nip.substr(8, 4)), am = Digits(nip.substr(12, 2));
  if (am < 1 || am > 12) return Invalid(absl::StrFormat("appointment month %02d is not 01-12", am));
  info.appointment = absl::CivilMonth(ay, am);
  absl::CivilMonth adult(info.birth_date.year() + 18, info.birth_date.month());
  if (info.appointment < adult) {
    return Invalid(absl::StrFormat("appointment %04d-%02d is before the holder turned 18", ay, am));
  }
  if (info.appointment > absl::CivilMonth(today)) {
    return Invalid(absl::StrFormat("appointment %04d-%02d is in the future", ay, am));
  }
  if (absl::Status s = ParseGender(nip[14], &info.gender); !s.ok()) return s;
  info.sequence = Digits(nip.substr(15, 3));
  if (info.sequence == 0) return Invalid("sequence number must not be 000");
  return info;
}

absl::StatusOr<PppkInfo> ParsePppkNumber(absl::string_view number, absl::CivilDay today) {
  if (number.size() != 18 || !AllDigits(number)) return Invalid("must be 18 digits");
  PppkInfo info;
  if (absl::Status s = ParseBirthDate(number, today, &info.birth_date); !s.ok()) return s;
  info.appointment_year = Digits(number.substr(8, 4));
  if (info.appointment_year < 2019) {
    return Invalid(absl::StrCat("appointment year ", info.appointment_year,
                                " is before PPPK began (2019)"));
  }
  if (info.appointment_year < info.birth_date.year() + 18) {
    return Invalid(absl::StrCat("appointment year ", info.appointment_year,
                                " is before the holder turned 18"));
  }
  if (info.appointment_year > today.year()) {
    return Invalid(absl::StrCat("appointment year ", info.appointment_year, " is in the future"));
  }
  if (number.substr(12, 2) != "21") return Invalid("digits 13-14 must be 21, the PPPK marker");
  if (absl::Status s = ParseGender(number[14], &info.gender); !s.ok()) return s;
  info.sequence = Digits(number.substr(15, 3));
  if (info.sequence == 0) return Invalid("sequence number must not be 000");
  return info;
}

absl::Status CheckNikAgrees(const NikInfo& nik, absl::CivilDay birth_date, Gender gender) {
  if (nik.birth_date != birth_date) {
    return Invalid("birth date differs from the one in the NIK");
  }
  if (nik.gender != gender) return Invalid("gender differs from the one in the NIK");
  return absl::OkStatus();
}

absl::Status CheckOfficialEmail(absl::string_view email, const std::vector<std::string>& domains) {
  const std::string expected = absl::StrCat("domain must be ", absl::StrJoin(domains, " or "));
  if (email.empty()) return Invalid("is required");
  if (email.size() > 254) return Invalid("is longer than 254 characters");
  for (unsigned char c : email) {
    if (c >= 0x80) return Invalid("must be plain ASCII");
  }
  size_t at = email.find('@');
  if (at == absl::string_view::npos || email.find('@', at + 1) != absl::string_view::npos) {
    return Invalid("must have exactly one @");
  }
  absl::string_view local = email.substr(0, at), domain = email.substr(at + 1);
  if (local.empty() || local.size() > 64) return Invalid("the part before @ must be 1 to 64 characters");
  for (char c : local) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '_' && c != '+' &&
        c != '-') {
      return Invalid("the part before @ may hold only letters, digits and . _ + -");
    }
  }
  if (local.front() == '.' || local.back() == '.' || local.find("..") != absl::string_view::npos) {
    return Invalid("the part before @ must not start or end with a dot or hold two in a row");
  }
  for (const std::string& d : domains) {
    if (absl::EqualsIgnoreCase(domain, d)) return absl::OkStatus();
  }
  return Invalid(expected);
}

}  // namespace ams
