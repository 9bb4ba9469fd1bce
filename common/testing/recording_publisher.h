#ifndef AMS_COMMON_TESTING_RECORDING_PUBLISHER_H_
#define AMS_COMMON_TESTING_RECORDING_PUBLISHER_H_

#include <string>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "common/event_bus.h"

namespace ams::testing {

// An EventPublisher that keeps what it is given; can be told to fail like a broker that is
// down, for the next `n` events.
class RecordingPublisher final : public EventPublisher {
 public:
  struct Record {
    std::string topic, key, value;
    KafkaHeaders headers;
  };

  std::vector<absl::Status> PublishAll(absl::Span<const EventEnvelope> events) override {
    std::vector<absl::Status> out;
    absl::MutexLock lock(&mu_);
    ++waiting_;
    mu_.Await(absl::Condition(
        +[](bool* held) { return !*held; }, &held_));
    --waiting_;
    for (const EventEnvelope& e : events) {
      if (failures_left_ > 0) {
        --failures_left_;
        out.push_back(absl::UnavailableError("broker down (fake)"));
        continue;
      }
      events_.push_back(e);
      out.push_back(absl::OkStatus());
    }
    return out;
  }

  absl::Status PublishRecord(const std::string& topic, const std::string& key,
                             const std::string& value, const KafkaHeaders& headers) override {
    absl::MutexLock lock(&mu_);
    if (failures_left_ > 0) {
      --failures_left_;
      return absl::UnavailableError("broker down (fake)");
    }
    records_.push_back({topic, key, value, headers});
    return absl::OkStatus();
  }

  // While held, publishes block (a broker slow to acknowledge) until Release().
  void Hold() {
    absl::MutexLock lock(&mu_);
    held_ = true;
  }
  void Release() {
    absl::MutexLock lock(&mu_);
    held_ = false;
  }
  // Blocks until `n` publishes are waiting on Hold().
  void AwaitWaiting(int n) {
    absl::MutexLock lock(&mu_);
    auto enough = [this, n]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return waiting_ >= n; };
    mu_.Await(absl::Condition(&enough));
  }

  void FailNext(int n) {
    absl::MutexLock lock(&mu_);
    failures_left_ = n;
  }
  std::vector<EventEnvelope> events() {
    absl::MutexLock lock(&mu_);
    return events_;
  }
  std::vector<Record> records() {
    absl::MutexLock lock(&mu_);
    return records_;
  }

 private:
  absl::Mutex mu_;
  std::vector<EventEnvelope> events_ ABSL_GUARDED_BY(mu_);
  std::vector<Record> records_ ABSL_GUARDED_BY(mu_);
  int failures_left_ ABSL_GUARDED_BY(mu_) = 0;
  bool held_ ABSL_GUARDED_BY(mu_) = false;
  int waiting_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace ams::testing

#endif  // AMS_COMMON_TESTING_RECORDING_PUBLISHER_H_
