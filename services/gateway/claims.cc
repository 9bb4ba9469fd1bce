#include "services/gateway/claims.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/rpc_status.h"
#include "common/status_macros.h"

namespace ams::gateway {
namespace {

std::string Key(const std::string& item) { return absl::StrCat("gateway:claim:", item); }

absl::Status HeldByAnother(const HeldClaim& claim) {
  return WithReason(absl::AbortedError(absl::StrCat(claim.item, " is taken by ", claim.holder)),
                    ams::type::v1::ERROR_REASON_CLAIMED, {{"holder", claim.holder}});
}

}  // namespace

std::optional<HeldClaim> Claims::Parse(const std::string& item, const KvReply& reply) const {
  HeldClaim claim{item, "", absl::InfinitePast()};
  for (const auto& [field, value] : HashPairs(reply)) {
    int64_t ms = 0;
    if (field == "holder") claim.holder = value;
    if (field == "expire_ms" && absl::SimpleAtoi(value, &ms))
      claim.expire = absl::FromUnixMillis(ms);
  }
  // Redis drops the key at expiry; the time in it decides between now and then.
  if (claim.holder.empty() || claim.expire <= clock_->Now()) return std::nullopt;
  return claim;
}

absl::StatusOr<HeldClaim> Claims::Take(const std::string& item, const std::string& holder) {
  const std::string key = Key(item);
  // Written only if the stored holder is still the one read: two operators pressing "Ambil"
  // at once get one claim between them. A change in between is read again, a few times.
  for (int attempt = 0; attempt < 3; ++attempt) {
    ASSIGN_OR_RETURN(KvReply stored, kv_->Run({"HGETALL", key}));
    std::optional<HeldClaim> now = Parse(item, stored);
    if (now && now->holder != holder) return HeldByAnother(*now);
    std::string stored_holder;
    for (const auto& [field, value] : HashPairs(stored)) {
      if (field == "holder") stored_holder = value;
    }
    HeldClaim claim{item, holder, clock_->Now() + ttl_};
    absl::StatusOr<std::vector<KvReply>> done =
        kv_->Transaction({{"HSET", key, "holder", holder, "expire_ms",
                           absl::StrCat(absl::ToUnixMillis(claim.expire))},
                          {"PEXPIRE", key, absl::StrCat(absl::ToInt64Milliseconds(ttl_))}},
                         {{key, "holder", stored_holder}});
    if (!absl::IsAborted(done.status())) {
      RETURN_IF_ERROR(done.status());
      return claim;
    }
  }
  return WithReason(absl::AbortedError(absl::StrCat(item, " changed hands; try again")),
                    ams::type::v1::ERROR_REASON_CLAIMED);
}

absl::Status Claims::Release(const std::string& item, const std::string& holder) {
  absl::Status done =
      kv_->Transaction({{"DEL", Key(item)}}, {{Key(item), "holder", holder}}).status();
  return absl::IsAborted(done) ? absl::OkStatus() : done;
}

absl::StatusOr<std::vector<std::optional<HeldClaim>>> Claims::Holders(
    const std::vector<std::string>& items) {
  std::vector<KvCommand> reads;
  for (const std::string& item : items) reads.push_back({"HGETALL", Key(item)});
  ASSIGN_OR_RETURN(std::vector<KvReply> replies, kv_->Pipeline(reads));
  std::vector<std::optional<HeldClaim>> out;
  for (size_t i = 0; i < items.size(); ++i) {
    if (replies[i].type == KvReply::Type::kError) return absl::InternalError(replies[i].str);
    out.push_back(Parse(items[i], replies[i]));
  }
  return out;
}

absl::Status Claims::RequireFree(const std::string& item, const std::string& person) {
  ASSIGN_OR_RETURN(std::vector<std::optional<HeldClaim>> now, Holders({item}));
  if (now[0] && now[0]->holder != person) return HeldByAnother(*now[0]);
  return absl::OkStatus();
}

}  // namespace ams::gateway
