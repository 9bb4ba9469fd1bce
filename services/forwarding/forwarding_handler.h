// What forwarding does with intake's events: a submitted (or resubmitted) application
// enters the review queue; a withdrawn one leaves it.
#ifndef AMS_SERVICES_FORWARDING_FORWARDING_HANDLER_H_
#define AMS_SERVICES_FORWARDING_FORWARDING_HANDLER_H_

#include "common/event_bus.h"
#include "services/forwarding/review_queue.h"

namespace ams::forwarding {

class ForwardingHandler final : public EventHandler {
 public:
  explicit ForwardingHandler(ReviewQueue* queue) : queue_(queue) {}
  absl::Status Handle(const EventEnvelope& event, const KvWrites& inbox_mark) override;

 private:
  ReviewQueue* queue_;
};

}  // namespace ams::forwarding

#endif  // AMS_SERVICES_FORWARDING_FORWARDING_HANDLER_H_
