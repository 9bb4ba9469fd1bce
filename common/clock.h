// Time behind an interface, so tests use simulated time (expiry, SLA, backoff).
#ifndef AMS_COMMON_CLOCK_H_
#define AMS_COMMON_CLOCK_H_

#include "absl/time/time.h"

namespace ams {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual absl::Time Now() const = 0;
  // Blocks for `d` (real clock) or advances simulated time (fake clock).
  virtual void SleepFor(absl::Duration d) = 0;
};

// The system's wall clock. Shared and stateless.
Clock& RealClock();

}  // namespace ams

#endif  // AMS_COMMON_CLOCK_H_
