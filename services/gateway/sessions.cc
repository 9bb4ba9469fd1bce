#include "services/gateway/sessions.h"

#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/hashing.h"
#include "common/rpc_status.h"
#include "common/status_macros.h"

namespace ams::gateway {
namespace {

std::string Key(const std::string& id) { return absl::StrCat("gateway:session:", Sha256Hex(id)); }

}  // namespace

absl::Status NoSession() {
  return WithReason(absl::UnauthenticatedError("sign in first"),
                    ams::type::v1::ERROR_REASON_SESSION_INVALID);
}

absl::StatusOr<Session> Sessions::Start(const std::string& operator_name) {
  Session s;
  s.id = absl::WebSafeBase64Escape(random_->Bytes(32));
  s.operator_name = operator_name;
  s.start = clock_->Now();
  s.idle_expire = s.start + limits_.idle;
  s.absolute_expire = s.start + limits_.absolute;
  RETURN_IF_ERROR(kv_->Transaction({{"HSET", Key(s.id), "operator", operator_name, "start_ms",
                                     absl::StrCat(absl::ToUnixMillis(s.start))},
                                    {"PEXPIRE", Key(s.id),
                                     absl::StrCat(absl::ToInt64Milliseconds(limits_.idle))}})
                      .status());
  return s;
}

absl::StatusOr<Session> Sessions::Use(const std::string& id) {
  if (id.empty() || id.size() > 128) return NoSession();
  ASSIGN_OR_RETURN(KvReply reply, kv_->Run({"HGETALL", Key(id)}));
  Session s;
  int64_t start_ms = 0;
  for (auto& [field, value] : HashPairs(reply)) {
    if (field == "operator") s.operator_name = value;
    if (field == "start_ms") absl::SimpleAtoi(value, &start_ms);
  }
  const absl::Time now = clock_->Now();
  s.start = absl::FromUnixMillis(start_ms);
  s.absolute_expire = s.start + limits_.absolute;
  if (s.operator_name.empty() || start_ms == 0) return NoSession();
  if (now >= s.absolute_expire) {
    RETURN_IF_ERROR(End(id));
    return NoSession();
  }
  s.idle_expire = std::min(now + limits_.idle, s.absolute_expire);
  RETURN_IF_ERROR(
      kv_->Run({"PEXPIRE", Key(id), absl::StrCat(absl::ToInt64Milliseconds(s.idle_expire - now))})
          .status());
  return s;
}

absl::Status Sessions::End(const std::string& id) {
  if (id.empty()) return absl::OkStatus();
  return kv_->Run({"DEL", Key(id)}).status();
}

}  // namespace ams::gateway
