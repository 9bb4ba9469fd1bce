// One page of a work queue as an operator asked for it: the items whose applicant matches
// the search (part of the name, any case; or the whole employee number), in the order
// asked, cut to the page. Queues are read whole from their services (at most kMaxQueueItems
// each, which a regency's queues stay far below) and shaped here.
#ifndef AMS_SERVICES_GATEWAY_QUEUE_PAGE_H_
#define AMS_SERVICES_GATEWAY_QUEUE_PAGE_H_

#include <vector>

#include "absl/status/statusor.h"
#include "ams/gateway/v1/work_service.pb.h"

namespace ams::gateway {

inline constexpr int kMaxQueueItems = 1000;

// INVALID_ARGUMENT naming the field for a bad page_size, page, order_by or query.
absl::Status ValidateListQueue(const ams::gateway::v1::ListQueueRequest& request);

// The page `request` asks for of `items` (validated first); total_size counts every match.
ams::gateway::v1::ListQueueResponse PageOf(std::vector<ams::gateway::v1::QueueItem> items,
                                           const ams::gateway::v1::ListQueueRequest& request);

}  // namespace ams::gateway

#endif  // AMS_SERVICES_GATEWAY_QUEUE_PAGE_H_
