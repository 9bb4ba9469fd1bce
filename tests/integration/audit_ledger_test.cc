// The audit service as its own process against the real Kafka broker and redis-server, fed by
// intake and forwarding as they run: their events land in the ledger in order; an entry
// changed in Redis, or a tail cut off, is found by VerifyLedger; a second ledger replayed from
// the start of the topics ends in the same head hash; and an event read with kcat decodes with
// protoc and the checked-in descriptor set.
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "ams/audit/v1/audit_service.grpc.pb.h"
#include "common/hashing.h"
#include "common/redis_kv_store.h"
#include "gmock/gmock.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "tests/support/infrastructure.h"
#include "tests/support/service_process.h"
#include "tests/support/sop_actors.h"

namespace ams {
namespace {

using ::ams::testing::Infrastructure;
using ::ams::testing::ServiceProcess;
using ::ams::testing::WaitFor;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
namespace audit = ams::audit::v1;

constexpr char kAgencyKey[] = "key-agency-audit";
constexpr char kDiskominfoKey[] = "key-operator-audit";
constexpr char kAuditorKey[] = "key-auditor-audit";
constexpr char kLetterReaderKey[] = "key-service-audit-letters";
constexpr char kApplicationReaderKey[] = "key-service-audit-applications";

std::string Keys() {
  return ams::testing::ApiKeysSetting(
      {{kAgencyKey, "AGENCY agencies/dinkes agencies/dinkes"},
       {kDiskominfoKey, "DISKOMINFO_OP operators/siti"},
       {kAuditorKey, "AUDITOR operators/auditor"},
       {kLetterReaderKey, "SERVICE_LETTER_READER services/forwarding"},
       {kApplicationReaderKey, "SERVICE_APPLICATION_READER services/verification"}});
}

class AuditLedgerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    Infrastructure& infra = Infrastructure::Get();
    const ams::testing::SuiteServices start(Keys());
    intake_ = start("intake", {"AMS_NIK_FINGERPRINT_KEY=audit-key"});
    forwarding_ =
        start("forwarding", {absl::StrCat("AMS_INTAKE_ADDR=", intake_->address()),
                             absl::StrCat("AMS_FORWARDING_INTAKE_KEY=", kLetterReaderKey)});
    audit_ = StartAudit("ledger").release();
    // Only steps 1 and 2 are played here; the later services are not started.
    const std::string none = "127.0.0.1:9";
    actors_ = new ams::testing::SopActors({intake_->address(), forwarding_->address(), none, none,
                                           none, kAgencyKey, kDiskominfoKey, "", ""});
    kv_ = RedisKvStore::Create({infra.redis_address()})->release();
  }
  static void TearDownTestSuite() {
    delete kv_;
    delete actors_;
    for (ServiceProcess* p : {audit_, forwarding_, intake_}) delete p;
  }
  static std::unique_ptr<ServiceProcess> StartAudit(const std::string& ledger) {
    return ServiceProcess::Start(
        "audit", {Keys(), absl::StrCat("AMS_AUDIT_SIGNING_KEY=", std::string(64, 'a')),
                  absl::StrCat("AMS_AUDIT_LEDGER=", ledger), "AMS_AUDIT_SIGN_INTERVAL=200ms",
                  "AMS_AUDIT_ORDER_GRACE=500ms",
                  // No step of this test runs late: no SlaBreached of one ledger's making
                  // lands in the other's.
                  "AMS_AUDIT_SLA_FACTOR_PERCENT=100000"});
  }
  static std::unique_ptr<audit::AuditService::Stub> Stub(const ServiceProcess* p) {
    return audit::AuditService::NewStub(
        grpc::CreateChannel(p->address(), grpc::InsecureChannelCredentials()));
  }
  static std::unique_ptr<grpc::ClientContext> AsAuditor() {
    auto ctx = std::make_unique<grpc::ClientContext>();
    ctx->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    ctx->AddMetadata("authorization", absl::StrCat("Bearer ", kAuditorKey));
    return ctx;
  }
  static audit::VerifyLedgerResponse Verify(const ServiceProcess* p) {
    audit::VerifyLedgerResponse v;
    grpc::Status s = Stub(p)->VerifyLedger(AsAuditor().get(), {}, &v);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return v;
  }
  // Steps 1 and 2 for one applicant; returns the application's name.
  static std::string SubmitAndForward(int index) {
    absl::StatusOr<std::string> app = actors_->Submit(ams::testing::ApplicantRequest(92, index));
    EXPECT_TRUE(app.ok()) << app.status();
    EXPECT_TRUE(actors_->Forward(*app).ok());
    return *app;
  }
  // Waits until the application's `count` events are in the ledger and its head is signed.
  static std::vector<std::string> LedgeredTypes(const std::string& application, int count) {
    audit::GetTimelineResponse timeline;
    WaitFor([&] {
      audit::GetTimelineRequest r;
      r.set_application(application);
      timeline.Clear();
      return Stub(audit_)->GetTimeline(AsAuditor().get(), r, &timeline).ok() &&
             timeline.ledger_entries_size() >= count;
    });
    WaitFor([] {
      audit::VerifyLedgerResponse v = Verify(audit_);
      return v.signed_head_sequence() == v.head_sequence();
    });
    std::vector<std::string> types;
    for (const auto& e : timeline.ledger_entries()) types.push_back(e.event_type());
    return types;
  }
  static std::string EntryKey(int64_t sequence) {
    return absl::StrCat("audit:{ledger}:entry:", sequence);
  }

