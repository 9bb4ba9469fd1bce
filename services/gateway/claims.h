// "Ambil": an operator takes a queue item so that no colleague works on it at the same time.
// A claim lasts 15 minutes from when it was taken or last renewed; the holder renews it by
// taking it again, and gives it up by releasing it or by deciding the item.
//
// Redis keys:
//   gateway:claim:<item>   hash: holder ("operators/siti"), expire_ms; expires with the claim
#ifndef AMS_SERVICES_GATEWAY_CLAIMS_H_
#define AMS_SERVICES_GATEWAY_CLAIMS_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/clock.h"
#include "common/kv_store.h"

namespace ams::gateway {

struct HeldClaim {
  std::string item;    // "reviewItems/…"
  std::string holder;  // "operators/siti"
  absl::Time expire;
};

class Claims {
 public:
  Claims(KvStore* kv, Clock* clock, absl::Duration ttl = absl::Minutes(15))
      : kv_(kv), clock_(clock), ttl_(ttl) {}

  // Takes or renews `item` for `holder`. ABORTED with reason CLAIMED (metadata "holder")
  // while another operator holds it.
  absl::StatusOr<HeldClaim> Take(const std::string& item, const std::string& holder);
  // Gives `item` up if `holder` holds it; nothing otherwise.
  absl::Status Release(const std::string& item, const std::string& holder);
  // Who holds each of `items` now (nullopt: nobody), in order.
  absl::StatusOr<std::vector<std::optional<HeldClaim>>> Holders(
      const std::vector<std::string>& items);
  // OK when nobody but `person` holds `item`; else the same ABORTED as Take.
  absl::Status RequireFree(const std::string& item, const std::string& person);

 private:
  std::optional<HeldClaim> Parse(const std::string& item, const KvReply& reply) const;

  KvStore* kv_;
  Clock* clock_;
  const absl::Duration ttl_;
};

}  // namespace ams::gateway

#endif  // AMS_SERVICES_GATEWAY_CLAIMS_H_
