// CloudEvents 1.0 in Kafka binary mode: the event's attributes travel as record headers
// (ce_id, ce_source, ce_type, ce_time, ce_subject, content-type, traceparent), its data
// as the record value, and the subject (application id) as the record key.
#ifndef AMS_COMMON_CLOUD_EVENT_H_
#define AMS_COMMON_CLOUD_EVENT_H_

#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "ams/type/v1/event_envelope.pb.h"
#include "google/protobuf/message.h"
#include "google/protobuf/timestamp.pb.h"

namespace ams {

using ams::type::v1::EventEnvelope;
using KafkaHeaders = std::vector<std::pair<std::string, std::string>>;

inline constexpr char kContentTypeProtobuf[] = "application/protobuf";
inline constexpr char kDeadLetterTopic[] = "ams.dlq.v1";
// Headers the dead-letter topic adds to the original record's.
inline constexpr char kDlqReasonHeader[] = "ams_dlq_reason";
inline constexpr char kDlqOriginHeader[] = "ams_dlq_origin";  // topic/partition/offset
inline constexpr char kDlqConsumerHeader[] = "ams_dlq_consumer";

// absl::Time as a protobuf Timestamp (and back), for events and resources.
google::protobuf::Timestamp ToTimestamp(absl::Time t);
absl::Time FromTimestamp(const google::protobuf::Timestamp& t);

// The topic a service emits on: "ams.<service>.v1".
std::string TopicOf(absl::string_view service);

class RandomSource;

// The trace that events made on this thread belong to while the scope lasts: the event being
// handled, or the gRPC call being served. Scopes nest; the innermost counts.
class TraceScope {
 public:
  explicit TraceScope(std::string traceparent);
  ~TraceScope();
  TraceScope(const TraceScope&) = delete;
  TraceScope& operator=(const TraceScope&) = delete;

  // "" outside any scope.
  static const std::string& Current();

 private:
  std::string previous_;
};

// A new event for `subject` with `message` as data: fresh UUID id, ce_type = the message's
// full name, a child span of `parent_traceparent`, else of the current TraceScope, else a new
// trace.
EventEnvelope MakeEvent(absl::string_view service, absl::string_view subject,
                        const google::protobuf::Message& message, absl::Time time,
                        RandomSource& random, const std::string& parent_traceparent = "");

KafkaHeaders ToKafkaHeaders(const EventEnvelope& event);

// Rebuilds the envelope from a record; INVALID_ARGUMENT naming the first missing or
// malformed attribute (so the record goes to the dead-letter topic).
absl::StatusOr<EventEnvelope> FromKafkaRecord(std::string topic, std::string key, std::string value,
                                              const KafkaHeaders& headers);

// Parses `event.data` as `message`, checking ce_type names that message type.
absl::Status UnpackEvent(const EventEnvelope& event, google::protobuf::Message* message);

}  // namespace ams

#endif  // AMS_COMMON_CLOUD_EVENT_H_
