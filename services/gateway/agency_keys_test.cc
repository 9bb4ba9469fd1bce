#include "services/gateway/agency_keys.h"

#include "absl/strings/str_cat.h"
#include "common/cloud_event.h"
#include "common/testing/fake_clock.h"
#include "common/testing/fake_random.h"
#include "gtest/gtest.h"

namespace ams::gateway {
namespace {

namespace pb = ams::gateway::v1;

// The access topic as the services read it back: each published event reaches `followers`;
// `down` fails publishing as a broker out of reach.
class LoopbackTopic final : public EventPublisher {
 public:
  std::vector<absl::Status> PublishAll(absl::Span<const EventEnvelope> events) override {
    std::vector<absl::Status> out;
    for (const EventEnvelope& e : events) {
      if (down) {
        out.push_back(absl::UnavailableError("broker down (fake)"));
        continue;
      }
      published.push_back(e);
      ConsumedRecord r{e.topic(), 0, 0, e.subject(), e.data(), ToKafkaHeaders(e)};
      for (IssuedApiKeys* f : followers) f->Apply(r);
      out.push_back(absl::OkStatus());
    }
    return out;
  }
  absl::Status PublishRecord(const std::string&, const std::string&, const std::string&,
                             const KafkaHeaders&) override {
    return absl::UnimplementedError("not used");
  }
  std::vector<IssuedApiKeys*> followers;
  std::vector<EventEnvelope> published;
  bool down = false;
};

class AgencyKeysTest : public ::testing::Test {
 protected:
  AgencyKeysTest() { topic_.followers = {&gateway_follower_, &intake_follower_}; }
  pb::CreateAgencyKeyRequest NewKey() {
    pb::CreateAgencyKeyRequest r;
    r.set_agency("agencies/dinkes");
    r.set_label("Sistem kepegawaian Dinkes");
    return r;
  }

  testing::FakeClock clock_;
  testing::FakeRandom random_;
  LoopbackTopic topic_;
  ApiKeys gateway_keys_;
  IssuedApiKeys gateway_follower_{&gateway_keys_};
  ApiKeys intake_keys_;  // a service's keys, with no key file
  IssuedApiKeys intake_follower_{&intake_keys_};
  AgencyKeys keys_{&topic_, &gateway_follower_, &clock_, &random_};
  pb::Operator admin_ = [] {
    pb::Operator op;
    op.set_name("operators/admin");
    return op;
  }();
};

TEST_F(AgencyKeysTest, AnIssuedKeyWorksAtTheServicesUntilRevokedAndOnlyItsHashTravels) {
  auto made = keys_.Create(admin_, NewKey());
  ASSERT_TRUE(made.ok()) << made.status();
  const std::string key = made->api_key();
  EXPECT_EQ(key.rfind("ams_", 0), 0u);
  absl::StatusOr<Principal> dinkes = intake_keys_.Authenticate(absl::StrCat("Bearer ", key));
  ASSERT_TRUE(dinkes.ok()) << dinkes.status();
  EXPECT_EQ(dinkes->role, ams::type::v1::ROLE_AGENCY);
  EXPECT_EQ(dinkes->agency, "agencies/dinkes");
  for (const EventEnvelope& e : topic_.published) {
    EXPECT_EQ(e.topic(), "ams.access.v1");
    EXPECT_EQ(e.SerializeAsString().find(key), std::string::npos);
  }
  auto listed = keys_.List(admin_, {});
  ASSERT_EQ(listed->keys_size(), 1);
  EXPECT_EQ(listed->keys(0).label(), "Sistem kepegawaian Dinkes");
  EXPECT_EQ(listed->keys(0).issued_by(), "operators/admin");

  pb::RevokeAgencyKeyRequest revoke;
  revoke.set_name(made->key().name());
  auto revoked = keys_.Revoke(admin_, revoke);
  ASSERT_TRUE(revoked.ok()) << revoked.status();
  EXPECT_TRUE(revoked->has_revoke_time());
  EXPECT_EQ(intake_keys_.Authenticate(absl::StrCat("Bearer ", key)).status().code(),
            absl::StatusCode::kUnauthenticated);
  // Read again from the start (a service restarting): the issue then the revocation.
  ApiKeys restarted;
  IssuedApiKeys replay(&restarted);
  for (const EventEnvelope& e : topic_.published) {
    replay.Apply({e.topic(), 0, 0, e.subject(), e.data(), ToKafkaHeaders(e)});
  }
  EXPECT_FALSE(restarted.Authenticate(absl::StrCat("Bearer ", key)).ok());
  EXPECT_TRUE(keys_.List(admin_, {})->keys(0).has_revoke_time());
}

TEST_F(AgencyKeysTest, BadRequestsAndABrokerDownShowNoKey) {
  pb::CreateAgencyKeyRequest bad = NewKey();
  bad.set_agency("dinkes");
  bad.set_label("\u202e");
  absl::Status refused = keys_.Create(admin_, bad).status();
  EXPECT_EQ(refused.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(refused.message().find("agency"), absl::string_view::npos);
  EXPECT_NE(refused.message().find("label"), absl::string_view::npos);
  topic_.down = true;
  EXPECT_EQ(keys_.Create(admin_, NewKey()).status().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(keys_.List(admin_, {})->keys_size(), 0);
  pb::RevokeAgencyKeyRequest revoke;
  revoke.set_name(absl::StrCat("agencyKeys/", std::string(64, 'a')));
  EXPECT_EQ(keys_.Revoke(admin_, revoke).status().code(), absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace ams::gateway
