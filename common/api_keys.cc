#include "common/api_keys.h"

#include <fstream>
#include <sstream>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "common/hashing.h"
#include "common/logging.h"
#include "common/rpc_status.h"
#include "common/settings.h"
#include "re2/re2.h"

namespace ams {

using ams::type::v1::Role;

ams::type::v1::Actor Principal::ToActor() const {
  ams::type::v1::Actor actor;
  actor.set_subject(subject);
  actor.set_role(role);
  actor.set_via(via);
  return actor;
}

std::string OperatorId(absl::string_view name) {
  absl::string_view id = absl::StripPrefix(name, "operators/");
  static const RE2* const kId = new RE2("[a-z0-9][a-z0-9._-]{0,62}");
  return RE2::FullMatch(re2::StringPiece(id.data(), id.size()), *kId) ? std::string(id) : "";
}

bool IsAgencyName(absl::string_view name) {
  static const RE2* const kAgency = new RE2("agencies/[a-z0-9][a-z0-9-]{1,39}");
  return RE2::FullMatch(re2::StringPiece(name.data(), name.size()), *kAgency);
}

bool IsPersonRole(Role r) {
  return r == Role::ROLE_DISKOMINFO_OP || r == Role::ROLE_BSRE_OP || r == Role::ROLE_VERIFIER ||
         r == Role::ROLE_AUDITOR || r == Role::ROLE_ADMIN;
}

absl::StatusOr<Principal> ActingPrincipal(const Principal& caller, absl::string_view actor,
                                          absl::string_view actor_role,
                                          absl::string_view actor_agency) {
  if (actor.empty() && actor_role.empty() && actor_agency.empty()) return caller;
  if (caller.role != Role::ROLE_GATEWAY) {
    return WithReason(absl::PermissionDeniedError("only the gateway names an acting person"),
                      ams::type::v1::ERROR_REASON_PERMISSION_DENIED);
  }
  if (!absl::StartsWith(actor, "operators/") || OperatorId(actor).empty()) {
    return InvalidFields({{kActorHeader, "must be operators/{id}"}});
  }
  Role role;
  const bool known = ams::type::v1::Role_Parse(absl::StrCat("ROLE_", actor_role), &role);
  if (known && role == Role::ROLE_AGENCY) {
    // An agency's own user, on the agency's behalf (the agency's page at the gateway).
    if (!IsAgencyName(actor_agency)) {
      return InvalidFields({{kActorAgencyHeader, "must be agencies/{id} for an agency's user"}});
    }
    return Principal{std::string(actor), role, std::string(actor_agency), caller.subject};
  }
  if (!known || !IsPersonRole(role)) {
    return InvalidFields(
        {{kActorRoleHeader,
          "must be one of DISKOMINFO_OP, BSRE_OP, VERIFIER, AUDITOR, ADMIN, AGENCY"}});
  }
  if (!actor_agency.empty()) {
    return InvalidFields({{kActorAgencyHeader, "is only for an agency's user"}});
  }
  return Principal{std::string(actor), role, "", caller.subject};
}

absl::StatusOr<ApiKeys> ApiKeys::Parse(absl::string_view text) {
  ApiKeys keys;
  ByHash by_hash;
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
    const bool service_role = absl::StartsWith(f[1], "SERVICE_") || role == Role::ROLE_GATEWAY;
    if (service_role != absl::StartsWith(p.subject, "services/")) {
      return bad("a services/… subject takes a SERVICE_* or GATEWAY role, and such a role only it");
    }
    if (!by_hash.emplace(hash, std::move(p)).second) return bad("duplicate key");
  }
  keys.file_ = std::make_shared<const ByHash>(std::move(by_hash));
  keys.by_hash_ = keys.file_;
  return keys;
}

std::shared_ptr<const ApiKeys::ByHash> ApiKeys::Current() const {
  absl::MutexLock lock(mu_.get());
  return by_hash_;
}

size_t ApiKeys::size() const { return Current()->size(); }

void ApiKeys::Replace(const ApiKeys& other) {
  std::shared_ptr<const ByHash> next;
  {
    absl::MutexLock lock(other.mu_.get());
    next = other.file_;
  }
  absl::MutexLock lock(mu_.get());
  file_ = std::move(next);
  Merge();
}

void ApiKeys::Issue(const std::string& sha256_hex, const Principal& holder) {
  absl::MutexLock lock(mu_.get());
  if (revoked_.count(sha256_hex) > 0) return;
  issued_[sha256_hex] = holder;
  Merge();
}

void ApiKeys::Revoke(const std::string& sha256_hex) {
  absl::MutexLock lock(mu_.get());
  revoked_.insert(sha256_hex);
  issued_.erase(sha256_hex);
  Merge();
}

void ApiKeys::Merge() {
  auto merged = std::make_shared<ByHash>(*file_);
  // A file's line wins over an issued key with the same hash (an operator's own decision).
  for (const auto& [hash, holder] : issued_) merged->emplace(hash, holder);
  by_hash_ = std::move(merged);
}

ApiKeySource ReadApiKeySource(Settings& settings) {
  return {settings.FileOrValue("AMS_API_KEYS_FILE", "AMS_API_KEYS"),
          settings.String("AMS_API_KEYS_FILE", "")};
}

namespace {
std::string ReadWhole(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}
}  // namespace

ApiKeyFileWatcher::ApiKeyFileWatcher(ApiKeys* keys, std::string path, absl::Duration interval)
    : keys_(keys), path_(std::move(path)), interval_(interval) {
  // Read now, not in the thread: a change made before the thread runs is still a change.
  if (!path_.empty()) thread_ = std::thread([this, applied = ReadWhole(path_)] { Run(applied); });
}

ApiKeyFileWatcher::~ApiKeyFileWatcher() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  if (thread_.joinable()) thread_.join();
}

void ApiKeyFileWatcher::Run(std::string applied) {
  absl::MutexLock lock(&mu_);
  while (!mu_.AwaitWithTimeout(absl::Condition(&stopping_), interval_)) {
    std::string text = ReadWhole(path_);
    if (text == applied) continue;
    applied = text;
    absl::StatusOr<ApiKeys> next = ApiKeys::Parse(text);
    // A file being rewritten in place reads empty for a moment: no caller is shut out for it.
    if (next.ok() && next->size() == 0) next = absl::InvalidArgumentError("the file holds no key");
    if (!next.ok()) {
      LogError("API key file not applied; the keys in force stay",
               {{"file", path_}, {"status", next.status()}});
      continue;
    }
    keys_->Replace(*next);
    LogInfo("API keys reloaded", {{"file", path_}, {"keys", absl::StrCat(next->size())}});
  }
}

absl::StatusOr<Principal> ApiKeys::Authenticate(absl::string_view authorization) const {
  absl::string_view key = authorization;
  if (!absl::ConsumePrefix(&key, "Bearer ") || absl::StripAsciiWhitespace(key).empty()) {
    return WithReason(
        absl::UnauthenticatedError("send your API key as metadata \"authorization: Bearer <key>\""),
        ams::type::v1::ERROR_REASON_API_KEY_MISSING);
  }
  std::shared_ptr<const ByHash> by_hash = Current();
  auto it = by_hash->find(Sha256Hex(absl::StripAsciiWhitespace(key)));
  if (it == by_hash->end()) {
    return WithReason(absl::UnauthenticatedError("the API key is not valid"),
                      ams::type::v1::ERROR_REASON_API_KEY_INVALID);
  }
  return it->second;
}

}  // namespace ams
