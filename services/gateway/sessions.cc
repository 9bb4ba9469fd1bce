#include "services/gateway/sessions.h"

#include <algorithm>

#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/hashing.h"
#include "common/rpc_status.h"
#include "common/status_macros.h"

namespace ams::gateway {
namespace {

// A User-Agent as the sessions page shows it: printable ASCII (what browsers send), any other
// byte as "?", at most 256 characters. It ends up in a proto string, which must be UTF-8.
std::string ShownUserAgent(absl::string_view header) {
  std::string shown(header.substr(0, 256));
  for (char& c : shown) {
    if (c < 0x20 || c > 0x7e) c = '?';
  }
  return shown;
}

std::string KeyOfHash(const std::string& hash) { return absl::StrCat("gateway:session:", hash); }
std::string Key(const std::string& id) { return KeyOfHash(Sha256Hex(id)); }
std::string Index(const std::string& operator_name) {
  return absl::StrCat("gateway:operator-sessions:", operator_name);
}

}  // namespace

absl::Status NoSession() {
  return WithReason(absl::UnauthenticatedError("sign in first"),
                    ams::type::v1::ERROR_REASON_SESSION_INVALID);
}

absl::StatusOr<Session> Sessions::Start(const std::string& operator_name,
                                        const std::string& address, const std::string& user_agent) {
  Session s;
  s.id = absl::WebSafeBase64Escape(random_->Bytes(32));
  s.hash = Sha256Hex(s.id);
  s.operator_name = operator_name;
  s.start = s.last_use = clock_->Now();
  s.idle_expire = s.start + limits_.idle;
  s.absolute_expire = s.start + limits_.absolute;
  s.address = address;
  s.user_agent = ShownUserAgent(user_agent);
  // The index first: a session is never out of its operator's sight.
  RETURN_IF_ERROR(kv_->Run({"SADD", Index(operator_name), s.hash}).status());
  const std::string start_ms = absl::StrCat(absl::ToUnixMillis(s.start));
  RETURN_IF_ERROR(
      kv_->Transaction(
             {{"HSET", Key(s.id), "operator", operator_name, "start_ms", start_ms, "last_ms",
               start_ms, "address", s.address, "user_agent", s.user_agent},
              {"PEXPIRE", Key(s.id), absl::StrCat(absl::ToInt64Milliseconds(limits_.idle))}})
          .status());
  return s;
}

absl::StatusOr<std::optional<Session>> Sessions::Read(const std::string& hash) {
  ASSIGN_OR_RETURN(KvReply reply, kv_->Run({"HGETALL", KeyOfHash(hash)}));
  Session s;
  s.hash = hash;
  int64_t start_ms = 0, last_ms = 0;
  for (auto& [field, value] : HashPairs(reply)) {
    if (field == "operator") s.operator_name = value;
    if (field == "start_ms") absl::SimpleAtoi(value, &start_ms);
    if (field == "last_ms") absl::SimpleAtoi(value, &last_ms);
    if (field == "address") s.address = value;
    if (field == "user_agent") s.user_agent = value;
  }
  s.start = absl::FromUnixMillis(start_ms);
  s.last_use = absl::FromUnixMillis(last_ms);
  s.absolute_expire = s.start + limits_.absolute;
  s.idle_expire = std::min(s.last_use + limits_.idle, s.absolute_expire);
  if (s.operator_name.empty() || start_ms == 0) return std::nullopt;
  return s;
}

absl::StatusOr<Session> Sessions::Use(const std::string& id) {
  if (id.empty() || id.size() > 128) return NoSession();
  ASSIGN_OR_RETURN(std::optional<Session> s, Read(Sha256Hex(id)));
  if (!s) return NoSession();
  const absl::Time now = clock_->Now();
  if (now >= s->absolute_expire) {
    RETURN_IF_ERROR(End(id));
    return NoSession();
  }
  s->last_use = now;
  s->idle_expire = std::min(now + limits_.idle, s->absolute_expire);
  RETURN_IF_ERROR(
      kv_->Transaction(
             {{"HSET", Key(id), "last_ms", absl::StrCat(absl::ToUnixMillis(now))},
              {"PEXPIRE", Key(id), absl::StrCat(absl::ToInt64Milliseconds(s->idle_expire - now))}})
          .status());
  return *std::move(s);
}

absl::Status Sessions::End(const std::string& id) {
  if (id.empty() || id.size() > 128) return absl::OkStatus();
  ASSIGN_OR_RETURN(std::optional<Session> s, Read(Sha256Hex(id)));
  RETURN_IF_ERROR(kv_->Run({"DEL", Key(id)}).status());
  if (s) RETURN_IF_ERROR(kv_->Run({"SREM", Index(s->operator_name), s->hash}).status());
  return absl::OkStatus();
}

absl::StatusOr<std::vector<Session>> Sessions::List(const std::string& operator_name) {
  ASSIGN_OR_RETURN(KvReply hashes, kv_->Run({"SMEMBERS", Index(operator_name)}));
  std::vector<Session> live;
  for (const KvReply& h : hashes.elements) {
    ASSIGN_OR_RETURN(std::optional<Session> s, Read(h.str));
    if (s && s->operator_name == operator_name && clock_->Now() < s->absolute_expire) {
      live.push_back(*std::move(s));
    } else {
      RETURN_IF_ERROR(kv_->Run({"SREM", Index(operator_name), h.str}).status());
    }
  }
  std::sort(live.begin(), live.end(),
            [](const Session& a, const Session& b) { return a.start > b.start; });
  return live;
}

absl::StatusOr<bool> Sessions::Alive(const std::string& hash) {
  ASSIGN_OR_RETURN(std::optional<Session> s, Read(hash));
  return s.has_value() && clock_->Now() < s->absolute_expire;
}

absl::Status Sessions::EndByHash(const std::string& operator_name, const std::string& hash) {
  ASSIGN_OR_RETURN(KvReply member, kv_->Run({"SISMEMBER", Index(operator_name), hash}));
  if (member.integer == 0) {
    return WithReason(absl::NotFoundError("you have no such session"),
                      ams::type::v1::ERROR_REASON_NOT_FOUND);
  }
  RETURN_IF_ERROR(kv_->Run({"DEL", KeyOfHash(hash)}).status());
  return kv_->Run({"SREM", Index(operator_name), hash}).status();
}

}  // namespace ams::gateway
