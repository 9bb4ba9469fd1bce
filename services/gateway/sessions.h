// Operators' sessions (DESIGN §7): a 256-bit random id, which only the browser holds (in a
// "__Host-" cookie) and Redis only as its SHA-256; it ends after 30 minutes unused and at the
// latest 12 hours after sign-in, and at sign-out on the server.
//
// An operator sees their sessions (where, with what browser, when last used) and ends the
// ones they do not recognise.
//
// Redis keys:
//   gateway:session:<sha256(id)>   hash: operator, start_ms, last_ms, address, user_agent;
//                                  expires when idle (TTL, renewed on use)
//   gateway:operator-sessions:<operator name>   set of the sha256(id) of their sessions (an
//                                  ended or expired one is dropped when next listed)
#ifndef AMS_SERVICES_GATEWAY_SESSIONS_H_
#define AMS_SERVICES_GATEWAY_SESSIONS_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/clock.h"
#include "common/kv_store.h"
#include "common/random.h"

namespace ams::gateway {

struct SessionLimits {
  absl::Duration idle = absl::Minutes(30);
  absl::Duration absolute = absl::Hours(12);
};

struct Session {
  std::string id;             // what the cookie holds; empty when read back
  std::string hash;           // sha256(id) in hex: how the session is named to its operator
  std::string operator_name;  // "operators/siti"
  absl::Time start;
  absl::Time idle_expire;
  absl::Time absolute_expire;
  absl::Time last_use;
  std::string address;     // the client's, at sign-in
  std::string user_agent;  // the browser's, at sign-in (at most 256 bytes)
};

// UNAUTHENTICATED, reason SESSION_INVALID: "sign in first".
absl::Status NoSession();

class Sessions {
 public:
  Sessions(KvStore* kv, Clock* clock, RandomSource* random, SessionLimits limits = {})
      : kv_(kv), clock_(clock), random_(random), limits_(limits) {}

  absl::StatusOr<Session> Start(const std::string& operator_name, const std::string& address = "",
                                const std::string& user_agent = "");
  // The live session `id` names, its idle time renewed; UNAUTHENTICATED (SESSION_INVALID)
  // when there is none, it is unused too long, or past its absolute end.
  absl::StatusOr<Session> Use(const std::string& id);
  absl::Status End(const std::string& id);
  // The operator's live sessions, newest first.
  absl::StatusOr<std::vector<Session>> List(const std::string& operator_name);
  // Whether the session whose hash this is is live (neither ended nor expired).
  absl::StatusOr<bool> Alive(const std::string& hash);
  // Ends the operator's session whose hash this is; NOT_FOUND when they have none such.
  absl::Status EndByHash(const std::string& operator_name, const std::string& hash);

 private:
  absl::StatusOr<std::optional<Session>> Read(const std::string& hash);
  KvStore* kv_;
  Clock* clock_;
  RandomSource* random_;
  const SessionLimits limits_;
};

}  // namespace ams::gateway

#endif  // AMS_SERVICES_GATEWAY_SESSIONS_H_
