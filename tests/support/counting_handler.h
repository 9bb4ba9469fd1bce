#ifndef AMS_TESTS_SUPPORT_COUNTING_HANDLER_H_
#define AMS_TESTS_SUPPORT_COUNTING_HANDLER_H_

#include <functional>
#include <string>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "common/event_bus.h"
#include "common/kv_store.h"
#include "common/status_macros.h"

namespace ams::testing {

// A handler whose effect is observable in Redis: INCR of "<counter>:<subject>", written in
// one transaction with the inbox mark. `refuse`, when set, may fail an event before its
// effect (a mail server away); `after_effect` runs once the effect is durable
// (a crash there is "after the effect, before the commit").
class CountingHandler final : public EventHandler {
 public:
  CountingHandler(KvStore* kv, std::string counter) : kv_(kv), counter_(std::move(counter)) {}

  absl::Status Handle(const EventEnvelope& event, const KvWrites& inbox_mark) override {
    if (refuse) RETURN_IF_ERROR(refuse(event));
    KvWrites effect = {{{"INCR", counter_ + ":" + event.subject()}}, {}};
    effect.Add(inbox_mark);
    absl::Status s = kv_->Transaction(effect.commands, effect.preconditions).status();
    if (!s.ok()) return s;
    {
      absl::MutexLock lock(&mu_);
      handled_.push_back(event);
    }
    if (after_effect) after_effect();
    return absl::OkStatus();
  }

  std::vector<EventEnvelope> handled() {
    absl::MutexLock lock(&mu_);
    return handled_;
  }
  std::function<void()> after_effect;
  std::function<absl::Status(const EventEnvelope&)> refuse;

 private:
  KvStore* kv_;
  std::string counter_;
  absl::Mutex mu_;
  std::vector<EventEnvelope> handled_ ABSL_GUARDED_BY(mu_);
};

}  // namespace ams::testing

#endif  // AMS_TESTS_SUPPORT_COUNTING_HANDLER_H_
