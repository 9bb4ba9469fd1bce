// SOP step 3's output: the activation link BSrE's registration mails to the applicant.
// A 256-bit token from the CSPRNG, kept only as its SHA-256, single use, expiring
// (default 72 h), replaced when an operator re-sends it, with a reminder before expiry.
// Plain logic; the enrollment service stores the links and mails them.
#ifndef AMS_SERVICES_ENROLLMENT_ACTIVATION_LINK_H_
#define AMS_SERVICES_ENROLLMENT_ACTIVATION_LINK_H_

#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "common/random.h"

namespace ams::enrollment {

struct ActivationLinkPolicy {
  absl::Duration lifetime = absl::Hours(72);       // AMS_ACTIVATION_LINK_TTL
  absl::Duration reminder_lead = absl::Hours(24);  // AMS_ACTIVATION_REMINDER_LEAD
  // The applicant page of the gateway; the token is appended as ?token=…
  std::string base_url = "http://127.0.0.1:8080/aktivasi";
};

// A link as issued: the token exists only here and in the mail.
struct IssuedLink {
  std::string token;       // 43 characters, base64url of 32 random bytes
  std::string token_hash;  // what is stored
  std::string link_id;     // opaque id for events and logs (not derived from the token)
  absl::Time expire_time;
  std::string url;
};

IssuedLink IssueLink(RandomSource& random, const ActivationLinkPolicy& policy, absl::Time now);

// Lowercase hex SHA-256 of a token, the only form in which tokens are stored.
std::string TokenHash(absl::string_view token);

// A link as stored.
struct StoredLink {
  std::string link_id;
  std::string identity;  // "identities/{id}"
  absl::Time expire_time;
  bool used = false;
  bool replaced = false;  // an operator re-sent a new one
  bool reminded = false;
};

// OK if the link may be used now. Unknown, malformed, used, replaced and expired links all
// get one and the same error (UNAUTHENTICATED, reason ACTIVATION_LINK_INVALID), so the
// answer tells a guesser nothing.
absl::Status CheckUsable(const std::optional<StoredLink>& link, absl::Time now);
// The same check for a token that cannot even be a token.
bool WellFormedToken(absl::string_view token);

// Whether the reminder mail is due now: once, within `reminder_lead` of expiry.
bool ReminderDue(const StoredLink& link, absl::Time now, const ActivationLinkPolicy& policy);

}  // namespace ams::enrollment

#endif  // AMS_SERVICES_ENROLLMENT_ACTIVATION_LINK_H_
