#include "common/api_keys.h"

#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "common/hashing.h"
#include "common/rpc_status.h"

namespace ams {

using ams::type::v1::Role;

ams::type::v1::Actor Principal::ToActor() const {
  ams::type::v1::Actor actor;
  actor.set_subject(subject);
  actor.set_role(role);
  return actor;
}

absl::StatusOr<ApiKeys> ApiKeys::Parse(absl::string_view text) {
  ApiKeys keys;
  int number = 0;
  for (absl::string_view line : absl::StrSplit(text, absl::ByAnyChar("\n;"))) {
    ++number;
    line = absl::StripAsciiWhitespace(line.substr(0, line.find('#')));
    if (line.empty()) continue;
    std::vector<std::string> f = absl::StrSplit(line, absl::ByAnyChar(" \t"), absl::SkipEmpty());
    auto bad = [&](absl::string_view why) {
      return absl::InvalidArgumentError(absl::StrCat("API key line ", number, ": ", why));
    };
    if (f.size() < 3 || f.size() > 4) return bad("expected <sha256> <role> <subject> [<agency>]");
    std::string hash = absl::AsciiStrToLower(f[0]);
    if (hash.size() != 64 || !std::all_of(hash.begin(), hash.end(), [](char c) {
          return absl::ascii_isxdigit(static_cast<unsigned char>(c));
        })) {
      return bad("the key hash must be 64 hex digits (SHA-256)");
    }
    Role role;
    if (!ams::type::v1::Role_Parse(absl::StrCat("ROLE_", f[1]), &role) ||
        role == ams::type::v1::ROLE_UNSPECIFIED) {
      return bad(absl::StrCat("unknown role \"", f[1], "\""));
    }
    Principal p{f[2], role, f.size() == 4 ? f[3] : ""};
    if (role == ams::type::v1::ROLE_AGENCY && !absl::StartsWith(p.agency, "agencies/")) {
      return bad("an AGENCY key needs its agency, e.g. agencies/dinkes");
    }
    if (!keys.by_hash_.emplace(hash, std::move(p)).second) return bad("duplicate key");
  }
  return keys;
}

absl::StatusOr<Principal> ApiKeys::Authenticate(absl::string_view authorization) const {
  absl::string_view key = authorization;
  if (!absl::ConsumePrefix(&key, "Bearer ") || absl::StripAsciiWhitespace(key).empty()) {
    return WithReason(
        absl::UnauthenticatedError("send your API key as metadata \"authorization: Bearer <key>\""),
        ams::type::v1::ERROR_REASON_API_KEY_MISSING);
  }
  auto it = by_hash_.find(Sha256Hex(absl::StripAsciiWhitespace(key)));
  if (it == by_hash_.end()) {
    return WithReason(absl::UnauthenticatedError("the API key is not valid"),
                      ams::type::v1::ERROR_REASON_API_KEY_INVALID);
  }
  return it->second;
}

}  // namespace ams