  static ServiceProcess* intake_;
  static ServiceProcess* forwarding_;
  static ServiceProcess* audit_;
  static ams::testing::SopActors* actors_;
  static RedisKvStore* kv_;
};

ServiceProcess* AuditLedgerTest::intake_ = nullptr;
ServiceProcess* AuditLedgerTest::forwarding_ = nullptr;
ServiceProcess* AuditLedgerTest::audit_ = nullptr;
ams::testing::SopActors* AuditLedgerTest::actors_ = nullptr;
RedisKvStore* AuditLedgerTest::kv_ = nullptr;

TEST_F(AuditLedgerTest, EventsOfTheOtherServicesLandInOrder) {
  const std::string app = SubmitAndForward(1);
  EXPECT_THAT(LedgeredTypes(app, 2), ElementsAre("ams.intake.v1.ApplicationSubmitted",
                                                 "ams.forwarding.v1.ApplicationForwarded"));
  audit::VerifyLedgerResponse v = Verify(audit_);
  EXPECT_TRUE(v.intact()) << v.detail();
  EXPECT_GE(v.head_sequence(), 2);

  audit::GetTimelineRequest r;
  r.set_application(app);
  audit::GetTimelineResponse timeline;
  ASSERT_TRUE(Stub(audit_)->GetTimeline(AsAuditor().get(), r, &timeline).ok());
  ASSERT_GE(timeline.step_timings_size(), 1);
  EXPECT_EQ(timeline.step_timings(0).step(), ams::type::v1::SOP_STEP_FORWARD_TO_BSRE);
  EXPECT_TRUE(timeline.step_timings(0).within_standard_time());

  audit::ExportLedgerRequest x;
  x.set_format(audit::EXPORT_FORMAT_CSV);
  auto ctx = AsAuditor();
  auto reader = Stub(audit_)->ExportLedger(ctx.get(), x);
  std::string csv;
  audit::ExportLedgerResponse chunk;
  while (reader->Read(&chunk)) csv += chunk.data();
  ASSERT_TRUE(reader->Finish().ok());
  EXPECT_THAT(csv, HasSubstr(app));
  EXPECT_GE(std::count(csv.begin(), csv.end(), '\n'), v.head_sequence() + 1);
}

TEST_F(AuditLedgerTest, AReplayFromTheStartGivesTheSameHead) {
  SubmitAndForward(2);
  const std::string app = SubmitAndForward(3);
  LedgeredTypes(app, 2);
  const audit::VerifyLedgerResponse live = Verify(audit_);
  std::unique_ptr<ServiceProcess> replay = StartAudit("replay");
  audit::VerifyLedgerResponse replayed;
  ASSERT_TRUE(WaitFor([&] {
    replayed = Verify(replay.get());
    return replayed.head_sequence() >= live.head_sequence();
  }));
  EXPECT_EQ(replayed.head_sequence(), live.head_sequence());
  EXPECT_EQ(replayed.head_entry_sha256(), live.head_entry_sha256());
  EXPECT_TRUE(replayed.intact()) << replayed.detail();
}

