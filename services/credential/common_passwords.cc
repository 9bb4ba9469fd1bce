#include "services/credential/common_passwords.h"

#include <fstream>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"

namespace ams::credential {
namespace {

// `s` without the characters at its end for which `drop` holds.
absl::string_view StripTrailing(absl::string_view s, int (*drop)(int)) {
  while (!s.empty() && drop(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}
int IsSymbol(int c) { return !absl::ascii_isalnum(static_cast<unsigned char>(c)); }
int IsDigitOrSymbol(int c) { return !absl::ascii_isalpha(static_cast<unsigned char>(c)); }

}  // namespace

absl::StatusOr<CommonPasswords> CommonPasswords::Load(const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    return absl::FailedPreconditionError(
        absl::StrCat(path, " cannot be read; deploy/passwords/fetch.sh writes it"));
  }
  absl::flat_hash_set<std::string> passwords;
  for (std::string line; std::getline(in, line);) {
    absl::string_view p = absl::StripTrailingAsciiWhitespace(line);
    if (!p.empty()) passwords.insert(std::string(p));
  }
  if (in.bad()) return absl::DataLossError(absl::StrCat(path, " could not be read to its end"));
  if (passwords.empty()) {
    return absl::FailedPreconditionError(absl::StrCat(path, " lists no passwords"));
  }
  return CommonPasswords(std::move(passwords));
}

CommonPasswords::CommonPasswords(absl::flat_hash_set<std::string> passwords) {
  passwords_.reserve(passwords.size());
  for (const std::string& p : passwords) passwords_.insert(absl::AsciiStrToLower(p));
}

bool CommonPasswords::Contains(absl::string_view password) const {
  const std::string lower = absl::AsciiStrToLower(password);
  for (absl::string_view candidate : {absl::string_view(lower), StripTrailing(lower, IsSymbol),
                                      StripTrailing(lower, IsDigitOrSymbol)}) {
    if (!candidate.empty() && passwords_.contains(candidate)) return true;
  }
  return false;
}

}  // namespace ams::credential
