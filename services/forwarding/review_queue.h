// SOP step 2: the Diskominfo operator's review queue, kept in Redis:
//   forwarding:{<app>}:item     hash: proto (ReviewItem), version, request:<id> records
//   forwarding:queue            sorted set of applications by submission time (ms)
//   forwarding:letter:<sha256>  the letter's bytes, fetched from intake once
// Each change and the event it emits are one transaction, applied only if the item is
// still at the version it was read at.
#ifndef AMS_SERVICES_FORWARDING_REVIEW_QUEUE_H_
#define AMS_SERVICES_FORWARDING_REVIEW_QUEUE_H_

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "ams/forwarding/v1/forwarding_service.pb.h"
#include "ams/intake/v1/events.pb.h"
#include "common/clock.h"
#include "common/kv_store.h"
#include "common/outbox.h"
#include "common/request_ids.h"

namespace ams::forwarding {

using ams::forwarding::v1::ReviewItem;

struct StoredItem {
  ReviewItem item;
  int64_t version = 0;
  RequestHashes request_hashes;
};

class ReviewQueue {
 public:
  ReviewQueue(KvStore* kv, Outbox* outbox) : kv_(kv), outbox_(outbox) {}

  absl::StatusOr<std::optional<StoredItem>> Get(const std::string& application_id);
  // Replaces `before` (version 0: absent) with `after`, with events and extra commands in
  // the same transaction; ABORTED if the item changed meanwhile.
  absl::Status Put(const std::optional<StoredItem>& before, const ReviewItem& after,
                   std::vector<EventEnvelope> events, KvWrites extra = {});
  // Items in submission order from `offset`, those in `state` (unspecified: any) and of
  // `agency` (empty: any). Returns the items and the next offset (-1: no more).
  absl::StatusOr<std::pair<std::vector<ReviewItem>, int64_t>> List(ReviewItem::State state,
                                                                   const std::string& agency,
                                                                   int page_size, int64_t offset);
  absl::Status PutLetter(const std::string& sha256, const std::string& pdf);
  absl::StatusOr<std::optional<std::string>> GetLetter(const std::string& sha256);

  static std::string Key(const std::string& application_id);

 private:
  KvStore* kv_;
  Outbox* outbox_;
};

// "reviewItems/{id}" or "applications/{id}" -> id; INVALID_ARGUMENT naming `field`.
absl::StatusOr<std::string> ParseItemName(const std::string& name, const std::string& field);

// A new pending item from intake's event.
ReviewItem ItemFromSubmission(const ams::intake::v1::ApplicationSubmitted& submitted);

}  // namespace ams::forwarding

#endif  // AMS_SERVICES_FORWARDING_REVIEW_QUEUE_H_