TEST_F(AuditLedgerTest, AnEntryChangedInRedisIsNamed) {
  LedgeredTypes(SubmitAndForward(4), 2);
  const int64_t victim = 2;
  absl::StatusOr<KvReply> original = kv_->Run({"HGET", EntryKey(victim), "application"});
  ASSERT_TRUE(original.ok());
  ASSERT_TRUE(kv_->Run({"HSET", EntryKey(victim), "application", "applications/forged"}).ok());
  audit::VerifyLedgerResponse v = Verify(audit_);
  EXPECT_FALSE(v.intact());
  EXPECT_EQ(v.first_broken_sequence(), victim);
  EXPECT_THAT(v.detail(), HasSubstr("does not match its hash"));
  ASSERT_TRUE(kv_->Run({"HSET", EntryKey(victim), "application", original->str}).ok());
  EXPECT_TRUE(Verify(audit_).intact());
}

TEST_F(AuditLedgerTest, ACutTailIsFoundThroughTheSignedHead) {
  LedgeredTypes(SubmitAndForward(5), 2);
  const audit::VerifyLedgerResponse before = Verify(audit_);
  const int64_t last = before.head_sequence();
  ASSERT_EQ(before.signed_head_sequence(), last);
  absl::StatusOr<KvReply> kept = kv_->Run({"HGETALL", EntryKey(last)});
  absl::StatusOr<KvReply> previous = kv_->Run({"HGET", EntryKey(last - 1), "entry_sha256"});
  ASSERT_TRUE(kept.ok() && previous.ok());
  // The forger removes the last entry and moves the head back, so the chain itself is whole.
  ASSERT_TRUE(kv_->Run({"DEL", EntryKey(last)}).ok());
  ASSERT_TRUE(kv_->Run({"HSET", "audit:{ledger}:head", "sequence", absl::StrCat(last - 1),
                        "entry_sha256", previous->str})
                  .ok());
  audit::VerifyLedgerResponse v = Verify(audit_);
  EXPECT_FALSE(v.intact());
  EXPECT_EQ(v.first_broken_sequence(), last);
  EXPECT_THAT(v.detail(), HasSubstr("removed from the end"));

  KvCommand restore = {"HSET", EntryKey(last)};
  for (const auto& [field, value] : HashPairs(*kept)) {
    restore.push_back(field);
    restore.push_back(value);
  }
  ASSERT_TRUE(kv_->Run(restore).ok());
  ASSERT_TRUE(kv_->Run({"HSET", "audit:{ledger}:head", "sequence", absl::StrCat(last),
                        "entry_sha256", before.head_entry_sha256()})
                  .ok());
  EXPECT_TRUE(Verify(audit_).intact());
}

TEST_F(AuditLedgerTest, KcatAndTheDescriptorSetDecodeARealEvent) {
  SubmitAndForward(6);
  const std::string dir = Infrastructure::Get().temp_dir();
  const std::string value = dir + "/event.bin", decoded = dir + "/event.txt";
  // The value alone, raw (kcat's notes go to stderr, kept apart).
  ASSERT_EQ(ams::testing::RunToCompletion(
                {"/bin/sh", "-c",
                 absl::StrCat("kcat -C -q -b ", Infrastructure::Get().kafka_brokers(),
                              " -t ams.forwarding.v1 -o beginning -c 1 -e -f '%s' > ", value, " 2>",
                              dir, "/kcat.err")},
                dir + "/kcat.log"),
            0)
      << ams::testing::ReadWholeFile(dir + "/kcat.err");
  ASSERT_EQ(ams::testing::RunToCompletion(
                {"/bin/sh", "-c",
                 absl::StrCat("protoc --decode=ams.forwarding.v1.ApplicationForwarded "
                              "--descriptor_set_in=",
                              AMS_SOURCE_DIR, "/proto/ams.protoset < ", value)},
                decoded),
            0)
      << ams::testing::ReadWholeFile(decoded);
  const std::string text = ams::testing::ReadWholeFile(decoded);
  EXPECT_THAT(text, HasSubstr("application: \"applications/"));
  EXPECT_THAT(text, HasSubstr("forwarded_by {"));
}

}  // namespace
}  // namespace ams
