#ifndef AMS_COMMON_TESTING_FAKE_MAILER_H_
#define AMS_COMMON_TESTING_FAKE_MAILER_H_

#include <set>
#include <string>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "common/mailer.h"

namespace ams::testing {

// Keeps every message it is asked to send.
class FakeMailer final : public Mailer {
 public:
  absl::Status Send(const MailMessage& message) override {
    absl::MutexLock lock(&mu_);
    if (unavailable_) return absl::UnavailableError("smtp: connection refused (fake)");
    for (const std::string& to : message.to) {
      if (refused_.count(to)) return absl::InvalidArgumentError("550 no such user (fake)");
    }
    sent_.push_back(message);
    return absl::OkStatus();
  }
  void SetUnavailable(bool unavailable) {
    absl::MutexLock lock(&mu_);
    unavailable_ = unavailable;
  }
  // Mail to `recipient` is refused for good, as a 5xx reply does.
  void Refuse(const std::string& recipient) {
    absl::MutexLock lock(&mu_);
    refused_.insert(recipient);
  }
  std::vector<MailMessage> sent() {
    absl::MutexLock lock(&mu_);
    return sent_;
  }

 private:
  absl::Mutex mu_;
  std::vector<MailMessage> sent_ ABSL_GUARDED_BY(mu_);
  bool unavailable_ ABSL_GUARDED_BY(mu_) = false;
  std::set<std::string> refused_ ABSL_GUARDED_BY(mu_);
};

}  // namespace ams::testing

#endif  // AMS_COMMON_TESTING_FAKE_MAILER_H_
