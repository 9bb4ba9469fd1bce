// Agencies' API keys an admin issues and revokes at the gateway travel as events on the
// compacted topic ams.access.v1 (proto ams.gateway.v1 events.proto, keyed by the key's
// SHA-256). Every service follows the topic from its start into its ApiKeys, beside its key
// file: a key works everywhere within moments of being issued and stops as soon as it is
// revoked, with no file to edit and no restart. The gateway follows it too, for the admin's list.
#ifndef AMS_COMMON_ISSUED_API_KEYS_H_
#define AMS_COMMON_ISSUED_API_KEYS_H_

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "ams/gateway/v1/events.pb.h"
#include "common/api_keys.h"
#include "common/event_bus.h"
#include "common/kafka_event_bus.h"

namespace ams {

// One issued key as the admin's list shows it: revoked when `revoked` has a revoke_time.
struct IssuedKey {
  ams::gateway::v1::ApiKeyIssued issued;
  ams::gateway::v1::ApiKeyRevoked revoked;
};

class IssuedApiKeys {
 public:
  explicit IssuedApiKeys(ApiKeys* keys) : keys_(keys) {}
  ~IssuedApiKeys();

  // Follows ams.access.v1 from its start, on a thread of its own.
  absl::Status Follow(const KafkaOptions& options);
  // One record of the topic; what is not an access event is ignored (and logged).
  void Apply(const ConsumedRecord& record);
  // Every key seen, newest first.
  std::vector<IssuedKey> List() const;
  // Whether the key with this hash has come back from the topic: issued, or with `revoked`,
  // revoked.
  bool Seen(const std::string& sha256_hex, bool revoked = false) const;

 private:
  ApiKeys* keys_;
  mutable absl::Mutex mu_;
  std::map<std::string, IssuedKey> by_hash_ ABSL_GUARDED_BY(mu_);
  std::unique_ptr<KafkaTail> tail_;
};

}  // namespace ams

#endif  // AMS_COMMON_ISSUED_API_KEYS_H_
