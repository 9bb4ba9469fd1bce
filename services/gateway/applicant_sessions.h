// Applicants' short sessions at the gateway. An activation session holds the activation link's
// token (so that the token can leave the address bar at once); an account session holds the
// credential service's session token. Either secret is kept sealed with a key derived from the
// session's id, which only the browser holds (in a "__Host-" cookie): Redis holds the id's
// SHA-256 and the sealed secret, useless without the cookie.
//
// Beside the secret a session keeps named parts until it ends: the documents an applicant
// uploaded, the account the screens show.
//
// Redis keys (hash-tagged by the session, one Redis Cluster slot each):
//   gateway:<kind>:{<sha256(id)>}         hash: sealed, expire_ms; expires with the session
//   gateway:<kind>:{<sha256(id)>}:parts   hash: name -> bytes; expires with the session
#ifndef AMS_SERVICES_GATEWAY_APPLICANT_SESSIONS_H_
#define AMS_SERVICES_GATEWAY_APPLICANT_SESSIONS_H_

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/clock.h"
#include "common/kv_store.h"
#include "common/random.h"

namespace ams::gateway {

struct ApplicantSession {
  std::string id;      // what the cookie holds
  std::string secret;  // the token the session stands for, unsealed
  absl::Time expire;
};

class ApplicantSessions {
 public:
  // `kind` names the sessions in Redis ("activation", "account"); `invalid` is what Use
  // answers without a live session.
  ApplicantSessions(KvStore* kv, Clock* clock, RandomSource* random, std::string kind,
                    absl::Status invalid)
      : kv_(kv), clock_(clock), random_(random), kind_(std::move(kind)), invalid_(invalid) {}

  absl::StatusOr<ApplicantSession> Start(const std::string& secret, absl::Time expire);
  absl::StatusOr<ApplicantSession> Use(const std::string& id);
  absl::Status End(const std::string& id);

  // Parts kept with a live session until it ends; a part put again replaces the old.
  absl::Status Put(const ApplicantSession& s, const std::string& name, const std::string& bytes);
  // The parts asked for, by name; a missing one is absent from the map.
  absl::StatusOr<std::map<std::string, std::string>> Get(const ApplicantSession& s,
                                                         const std::vector<std::string>& names);

 private:
  std::string Key(const std::string& id) const;
  std::string MillisLeft(absl::Time expire) const;
  KvStore* kv_;
  Clock* clock_;
  RandomSource* random_;
  const std::string kind_;
  const absl::Status invalid_;
};

}  // namespace ams::gateway

#endif  // AMS_SERVICES_GATEWAY_APPLICANT_SESSIONS_H_
