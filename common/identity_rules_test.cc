#include "common/identity_rules.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace ams {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

const absl::CivilDay kToday(2026, 11, 25);

using Day = absl::CivilDay;
using Month = absl::CivilMonth;
constexpr Gender kMale = Gender::kMale;
constexpr Gender kFemale = Gender::kFemale;

// The reason is for a person: INVALID_ARGUMENT, the distinctive part, and never the whole input.
void ExpectRefused(const absl::Status& status, absl::string_view input, absl::string_view reason) {
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << input << ": " << status;
  EXPECT_THAT(status.message(), HasSubstr(reason)) << input;
  if (!input.empty()) {
    EXPECT_THAT(status.message(), Not(HasSubstr(input))) << input;
  }
}

struct ValidNik {
  const char* nik;
  absl::CivilDay birth_date;
  Gender gender;
  int sequence;
};

TEST(ParseNik, AcceptsValidNumbers) {
  const ValidNik cases[] = {
      {"3305011507900001", Day(1990, 7, 15), kMale, 1},
      {"3305015507900002", Day(1990, 7, 15), kFemale, 2},   // day 55 is a woman's 15
      {"3305014101850003", Day(1985, 1, 1), kFemale, 3},    // a woman's first day, 41
      {"3305017112990004", Day(1999, 12, 31), kFemale, 4},  // a woman's last day, 71
      {"3305013112990005", Day(1999, 12, 31), kMale, 5},
      {"3305012902000006", Day(2000, 2, 29), kMale, 6},  // leap day
      {"3305016902000007", Day(2000, 2, 29), kFemale, 7},
      {"3305011506050008", Day(2005, 6, 15), kMale, 8},     // YY 05 is 2005
      {"3305011506090009", Day(2009, 6, 15), kMale, 9},     // 2009 = 2026 - 17, the last 20YY
      {"3305011506100010", Day(1910, 6, 15), kMale, 10},    // 2010 is too recent: 1910
      {"3305011506300011", Day(1930, 6, 15), kMale, 11},    // YY 30 is 1930
      {"1101011507909999", Day(1990, 7, 15), kMale, 9999},  // province 11, the lowest
  };
  for (const ValidNik& c : cases) {
    absl::StatusOr<NikInfo> info = ParseNik(c.nik, kToday);
    ASSERT_TRUE(info.ok()) << c.nik << ": " << info.status();
    EXPECT_EQ(info->region_code, std::string(c.nik).substr(0, 6)) << c.nik;
    EXPECT_EQ(info->birth_date, c.birth_date) << c.nik;
    EXPECT_EQ(info->gender, c.gender) << c.nik;
    EXPECT_EQ(info->sequence, c.sequence) << c.nik;
  }
}

struct Refused {
  const char* input;
  const char* reason;  // a distinctive part of it
};

TEST(ParseNik, RefusesInvalidNumbers) {
  const Refused cases[] = {
      {"3305014007900001", "day 40 is neither a man's (01-31) nor a woman's (41-71)"},
      {"3305017207900001", "day 72 is neither"},
      {"3305013207900001", "day 32 is neither"},
      {"3305010007900001", "day 00 is neither"},
      {"3305011513900001", "month 13 is not 01-12"},
      {"3305011500900001", "month 00 is not 01-12"},
      {"3305013102900001", "birth date 31-02-90 does not exist"},
      {"3305017102900001", "birth date 31-02-90 does not exist"},  // a woman's 31 Feb
      {"3305013104900001", "birth date 31-04-90 does not exist"},
      {"3305012902230001", "birth date 29-02-23 does not exist"},  // 1923: not a leap year
      {"3305011507900000", "sequence must not be 0000"},
      {"3300011507900001", "regency code must not be 00"},
      {"3305001507900001", "district code must not be 00"},
      {"1005011507900001", "province code 10 is not 11-99"},
      {"0005011507900001", "province code 00 is not 11-99"},
      {"330501150790001", "must be 16 digits"},
      {"33050115079000011", "must be 16 digits"},
      {"33050115079O0001", "must be 16 digits"},  // letter O
      {"3305011507900001 ", "must be 16 digits"},
      {"3305-0115079000", "must be 16 digits"},
      {"+305011507900001", "must be 16 digits"},
      {"", "must be 16 digits"},
  };
  for (const Refused& c : cases) {
    ExpectRefused(ParseNik(c.input, kToday).status(), c.input, c.reason);
  }
}

struct ValidNip {
  const char* nip;
  absl::CivilDay birth_date;
  absl::CivilMonth appointment;
  Gender gender;
  int sequence;
};

TEST(ParseNip, AcceptsValidNumbers) {
  const ValidNip cases[] = {
      {"199007152015031001", Day(1990, 7, 15), Month(2015, 3), kMale, 1},
      {"200002292020122002", Day(2000, 2, 29), Month(2020, 12), kFemale, 2},  // leap day
      {"199007152008071003", Day(1990, 7, 15), Month(2008, 7), kMale, 3},  // the month of the 18th
      {"200811252026112999", Day(2008, 11, 25), Month(2026, 11), kFemale, 999},  // 18 today
  };
  for (const ValidNip& c : cases) {
    absl::StatusOr<NipInfo> info = ParseNip(c.nip, kToday);
    ASSERT_TRUE(info.ok()) << c.nip << ": " << info.status();
    EXPECT_EQ(info->birth_date, c.birth_date) << c.nip;
    EXPECT_EQ(info->appointment, c.appointment) << c.nip;
    EXPECT_EQ(info->gender, c.gender) << c.nip;
    EXPECT_EQ(info->sequence, c.sequence) << c.nip;
  }
}

