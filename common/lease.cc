#include "common/lease.h"

#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"
#include "common/status_macros.h"

namespace ams {

absl::StatusOr<bool> Lease::Hold() {
  const std::string ms = absl::StrCat(absl::ToInt64Milliseconds(duration_));
  ASSIGN_OR_RETURN(KvReply taken, kv_->Run({"SET", key_, owner_, "NX", "PX", ms}));
  if (!taken.is_nil()) return true;
  absl::StatusOr<std::vector<KvReply>> renewed =
      kv_->Transaction({{"PEXPIRE", key_, ms}}, {{key_, "", owner_}});
  if (absl::IsAborted(renewed.status())) return false;
  RETURN_IF_ERROR(renewed.status());
  return true;
}

void Lease::WhileHeld(const std::function<void()>& work) {
  absl::Notification done;
  std::thread renewer([&] {
    while (!done.WaitForNotificationWithTimeout(duration_ / 3)) {
      absl::StatusOr<bool> held = Hold();
      if (!held.ok() || !*held) return;
    }
  });
  work();
  done.Notify();
  renewer.join();
}

}  // namespace ams
