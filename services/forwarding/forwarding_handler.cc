#include "services/forwarding/forwarding_handler.h"

#include "absl/strings/str_cat.h"
#include "ams/intake/v1/events.pb.h"
#include "common/logging.h"
#include "common/status_macros.h"

namespace ams::forwarding {

absl::Status ForwardingHandler::Handle(const EventEnvelope& event, const KvWrites& inbox_mark) {
  std::string application;
  ams::intake::v1::ApplicationSubmitted submitted;
  ams::intake::v1::ApplicationWithdrawn withdrawn;
  if (event.type() == submitted.GetDescriptor()->full_name()) {
    RETURN_IF_ERROR(UnpackEvent(event, &submitted));
    application = submitted.application();
  } else if (event.type() == withdrawn.GetDescriptor()->full_name()) {
    RETURN_IF_ERROR(UnpackEvent(event, &withdrawn));
    application = withdrawn.application();
  } else {
    return absl::OkStatus();
  }
  ASSIGN_OR_RETURN(std::string id, ParseItemName(application, "application"));
  ASSIGN_OR_RETURN(std::optional<StoredItem> stored, queue_->Get(id));
  ReviewItem after;
  if (!submitted.application().empty()) {
    // A resubmission replaces a returned item; an older revision changes nothing.
    if (stored && stored->item.revision() >= submitted.revision()) return absl::OkStatus();
    after = ItemFromSubmission(submitted);
  } else {
    if (!stored || stored->item.state() != ReviewItem::STATE_PENDING) return absl::OkStatus();
    after = stored->item;
    after.set_state(ReviewItem::STATE_WITHDRAWN);
  }
  // ABORTED (a concurrent operator decision) is retried by the dispatcher from the top.
  RETURN_IF_ERROR(queue_->Put(stored, after, {}, inbox_mark));
  LogInfo("review queue updated",
          {{"application", application}, {"state", ReviewItem::State_Name(after.state())}});
  return absl::OkStatus();
}

}  // namespace ams::forwarding
