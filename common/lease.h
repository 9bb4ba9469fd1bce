// A lease in Redis: which one replica does a job that must run once at a time (the outbox
// relay, the mail sender). Taken with SET NX PX; extended only by its holder, in one step, so
// a lapsed lease another replica took stays theirs.
#ifndef AMS_COMMON_LEASE_H_
#define AMS_COMMON_LEASE_H_

#include <functional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/kv_store.h"

namespace ams {

class Lease {
 public:
  Lease(KvStore* kv, std::string key, std::string owner, absl::Duration duration)
      : kv_(kv), key_(std::move(key)), owner_(std::move(owner)), duration_(duration) {}

  // Takes the lease, or extends it if held here; false when another replica holds it.
  absl::StatusOr<bool> Hold();

  // Runs `work` (which may block longer than the lease lasts), extending the lease every
  // third of its duration meanwhile so no other replica takes over a job still running.
  void WhileHeld(const std::function<void()>& work);

 private:
  KvStore* kv_;
  const std::string key_, owner_;
  const absl::Duration duration_;
};

}  // namespace ams

#endif  // AMS_COMMON_LEASE_H_
