#include "common/cloud_event.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "common/random.h"
#include "google/protobuf/util/time_util.h"

namespace ams {
namespace {

using google::protobuf::util::TimeUtil;

const std::string* Header(const KafkaHeaders& headers, absl::string_view name) {
  for (const auto& [k, v] : headers) {
    if (k == name) return &v;
  }
  return nullptr;
}

}  // namespace

google::protobuf::Timestamp ToTimestamp(absl::Time t) {
  return TimeUtil::NanosecondsToTimestamp(absl::ToUnixNanos(t));
}

absl::Time FromTimestamp(const google::protobuf::Timestamp& t) {
  // Seconds and nanos apart: as one count of nanoseconds, a time past 2262 (a caller may send
  // 9999-12-31) overflows int64 and lands in the past.
  return absl::FromUnixSeconds(t.seconds()) + absl::Nanoseconds(t.nanos());
}

std::string TopicOf(absl::string_view service) { return absl::StrCat("ams.", service, ".v1"); }

namespace {
thread_local std::string current_traceparent;
}  // namespace

TraceScope::TraceScope(std::string traceparent)
    : previous_(std::exchange(current_traceparent, std::move(traceparent))) {}
TraceScope::~TraceScope() { current_traceparent = std::move(previous_); }
const std::string& TraceScope::Current() { return current_traceparent; }

EventEnvelope MakeEvent(absl::string_view service, absl::string_view subject,
                        const google::protobuf::Message& message, absl::Time time,
                        RandomSource& random, const std::string& parent_traceparent) {
  EventEnvelope e;
  e.set_id(NewUuid(random));
  e.set_source(absl::StrCat("ams/", service));
  e.set_type(message.GetDescriptor()->full_name());
  *e.mutable_time() = ToTimestamp(time);
  e.set_subject(std::string(subject));
  e.set_traceparent(NewTraceparent(
      random, parent_traceparent.empty() ? TraceScope::Current() : parent_traceparent));
  e.set_topic(TopicOf(service));
  message.SerializeToString(e.mutable_data());
  return e;
}

KafkaHeaders ToKafkaHeaders(const EventEnvelope& e) {
  return {{"ce_specversion", "1.0"},
          {"ce_id", e.id()},
          {"ce_source", e.source()},
          {"ce_type", e.type()},
          {"ce_time", TimeUtil::ToString(e.time())},
          {"ce_subject", e.subject()},
          {"content-type", kContentTypeProtobuf},
          {"traceparent", e.traceparent()}};
}

absl::StatusOr<EventEnvelope> FromKafkaRecord(std::string topic, std::string key, std::string value,
                                              const KafkaHeaders& headers) {
  auto required = [&](absl::string_view name) -> absl::StatusOr<std::string> {
    const std::string* v = Header(headers, name);
    if (v == nullptr || v->empty()) {
      return absl::InvalidArgumentError(absl::StrCat("header ", name, " is missing"));
    }
    return *v;
  };
  absl::StatusOr<std::string> spec = required("ce_specversion");
  if (!spec.ok()) return spec.status();
  if (*spec != "1.0") {
    return absl::InvalidArgumentError(absl::StrCat("ce_specversion \"", *spec, "\" is not 1.0"));
  }
  const std::string* content_type = Header(headers, "content-type");
  if (content_type != nullptr && *content_type != kContentTypeProtobuf) {
    return absl::InvalidArgumentError(
        absl::StrCat("content-type \"", *content_type, "\" is not ", kContentTypeProtobuf));
  }
  EventEnvelope e;
  for (auto [name, setter] :
       std::initializer_list<std::pair<const char*, void (EventEnvelope::*)(const std::string&)>>{
           {"ce_id", &EventEnvelope::set_id},
           {"ce_source", &EventEnvelope::set_source},
           {"ce_type", &EventEnvelope::set_type}}) {
    absl::StatusOr<std::string> v = required(name);
    if (!v.ok()) return v.status();
    (e.*setter)(*v);
  }
  absl::StatusOr<std::string> time = required("ce_time");
  if (!time.ok()) return time.status();
  if (!TimeUtil::FromString(*time, e.mutable_time())) {
    return absl::InvalidArgumentError(absl::StrCat("ce_time \"", *time, "\" is not RFC 3339"));
  }
  const std::string* subject = Header(headers, "ce_subject");
  e.set_subject(subject != nullptr ? *subject : key);
  if (e.subject().empty()) {
    return absl::InvalidArgumentError("neither ce_subject nor the record key is set");
  }
  if (const std::string* tp = Header(headers, "traceparent")) e.set_traceparent(*tp);
  e.set_topic(std::move(topic));
  e.set_data(std::move(value));
  return e;
}

absl::Status UnpackEvent(const EventEnvelope& event, google::protobuf::Message* message) {
  if (event.type() != message->GetDescriptor()->full_name()) {
    return absl::InvalidArgumentError(
        absl::StrCat("ce_type ", event.type(), " is not ", message->GetDescriptor()->full_name()));
  }
  if (!message->ParseFromString(event.data())) {
    return absl::InvalidArgumentError(
        absl::StrCat("data is not a valid ", message->GetDescriptor()->full_name()));
  }
  return absl::OkStatus();
}

}  // namespace ams
