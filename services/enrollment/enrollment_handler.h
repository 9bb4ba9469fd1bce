// Enrollment's reactions: forwarding's ApplicationForwarded, verification's
// EnrollmentRejected.
#ifndef AMS_SERVICES_ENROLLMENT_ENROLLMENT_HANDLER_H_
#define AMS_SERVICES_ENROLLMENT_ENROLLMENT_HANDLER_H_

#include "common/event_bus.h"
#include "services/enrollment/enrollment.h"

namespace ams::enrollment {

class EnrollmentHandler final : public EventHandler {
 public:
  explicit EnrollmentHandler(Enrollment* enrollment) : enrollment_(enrollment) {}
  absl::Status Handle(const EventEnvelope& event, const KvWrites& inbox_mark) override {
    ams::forwarding::v1::ApplicationForwarded forwarded;
    ams::verification::v1::EnrollmentRejected rejected;
    ams::verification::v1::EnrollmentVerified verified;
    if (event.type() == verified.GetDescriptor()->full_name()) {
      if (absl::Status s = UnpackEvent(event, &verified); !s.ok()) return s;
      return enrollment_->OnVerified(verified, inbox_mark);
    }
    if (event.type() == forwarded.GetDescriptor()->full_name()) {
      if (absl::Status s = UnpackEvent(event, &forwarded); !s.ok()) return s;
      return enrollment_->OnForwarded(forwarded, inbox_mark);
    }
    if (event.type() == rejected.GetDescriptor()->full_name()) {
      if (absl::Status s = UnpackEvent(event, &rejected); !s.ok()) return s;
      return enrollment_->OnRejected(rejected, inbox_mark);
    }
    return absl::OkStatus();
  }

 private:
  Enrollment* enrollment_;
};

}  // namespace ams::enrollment

#endif  // AMS_SERVICES_ENROLLMENT_ENROLLMENT_HANDLER_H_
