// A background thread that runs a pass when woken (new work was committed) or every poll
// interval (work from other replicas, crash recovery), until stopped: what the outbox relay
// and the mail sender run on.
#ifndef AMS_COMMON_WAKEABLE_LOOP_H_
#define AMS_COMMON_WAKEABLE_LOOP_H_

#include <functional>
#include <thread>

#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace ams {

class WakeableLoop {
 public:
  ~WakeableLoop() { Stop(); }

  // Runs `pass` at once, then whenever woken or `interval` passed.
  void Start(absl::Duration interval, std::function<void()> pass) {
    Wake();
    thread_ = std::thread([this, interval, pass = std::move(pass)] {
      while (true) {
        {
          absl::MutexLock lock(&mu_);
          auto ready = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return woken_ || stopping_; };
          mu_.AwaitWithTimeout(absl::Condition(&ready), interval);
          if (stopping_) return;
          woken_ = false;
        }
        pass();
      }
    });
  }
  void Wake() {
    absl::MutexLock lock(&mu_);
    woken_ = true;
  }
  // Waits for the pass in progress, if any.
  void Stop() {
    {
      absl::MutexLock lock(&mu_);
      stopping_ = true;
    }
    if (thread_.joinable()) thread_.join();
  }

 private:
  absl::Mutex mu_;
  bool woken_ ABSL_GUARDED_BY(mu_) = false;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::thread thread_;
};

}  // namespace ams

#endif  // AMS_COMMON_WAKEABLE_LOOP_H_
