#include "services/gateway/live_updates.h"

#include <set>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace ams::gateway {
namespace {

using ams::type::v1::Role;
using ::testing::HasSubstr;
using ::testing::Not;

class FakeWriter : public StreamWriter {
 public:
  bool Write(std::string bytes) override {
    if (gone) return false;
    text += bytes;
    return true;
  }
  void Close() override { closed = true; }
  bool IsOpen() const override { return !gone; }
  std::string text;
  bool gone = false, closed = false;
};

TEST(LiveUpdates, EachStreamHearsOfTheQueuesItsRolesWorkOn) {
  LiveUpdates live("e1");
  auto diskominfo = std::make_shared<FakeWriter>();
  auto verifier = std::make_shared<FakeWriter>();
  auto auditor = std::make_shared<FakeWriter>();
  ASSERT_TRUE(live.Open(diskominfo, "operators/siti", "s1", {Role::ROLE_DISKOMINFO_OP}, "").ok());
  ASSERT_TRUE(live.Open(verifier, "operators/dewi", "s2", {Role::ROLE_VERIFIER}, "").ok());
  ASSERT_TRUE(live.Open(auditor, "operators/ani", "s3", {Role::ROLE_AUDITOR}, "").ok());
  live.Publish("ams.intake.v1.ApplicationSubmitted", "applications/a1");
  live.Publish("ams.enrollment.v1.EnrollmentSubmitted", "applications/a2");
  live.Publish("ams.credential.v1.LoginSucceeded", "applications/a3");  // no queue of ours

  EXPECT_THAT(diskominfo->text, HasSubstr("id: e1-1\nevent: queue\ndata: {"));
  EXPECT_THAT(diskominfo->text, HasSubstr(R"("application":"applications/a1")"));
  EXPECT_THAT(diskominfo->text, Not(HasSubstr("applications/a2")));
  EXPECT_THAT(verifier->text, Not(HasSubstr("applications/a1")));
  EXPECT_THAT(verifier->text, HasSubstr(R"("queues":["registration","verification"])"));
  EXPECT_THAT(auditor->text, HasSubstr("applications/a1"));
  EXPECT_THAT(auditor->text, HasSubstr("applications/a2"));
  EXPECT_THAT(auditor->text, Not(HasSubstr("applications/a3")));
}

TEST(LiveUpdates, AReconnectGetsWhatItMissedOrAReset) {
  LiveUpdates live("e1", {/*remembered=*/2, 100, 10});
  for (const char* a : {"applications/a1", "applications/a2", "applications/a3"}) {
    live.Publish("ams.intake.v1.ApplicationSubmitted", a);
  }
  auto back = std::make_shared<FakeWriter>();
  ASSERT_TRUE(live.Open(back, "operators/siti", "s1", {Role::ROLE_DISKOMINFO_OP}, "e1-2").ok());
  EXPECT_THAT(back->text, HasSubstr("applications/a3"));
  EXPECT_THAT(back->text, Not(HasSubstr("applications/a2")));
  EXPECT_THAT(back->text, Not(HasSubstr("reset")));

  for (const char* last : {"e1-0", "e0-3", "e1-99", "garbage"}) {  // forgotten, other process
    auto writer = std::make_shared<FakeWriter>();
    ASSERT_TRUE(live.Open(writer, "operators/siti", "s1", {Role::ROLE_DISKOMINFO_OP}, last).ok());
    EXPECT_THAT(writer->text, HasSubstr("event: reset")) << last;
  }
}

TEST(LiveUpdates, ClosedStreamsAreForgottenAndOpeningIsBounded) {
  LiveUpdates live("e1", {10, /*max_streams=*/3, /*per_operator=*/2});
  auto a = std::make_shared<FakeWriter>(), b = std::make_shared<FakeWriter>();
  ASSERT_TRUE(live.Open(a, "operators/siti", "s1", {Role::ROLE_DISKOMINFO_OP}, "").ok());
  ASSERT_TRUE(live.Open(b, "operators/siti", "s1", {Role::ROLE_DISKOMINFO_OP}, "").ok());
  EXPECT_EQ(live.Open(std::make_shared<FakeWriter>(), "operators/siti", "s1",
                      {Role::ROLE_DISKOMINFO_OP}, "")
                .code(),
            absl::StatusCode::kResourceExhausted);
  a->gone = true;  // its browser went: its place is free at once
  auto c = std::make_shared<FakeWriter>();
  EXPECT_TRUE(live.Open(c, "operators/siti", "s1", {Role::ROLE_DISKOMINFO_OP}, "").ok());
  EXPECT_EQ(live.open_streams(), 2u);
  live.Heartbeat();
  EXPECT_THAT(b->text, HasSubstr(": keep-alive\n\n"));
  b->gone = true;
  live.Heartbeat();
  EXPECT_EQ(live.open_streams(), 1u);
  live.CloseAll();
  EXPECT_TRUE(c->closed);
  EXPECT_EQ(live.open_streams(), 0u);
}

// A stream lasts no longer than its session: signed out, ended elsewhere, or expired.
TEST(LiveUpdates, AStreamEndsWithItsSession) {
  std::set<std::string> live_sessions = {"s1", "s2"};
  LiveUpdates live("e1", {}, [&](const std::string& s) { return live_sessions.count(s) > 0; });
  auto signed_out = std::make_shared<FakeWriter>(), expired = std::make_shared<FakeWriter>();
  ASSERT_TRUE(live.Open(signed_out, "operators/siti", "s1", {Role::ROLE_DISKOMINFO_OP}, "").ok());
  ASSERT_TRUE(live.Open(expired, "operators/siti", "s2", {Role::ROLE_DISKOMINFO_OP}, "").ok());
  live.EndSession("s1");
  EXPECT_TRUE(signed_out->closed);
  EXPECT_FALSE(expired->closed);
  live_sessions.erase("s2");
  live.Heartbeat();
  EXPECT_TRUE(expired->closed);
  EXPECT_EQ(live.open_streams(), 0u);
  live.Publish("ams.intake.v1.ApplicationSubmitted", "applications/a1");
  EXPECT_THAT(expired->text, Not(HasSubstr("applications/a1")));
}

}  // namespace
}  // namespace ams::gateway