TEST(ParseNip, RefusesInvalidNumbers) {
  const Refused cases[] = {
      {"199007152008061001", "appointment 2008-06 is before the holder turned 18"},
      {"199007152026121001", "appointment 2026-12 is in the future"},
      {"199007152015131001", "appointment month 13 is not 01-12"},
      {"199007152015001001", "appointment month 00 is not 01-12"},
      {"199007152022211001", "(21 marks a PPPK number)"},
      {"199007152015033001", "gender digit must be 1 or 2"},
      {"199007152015030001", "gender digit must be 1 or 2"},
      {"199007152015031000", "sequence must not be 000"},
      {"199002302015031001", "birth date 1990-02-30 does not exist"},
      {"190002292015031001", "birth date 1900-02-29 does not exist"},  // 1900: not leap
      {"202302292015031001", "birth date 2023-02-29 does not exist"},
      {"199013012015031001", "birth date 1990-13-01 does not exist"},
      {"202611262044121001", "birth date 2026-11-26 is in the future"},
      {"19900715201503100", "must be 18 digits"},
      {"1990071520150310011", "must be 18 digits"},
      {"19900715201503100x", "must be 18 digits"},
      {"", "must be 18 digits"},
  };
  for (const Refused& c : cases) {
    ExpectRefused(ParseNip(c.input, kToday).status(), c.input, c.reason);
  }
}

struct ValidPppk {
  const char* number;
  absl::CivilDay birth_date;
  int appointment_year;
  Gender gender;
  int sequence;
};

TEST(ParsePppkNumber, AcceptsValidNumbers) {
  const ValidPppk cases[] = {
      {"199007152022211001", Day(1990, 7, 15), 2022, kMale, 1},
      {"200002292019212002", Day(2000, 2, 29), 2019, kFemale, 2},   // PPPK's first year
      {"200812312026211999", Day(2008, 12, 31), 2026, kMale, 999},  // birth year + 18, this year
  };
  for (const ValidPppk& c : cases) {
    absl::StatusOr<PppkInfo> info = ParsePppkNumber(c.number, kToday);
    ASSERT_TRUE(info.ok()) << c.number << ": " << info.status();
    EXPECT_EQ(info->birth_date, c.birth_date) << c.number;
    EXPECT_EQ(info->appointment_year, c.appointment_year) << c.number;
    EXPECT_EQ(info->gender, c.gender) << c.number;
    EXPECT_EQ(info->sequence, c.sequence) << c.number;
  }
}

TEST(ParsePppkNumber, RefusesInvalidNumbers) {
  const Refused cases[] = {
      {"199007152018211001", "appointment year 2018 is before PPPK began (2019)"},
      {"200901012026211001", "appointment year 2026 is before the holder turned 18"},
      {"199007152027211001", "appointment year 2027 is in the future"},
      {"199007152015031001", "digits 13-14 must be 21, the PPPK marker"},  // a NIP
      {"199007152022311001", "the PPPK marker"},
      {"199007152022213001", "gender digit must be 1 or 2"},
      {"199007152022211000", "sequence must not be 000"},
      {"202302292022211001", "birth date 2023-02-29 does not exist"},
      {"202611262026211001", "birth date 2026-11-26 is in the future"},
      {"1990071520222110", "must be 18 digits"},
      {"19900715 022211001", "must be 18 digits"},
  };
  for (const Refused& c : cases) {
    ExpectRefused(ParsePppkNumber(c.input, kToday).status(), c.input, c.reason);
  }
}

struct Agreement {
  const char* nik;
  absl::CivilDay birth_date;  // from the NIP or PPPK number
  Gender gender;
  const char* reason;  // "" when they agree
};

TEST(CheckNikAgrees, ComparesBirthDateAndGender) {
  const Agreement cases[] = {
      {"3305011507900001", Day(1990, 7, 15), kMale, ""},
      {"3305015507900002", Day(1990, 7, 15), kFemale, ""},
      {"3305011507900001", Day(1990, 7, 16), kMale,
       "birth date 1990-07-16 differs from the NIK's 1990-07-15"},
      {"3305011507900001", Day(2090, 7, 15), kMale, "differs from the NIK's 1990-07-15"},
      {"3305011507900001", Day(1990, 7, 15), kFemale, "gender female differs from the NIK's male"},
      {"3305015507900002", Day(1990, 7, 15), kMale, "gender male differs from the NIK's female"},
  };
  for (const Agreement& c : cases) {
    absl::StatusOr<NikInfo> nik = ParseNik(c.nik, kToday);
    ASSERT_TRUE(nik.ok()) << c.nik << ": " << nik.status();
    absl::Status status = CheckNikAgrees(*nik, c.birth_date, c.gender);
    if (*c.reason == '\0') {
      EXPECT_TRUE(status.ok()) << c.nik << ": " << status;
    } else {
      ExpectRefused(status, c.nik, c.reason);
    }
  }
}

