#include "services/gateway/applicant_sessions.h"

#include <algorithm>

#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/hashing.h"
#include "common/secret_box.h"
#include "common/status_macros.h"

namespace ams::gateway {
namespace {

// The sealing key: derived from the id, unlike the key name (its plain SHA-256).
std::string SealKey(const std::string& id) {
  return absl::HexStringToBytes(Sha256Hex(absl::StrCat("ams-applicant-session-seal:", id)));
}

}  // namespace

std::string ApplicantSessions::MillisLeft(absl::Time expire) const {
  return absl::StrCat(std::max<int64_t>(1, absl::ToInt64Milliseconds(expire - clock_->Now())));
}

std::string ApplicantSessions::Key(const std::string& id) const {
  return absl::StrCat("gateway:", kind_, ":{", Sha256Hex(id), "}");
}

absl::StatusOr<ApplicantSession> ApplicantSessions::Start(const std::string& secret,
                                                          absl::Time expire) {
  ApplicantSession s{absl::WebSafeBase64Escape(random_->Bytes(32)), secret, expire};
  RETURN_IF_ERROR(
      kv_->Transaction({{"HSET", Key(s.id), "sealed", Seal(SealKey(s.id), secret, *random_),
                         "expire_ms", absl::StrCat(absl::ToUnixMillis(expire))},
                        {"PEXPIRE", Key(s.id), MillisLeft(expire)}})
          .status());
  return s;
}

absl::StatusOr<ApplicantSession> ApplicantSessions::Use(const std::string& id) {
  if (id.empty() || id.size() > 64) return invalid_;
  ASSIGN_OR_RETURN(std::vector<KvReply> r,
                   kv_->Pipeline({{"HGET", Key(id), "sealed"}, {"HGET", Key(id), "expire_ms"}}));
  if (r[0].is_nil()) return invalid_;
  int64_t expire_ms = 0;
  absl::SimpleAtoi(r[1].str, &expire_ms);
  ApplicantSession s{id, "", absl::FromUnixMillis(expire_ms)};
  if (clock_->Now() >= s.expire) return invalid_;
  absl::StatusOr<std::string> secret = Open(SealKey(id), r[0].str);
  if (!secret.ok()) return invalid_;
  s.secret = *std::move(secret);
  return s;
}

absl::Status ApplicantSessions::End(const std::string& id) {
  if (id.empty() || id.size() > 64) return absl::OkStatus();
  return kv_->Run({"DEL", Key(id), absl::StrCat(Key(id), ":parts")}).status();
}

absl::Status ApplicantSessions::Put(const ApplicantSession& s, const std::string& name,
                                    const std::string& bytes) {
  const std::string parts = absl::StrCat(Key(s.id), ":parts");
  return kv_->Transaction({{"HSET", parts, name, bytes}, {"PEXPIRE", parts, MillisLeft(s.expire)}})
      .status();
}

absl::StatusOr<std::map<std::string, std::string>> ApplicantSessions::Get(
    const ApplicantSession& s, const std::vector<std::string>& names) {
  std::vector<KvCommand> gets;
  for (const std::string& name : names)
    gets.push_back({"HGET", absl::StrCat(Key(s.id), ":parts"), name});
  ASSIGN_OR_RETURN(std::vector<KvReply> r, kv_->Pipeline(gets));
  std::map<std::string, std::string> out;
  for (size_t i = 0; i < names.size() && i < r.size(); ++i) {
    if (!r[i].is_nil()) out[names[i]] = r[i].str;
  }
  return out;
}

}  // namespace ams::gateway
