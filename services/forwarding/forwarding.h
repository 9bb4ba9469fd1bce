// SOP step 2 as plain calls: the Diskominfo operator reviews each submitted application,
// then forwards it (ApplicationForwarded, with one mail owed to BSrE's mailbox carrying the
// letter) or returns it with a reason (ApplicationReturned; intake tells the applicant).
#ifndef AMS_SERVICES_FORWARDING_FORWARDING_H_
#define AMS_SERVICES_FORWARDING_FORWARDING_H_

#include <string>

#include "absl/status/statusor.h"
#include "ams/forwarding/v1/forwarding_service.pb.h"
#include "common/api_keys.h"
#include "common/clock.h"
#include "common/mail_outbox.h"
#include "common/random.h"
#include "services/forwarding/review_queue.h"

namespace ams::forwarding {

namespace pb = ams::forwarding::v1;

// Where the letter's bytes come from: intake's API.
class LetterSource {
 public:
  virtual ~LetterSource() = default;
  // The PDF of `application` ("applications/{id}") and its SHA-256.
  virtual absl::StatusOr<std::pair<std::string, std::string>> Fetch(
      const std::string& application) = 0;
};

struct ForwardingOptions {
  std::string bsre_mailbox = "registrasi@bsre.go.id";  // AMS_BSRE_MAILBOX
  std::string mail_from = "ams@kebumenkab.go.id";      // AMS_MAIL_FROM
};

class Forwarding {
 public:
  Forwarding(ReviewQueue* queue, LetterSource* letters, MailOutbox* mail, ForwardingOptions options,
             Clock* clock, RandomSource* random);

  absl::StatusOr<pb::ListReviewQueueResponse> List(const Principal& caller,
                                                   const pb::ListReviewQueueRequest& r);
  absl::StatusOr<pb::GetReviewItemResponse> Get(const Principal& caller,
                                                const pb::GetReviewItemRequest& r);
  absl::StatusOr<pb::ForwardApplicationResponse> Forward(const Principal& caller,
                                                         const pb::ForwardApplicationRequest& r);
  absl::StatusOr<pb::ReturnApplicationResponse> Return(const Principal& caller,
                                                       const pb::ReturnApplicationRequest& r);

 private:
  absl::StatusOr<std::string> Letter(const ReviewItem& item);
  // An operator's decision on a pending item: a retried request_id is answered from its
  // record, anything but PENDING is refused, and a concurrent writer makes it read again.
  // `decide` turns the item into its new state and adds the events to emit and the writes
  // to commit with it.
  absl::StatusOr<ReviewItem> Decide(
      const std::string& id, const google::protobuf::Message& request,
      const std::string& request_id, absl::string_view action,
      const std::function<absl::Status(ReviewItem&, std::vector<EventEnvelope>&, KvWrites&)>&
          decide);

  ReviewQueue* queue_;
  LetterSource* letters_;
  MailOutbox* mail_;
  const ForwardingOptions options_;
  Clock* clock_;
  RandomSource* random_;
};

// The mail to BSrE's mailbox: the application's summary and the letter attached. Its
// Message-ID is fixed per application revision ("bsre").
MailMessage BsreMail(const ReviewItem& item, const std::string& letter_pdf,
                     const ForwardingOptions& options);

}  // namespace ams::forwarding

#endif  // AMS_SERVICES_FORWARDING_FORWARDING_H_
