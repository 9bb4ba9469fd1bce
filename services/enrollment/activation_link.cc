#include "services/enrollment/activation_link.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "common/hashing.h"
#include "common/rpc_status.h"

namespace ams::enrollment {
namespace {

constexpr size_t kTokenBytes = 32;  // 256 bits
constexpr size_t kTokenChars = 43;  // base64url without padding

}  // namespace

IssuedLink IssueLink(RandomSource& random, const ActivationLinkPolicy& policy, absl::Time now) {
  IssuedLink link;
  link.token = absl::WebSafeBase64Escape(random.Bytes(kTokenBytes));
  link.token_hash = TokenHash(link.token);
  link.link_id = NewUuid(random);
  link.expire_time = now + policy.lifetime;
  link.url = absl::StrCat(policy.base_url, "?token=", link.token);
  return link;
}

std::string TokenHash(absl::string_view token) { return Sha256Hex(token); }

bool WellFormedToken(absl::string_view token) {
  return token.size() == kTokenChars && std::all_of(token.begin(), token.end(), [](char c) {
           return absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
         });
}

absl::Status CheckUsable(const std::optional<StoredLink>& link, absl::Time now) {
  if (link && !link->used && !link->replaced && now < link->expire_time) return absl::OkStatus();
  return WithReason(absl::UnauthenticatedError(
                        "this activation link is not valid; ask the BSrE operator for a new one"),
                    ams::type::v1::ERROR_REASON_ACTIVATION_LINK_INVALID);
}

bool ReminderDue(const StoredLink& link, absl::Time now, const ActivationLinkPolicy& policy) {
  return !link.used && !link.replaced && !link.reminded && now < link.expire_time &&
         now >= link.expire_time - policy.reminder_lead;
}

}  // namespace ams::enrollment
