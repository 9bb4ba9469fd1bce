#include "common/cloud_event.h"

#include "ams/intake/v1/events.pb.h"
#include "common/testing/fake_random.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace ams {
namespace {

using ::testing::HasSubstr;
using ::testing::Pair;
using ::testing::UnorderedElementsAre;

ams::intake::v1::ApplicationWithdrawn Withdrawn() {
  ams::intake::v1::ApplicationWithdrawn w;
  w.set_application("applications/a1");
  w.set_reason("moved agency");
  return w;
}

TEST(CloudEvent, MakeEventFillsEveryAttribute) {
  testing::FakeRandom random;
  EventEnvelope e =
      MakeEvent("intake", "a1", Withdrawn(), absl::FromUnixSeconds(1790000000), random);
  EXPECT_EQ(e.source(), "ams/intake");
  EXPECT_EQ(e.type(), "ams.intake.v1.ApplicationWithdrawn");
  EXPECT_EQ(e.subject(), "a1");
  EXPECT_EQ(e.topic(), "ams.intake.v1");
  EXPECT_EQ(e.id().size(), 36u);
  EXPECT_EQ(e.time().seconds(), 1790000000);
  EXPECT_EQ(e.traceparent().size(), 55u);
}

TEST(CloudEvent, EventsInATraceScopeContinueItsTrace) {
  ams::testing::FakeRandom random;
  ams::intake::v1::ApplicationWithdrawn w;
  const std::string parent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
  EventEnvelope inside, outside;
  {
    TraceScope scope(parent);
    inside = MakeEvent("intake", "a", w, absl::Now(), random);
  }
  outside = MakeEvent("intake", "a", w, absl::Now(), random);
  EXPECT_EQ(inside.traceparent().substr(0, 36), parent.substr(0, 36));  // same trace id
  EXPECT_NE(inside.traceparent(), parent);                              // its own span
  EXPECT_NE(outside.traceparent().substr(0, 36), parent.substr(0, 36));
  EXPECT_TRUE(TraceScope::Current().empty());
}

TEST(CloudEvent, HeadersRoundTrip) {
  testing::FakeRandom random;
  EventEnvelope e =
      MakeEvent("intake", "a1", Withdrawn(), absl::FromUnixSeconds(1790000000), random);
  KafkaHeaders headers = ToKafkaHeaders(e);
  EXPECT_THAT(headers, ::testing::Contains(Pair("content-type", "application/protobuf")));
  EXPECT_THAT(headers, ::testing::Contains(Pair("ce_time", "2026-09-21T14:13:20Z")));
  absl::StatusOr<EventEnvelope> back = FromKafkaRecord(e.topic(), "a1", e.data(), headers);
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(back->SerializeAsString(), e.SerializeAsString());
  ams::intake::v1::ApplicationWithdrawn w;
  ASSERT_TRUE(UnpackEvent(*back, &w).ok());
  EXPECT_EQ(w.reason(), "moved agency");
}

TEST(CloudEvent, RejectsRecordsThatAreNotOurEvents) {
  testing::FakeRandom random;
  EventEnvelope e = MakeEvent("intake", "a1", Withdrawn(), absl::Now(), random);
  KafkaHeaders good = ToKafkaHeaders(e);
  auto without = [&](const std::string& name) {
    KafkaHeaders h;
    for (auto& kv : good) {
      if (kv.first != name) h.push_back(kv);
    }
    return h;
  };
  for (const char* name : {"ce_specversion", "ce_id", "ce_source", "ce_type", "ce_time"}) {
    absl::Status s = FromKafkaRecord("t", "a1", "", without(name)).status();
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << name;
    EXPECT_THAT(s.message(), HasSubstr(name));
  }
  KafkaHeaders json = without("content-type");
  json.emplace_back("content-type", "application/json");
  EXPECT_THAT(FromKafkaRecord("t", "a1", "", json).status().message(), HasSubstr("content-type"));
  KafkaHeaders bad_time = without("ce_time");
  bad_time.emplace_back("ce_time", "yesterday");
  EXPECT_THAT(FromKafkaRecord("t", "a1", "", bad_time).status().message(), HasSubstr("RFC 3339"));
  EXPECT_FALSE(FromKafkaRecord("t", "", "", without("ce_subject")).ok());
  EXPECT_TRUE(FromKafkaRecord("t", "a1", "", without("ce_subject")).ok());  // key stands in
}

TEST(CloudEvent, UnpackChecksTypeAndBytes) {
  testing::FakeRandom random;
  EventEnvelope e = MakeEvent("intake", "a1", Withdrawn(), absl::Now(), random);
  ams::intake::v1::ApplicationSubmitted wrong_type;
  EXPECT_EQ(UnpackEvent(e, &wrong_type).code(), absl::StatusCode::kInvalidArgument);
  e.set_data("\xff\xff\xff");
  ams::intake::v1::ApplicationWithdrawn w;
  EXPECT_EQ(UnpackEvent(e, &w).code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace ams

namespace ams {
namespace {

// A timestamp a caller may send: the protobuf range runs to 9999-12-31, far past what fits in
// int64 nanoseconds (2262). It must stay in the future, not wrap into the past.
TEST(FromTimestamp, KeepsTimesFarInTheFutureInTheFuture) {
  google::protobuf::Timestamp far;
  far.set_seconds(253402214400);  // 9999-12-31T00:00:00Z
  far.set_nanos(5);
  const absl::Time t = FromTimestamp(far);
  EXPECT_GT(t, absl::Now());
  EXPECT_EQ(absl::ToUnixSeconds(t), 253402214400);
  google::protobuf::Timestamp now = ToTimestamp(absl::FromUnixMillis(1764547200123));
  EXPECT_EQ(FromTimestamp(now), absl::FromUnixMillis(1764547200123));
}

}  // namespace
}  // namespace ams