TEST(CheckNikAgrees, TakesParsedEmployeeNumbers) {
  absl::StatusOr<NikInfo> woman = ParseNik("3305015507900002", kToday);
  absl::StatusOr<NipInfo> nip = ParseNip("199007152015032001", kToday);
  absl::StatusOr<PppkInfo> pppk = ParsePppkNumber("199007152022211001", kToday);
  ASSERT_TRUE(woman.ok() && nip.ok() && pppk.ok());
  EXPECT_TRUE(CheckNikAgrees(*woman, nip->birth_date, nip->gender).ok());
  EXPECT_THAT(CheckNikAgrees(*woman, pppk->birth_date, pppk->gender).message(),
              HasSubstr("gender male differs"));
}

struct EmailCase {
  std::string email;
  std::vector<std::string> domains;
  const char* reason;  // "" when accepted
};

TEST(CheckOfficialEmail, Table) {
  const std::vector<std::string> kebumen = {"kebumenkab.go.id"};
  const std::vector<std::string> two = {"kebumenkab.go.id", "jatengprov.go.id"};
  const EmailCase cases[] = {
      {"budi.santoso@kebumenkab.go.id", kebumen, ""},
      {"Budi_S+ams-1@KEBUMENKAB.GO.ID", kebumen, ""},  // the domain ignores case
      {"a@Kebumenkab.Go.Id", kebumen, ""},
      {std::string(64, 'a') + "@kebumenkab.go.id", kebumen, ""},
      {"budi@jatengprov.go.id", two, ""},
      {"budi@KEBUMENKAB.go.id", two, ""},
      {"budi@semarangkota.go.id", two, "domain must be kebumenkab.go.id or jatengprov.go.id"},
      {"budi@mail.kebumenkab.go.id", kebumen, "domain must be kebumenkab.go.id"},
      {"budi@kebumenkab.go.id.", kebumen, "domain must be kebumenkab.go.id"},
      {"budi@kebumenkab.go.id.evil.com", kebumen, "domain must be kebumenkab.go.id"},
      {"budi@kebumenkab-go.id", kebumen, "domain must be kebumenkab.go.id"},
      {"budi@evilkebumenkab.go.id", kebumen, "domain must be kebumenkab.go.id"},
      {"budi@go.id", kebumen, "domain must be kebumenkab.go.id"},
      {"budi@", kebumen, "domain must be kebumenkab.go.id"},
      {"budi@kebumenkab.go.id ", kebumen, "domain must be kebumenkab.go.id"},
      {"\"budi\"@kebumenkab.go.id", kebumen, "may contain only letters, digits and . _ + -"},
      {"budi(kantor)@kebumenkab.go.id", kebumen, "may contain only letters"},
      {"budi santoso@kebumenkab.go.id", kebumen, "may contain only letters"},
      {"budi\\@kebumenkab.go.id", kebumen, "may contain only letters"},
      {"bu..di@kebumenkab.go.id", kebumen, "must not contain '..'"},
      {".budi@kebumenkab.go.id", kebumen, "must not start or end with a dot"},
      {"budi.@kebumenkab.go.id", kebumen, "must not start or end with a dot"},
      {"sit\xc3\xad@kebumenkab.go.id", kebumen, "only ASCII"},     // sití
      {"budi@kebumenkab.go.\xd1\x96\x64", kebumen, "only ASCII"},  // Cyrillic i
      {"budi@@kebumenkab.go.id", kebumen, "exactly one @"},
      {"budi@x@kebumenkab.go.id", kebumen, "exactly one @"},
      {"budi.kebumenkab.go.id", kebumen, "exactly one @"},
      {"@kebumenkab.go.id", kebumen, "the part before @ is empty"},
      {std::string(65, 'a') + "@kebumenkab.go.id", kebumen, "longer than 64"},
      {"", kebumen, "is required"},
      {"budi@kebumenkab.go.id", {}, "no official e-mail domain is configured"},
  };
  for (const EmailCase& c : cases) {
    absl::Status status = CheckOfficialEmail(c.email, c.domains);
    if (*c.reason == '\0') {
      EXPECT_TRUE(status.ok()) << c.email << ": " << status;
    } else {
      ExpectRefused(status, c.email, c.reason);
    }
  }
}

TEST(CheckOfficialEmail, LimitsTheWholeAddressTo254) {
  // Only a long configured domain can reach the limit past the 64-character local part.
  const std::string domain = std::string(185, 'd') + ".go.id";  // 191
  const std::vector<std::string> domains = {domain};
  EXPECT_TRUE(CheckOfficialEmail(std::string(62, 'a') + "@" + domain, domains).ok());  // 254
  ExpectRefused(CheckOfficialEmail(std::string(63, 'a') + "@" + domain, domains), "",
                "is longer than 254 characters");
}

}  // namespace
}  // namespace ams
