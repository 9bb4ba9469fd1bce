#include "services/audit/audit.h"

#include "ams/audit/v1/events.pb.h"
#include "ams/forwarding/v1/events.pb.h"
#include "ams/intake/v1/events.pb.h"
#include "common/testing/fake_clock.h"
#include "common/testing/fake_kv_store.h"
#include "common/testing/fake_random.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/time_util.h"
#include "gtest/gtest.h"

namespace ams::audit {
namespace {

using ::ams::type::v1::Role;
using ::google::protobuf::util::TimeUtil;
using ::testing::HasSubstr;

const Principal kAuditor{"operators/auditor", Role::ROLE_AUDITOR, ""};
const Principal kAgency{"agencies/dinkes", Role::ROLE_AGENCY, "agencies/dinkes"};
constexpr char kApp[] = "3f2b8c1e-5d6a-4b7c-8e9f-0a1b2c3d4e5f";

class AuditTest : public ::testing::Test {
 protected:
  AuditTest()
      : kv_(&clock_),
        outbox_(&kv_, "audit", &clock_),
        signer_(*HeadSigner::FromSeedHex(std::string(64, '5'))),
        store_(&kv_, &outbox_, "test", 1.0, &clock_, &random_),
        audit_(&store_, &signer_, &clock_) {}

  EventEnvelope Submitted(absl::Time at) {
    ams::intake::v1::ApplicationSubmitted s;
    s.set_application(absl::StrCat("applications/", kApp));
    s.mutable_applicant()->set_agency("agencies/dinkes");
    return MakeEvent("intake", kApp, s, at, random_);
  }
  EventEnvelope Forwarded(absl::Time at) {
    ams::forwarding::v1::ApplicationForwarded f;
    f.set_application(absl::StrCat("applications/", kApp));
    return MakeEvent("forwarding", kApp, f, at, random_);
  }
  void Record(const EventEnvelope& e) { ASSERT_TRUE(audit_.Record(e, e.data()).ok()); }
  pb::VerifyLedgerResponse Verify() {
    auto v = audit_.VerifyLedger(kAuditor, {});
    EXPECT_TRUE(v.ok()) << v.status();
    return *v;
  }
  std::vector<ams::audit::v1::SlaBreached> Breaches() {
    std::vector<ams::audit::v1::SlaBreached> out;
    auto items = kv_.Run({"LRANGE", outbox_.OutboxKey(kApp), "0", "-1"});
    for (const KvReply& item : items->elements) {
      EventEnvelope e;
      e.ParseFromString(item.str);
      out.emplace_back();
      EXPECT_TRUE(UnpackEvent(e, &out.back()).ok());
    }
    return out;
  }

  ams::testing::FakeClock clock_;
  ams::testing::FakeRandom random_;
  ams::testing::FakeKvStore kv_;
  Outbox outbox_;
  HeadSigner signer_;
  LedgerStore store_;
  Audit audit_;
};

TEST_F(AuditTest, EachEventIsRecordedOnceInAChain) {
  const EventEnvelope s = Submitted(clock_.Now());
  Record(s);
  Record(s);  // redelivered
  Record(Forwarded(clock_.Now() + absl::Seconds(30)));
  auto list = audit_.ListEvents(kAuditor, {});
  ASSERT_TRUE(list.ok()) << list.status();
  ASSERT_EQ(list->ledger_entries_size(), 2);
  EXPECT_EQ(list->ledger_entries(0).event_id(), s.id());
  EXPECT_EQ(list->ledger_entries(0).event_sha256(), Sha256Hex(s.data()));
  EXPECT_EQ(list->ledger_entries(1).previous_entry_sha256(),
            list->ledger_entries(0).entry_sha256());
  pb::VerifyLedgerResponse v = Verify();
  EXPECT_TRUE(v.intact()) << v.detail();
  EXPECT_EQ(v.head_sequence(), 2);
  EXPECT_EQ(audit_.ListEvents(kAgency, {}).status().code(), absl::StatusCode::kPermissionDenied);
}

TEST_F(AuditTest, ListEventsFiltersAndPages) {
  Record(Submitted(clock_.Now()));
  Record(Forwarded(clock_.Now() + absl::Seconds(30)));
  pb::ListEventsRequest r;
  r.set_filter("event_type=\"ams.forwarding.v1.ApplicationForwarded\"");
  EXPECT_EQ(audit_.ListEvents(kAuditor, r)->ledger_entries(0).sequence(), 2);
  r.set_filter(absl::StrCat("application=\"applications/", kApp, "\""));
  r.set_page_size(1);
  auto first = audit_.ListEvents(kAuditor, r);
  ASSERT_EQ(first->ledger_entries_size(), 1);
  r.set_page_token(first->next_page_token());
  EXPECT_EQ(audit_.ListEvents(kAuditor, r)->ledger_entries(0).sequence(), 2);
  r.clear_page_token();
  r.set_page_size(0);
  r.set_filter(absl::StrCat(
      "event_time>=\"", TimeUtil::ToString(ToTimestamp(clock_.Now() + absl::Seconds(10))), "\""));
  auto later = audit_.ListEvents(kAuditor, r);
  ASSERT_EQ(later->ledger_entries_size(), 1);
  EXPECT_EQ(later->ledger_entries(0).sequence(), 2);
  r.set_filter("event_time>=\"yesterday\"");
  EXPECT_EQ(audit_.ListEvents(kAuditor, r).status().code(), absl::StatusCode::kInvalidArgument);
  r.set_filter("who=\"me\"");
  EXPECT_EQ(audit_.ListEvents(kAuditor, r).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(AuditTest, PagingGoesPastAMissingEntry) {
  for (int i = 0; i < 3; ++i) Record(Submitted(clock_.Now() + absl::Seconds(i)));
  ASSERT_TRUE(kv_.Run({"DEL", store_.Key("entry:2")}).ok());
  pb::ListEventsRequest r;
  r.set_page_size(1);
  std::vector<int64_t> seen;
  for (int page = 0; page < 5; ++page) {
    auto got = audit_.ListEvents(kAuditor, r);
    ASSERT_TRUE(got.ok()) << got.status();
    for (const auto& e : got->ledger_entries()) seen.push_back(e.sequence());
    if (got->next_page_token().empty()) break;
    r.set_page_token(got->next_page_token());
  }
  EXPECT_THAT(seen, ::testing::ElementsAre(1, 3));
  EXPECT_EQ(Verify().first_broken_sequence(), 2);
  EXPECT_EQ(audit_.SignHead().code(), absl::StatusCode::kFailedPrecondition);
}

TEST_F(AuditTest, AnEntryChangedInRedisIsNamed) {
  for (int i = 0; i < 3; ++i) Record(Submitted(clock_.Now() + absl::Seconds(i)));
  ASSERT_TRUE(kv_.Run({"HSET", store_.Key("entry:2"), "producer", "forged"}).ok());
  pb::VerifyLedgerResponse v = Verify();
  EXPECT_FALSE(v.intact());
  EXPECT_EQ(v.first_broken_sequence(), 2);
}

TEST_F(AuditTest, ACutTailIsCaughtByTheSignedHead) {
  for (int i = 0; i < 3; ++i) Record(Submitted(clock_.Now() + absl::Seconds(i)));
  ASSERT_TRUE(audit_.SignHead().ok());
  auto before = audit_.ListEvents(kAuditor, {});
  // Remove the last entry and point the head at the one before, as a careful forger would.
  ASSERT_TRUE(kv_.Run({"DEL", store_.Key("entry:3")}).ok());
  ASSERT_TRUE(kv_.Run({"HSET", store_.Key("head"), "sequence", "2", "entry_sha256",
                       before->ledger_entries(1).entry_sha256()})
                  .ok());
  pb::VerifyLedgerResponse v = Verify();
  EXPECT_FALSE(v.intact());
  EXPECT_EQ(v.signed_head_sequence(), 3);
  EXPECT_THAT(v.detail(), HasSubstr("removed from the end"));
  // Nor does the service sign the shortened chain afterwards.
  EXPECT_EQ(audit_.SignHead().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(Verify().signed_head_sequence(), 3);
}

TEST_F(AuditTest, AForgedSignedHeadIsCaught) {
  Record(Submitted(clock_.Now()));
  ASSERT_TRUE(audit_.SignHead().ok());
  ASSERT_TRUE(kv_.Run({"HSET", store_.Key("signed_head"), "sequence", "9"}).ok());
  EXPECT_THAT(Verify().detail(), HasSubstr("signature does not verify"));
}

TEST_F(AuditTest, AStepRunningLateIsReportedOnce) {
  Record(Submitted(clock_.Now()));  // step 2 starts: 3 minutes
  clock_.Advance(absl::Minutes(2));
  EXPECT_EQ(*store_.SweepBreaches(clock_.Now()), 0);
  clock_.Advance(absl::Minutes(2));
  EXPECT_EQ(*store_.SweepBreaches(clock_.Now()), 1);
  EXPECT_EQ(*store_.SweepBreaches(clock_.Now()), 0);
  Record(Forwarded(clock_.Now()));  // ends late, but was reported already
  std::vector<ams::audit::v1::SlaBreached> b = Breaches();
  ASSERT_EQ(b.size(), 1u);
  EXPECT_EQ(b[0].step(), ams::type::v1::SOP_STEP_FORWARD_TO_BSRE);
  EXPECT_EQ(b[0].elapsed().seconds(), 240);
  EXPECT_EQ(b[0].standard_time().seconds(), 180);
}

TEST_F(AuditTest, AStepEndingLateBeforeAnySweepIsReportedAtItsEnd) {
  const absl::Time start = clock_.Now();
  Record(Submitted(start));
  clock_.Advance(absl::Minutes(10));
  Record(Forwarded(start + absl::Minutes(10)));
  EXPECT_EQ(Breaches().size(), 1u);
  EXPECT_EQ(*store_.SweepBreaches(clock_.Now()), 0);
  EXPECT_EQ(Breaches().size(), 1u);
}

TEST_F(AuditTest, TimelineAndReportMeasureSteps) {
  const absl::Time start = clock_.Now();
  Record(Submitted(start));
  Record(Forwarded(start + absl::Minutes(2)));
  clock_.Advance(absl::Minutes(4));
  pb::GetTimelineRequest t;
  t.set_application(absl::StrCat("applications/", kApp));
  auto timeline = audit_.GetTimeline(kAuditor, t);
  ASSERT_TRUE(timeline.ok()) << timeline.status();
  ASSERT_EQ(timeline->step_timings_size(), 2);  // step 2 done, step 3 running
  EXPECT_EQ(timeline->step_timings(0).duration().seconds(), 120);
  EXPECT_TRUE(timeline->step_timings(0).within_standard_time());
  EXPECT_FALSE(timeline->step_timings(1).has_end_time());
  EXPECT_FALSE(timeline->step_timings(1).within_standard_time());  // 2 min against 1

  pb::GetSlaReportRequest r;
  r.set_agency("agencies/dinkes");
  auto report = audit_.GetSlaReport(kAuditor, r);
  ASSERT_TRUE(report.ok()) << report.status();
  const pb::StepReport& step2 = report->step_reports(1);
  EXPECT_EQ(step2.count(), 1);
  EXPECT_EQ(step2.p50().seconds(), 120);
  EXPECT_EQ(step2.within_standard_time_ratio(), 1.0);
  r.set_agency("agencies/bappeda");
  EXPECT_EQ(audit_.GetSlaReport(kAuditor, r)->step_reports(1).count(), 0);
}

TEST_F(AuditTest, ExportsEveryEntryAsCsvOrJsonLines) {
  Record(Submitted(clock_.Now()));
  Record(Forwarded(clock_.Now()));
  auto exported = [&](pb::ExportFormat format) -> absl::StatusOr<std::string> {
    pb::ExportLedgerRequest r;
    r.set_format(format);
    std::string out;
    absl::Status s = audit_.ExportLedger(kAuditor, r, [&](std::string d) {
      out += d;
      return absl::OkStatus();
    });
    if (!s.ok()) return s;
    return out;
  };
  absl::StatusOr<std::string> csv = exported(pb::EXPORT_FORMAT_CSV);
  ASSERT_TRUE(csv.ok());
  EXPECT_EQ(std::count(csv->begin(), csv->end(), '\n'), 3);
  EXPECT_THAT(*csv, HasSubstr("ams.forwarding.v1.ApplicationForwarded"));
  absl::StatusOr<std::string> lines = exported(pb::EXPORT_FORMAT_JSON_LINES);
  ASSERT_TRUE(lines.ok());
  EXPECT_EQ(std::count(lines->begin(), lines->end(), '\n'), 2);
  EXPECT_THAT(*lines, HasSubstr("\"event_type\":\"ams.intake.v1.ApplicationSubmitted\""));
  EXPECT_EQ(exported(pb::EXPORT_FORMAT_UNSPECIFIED).status().code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace ams::audit

namespace ams::audit {
namespace {

// Every operator sees the overview; an agency does not; the SLA shares come with it.
TEST_F(AuditTest, TheOverviewIsEveryOperatorsAndCarriesTheSlaShares) {
  const absl::Time start = clock_.Now();
  Record(Submitted(start));
  Record(Forwarded(start + absl::Minutes(2)));
  clock_.Advance(absl::Minutes(5));
  const Principal diskominfo{"operators/siti", Role::ROLE_DISKOMINFO_OP, ""};
  auto o = audit_.GetOverview(diskominfo, {});
  ASSERT_TRUE(o.ok()) << o.status();
  EXPECT_EQ(o->waiting(1).step(), ams::type::v1::SOP_STEP_REGISTER_IDENTITY);
  EXPECT_EQ(o->waiting(1).applications(), 1);
  EXPECT_EQ(o->completed_per_day_size(), 14);
  ASSERT_EQ(o->sla_size(), 8);
  EXPECT_EQ(o->sla(1).count(), 1);
  EXPECT_EQ(audit_.GetOverview(kAgency, {}).status().code(), absl::StatusCode::kPermissionDenied);
  pb::GetOverviewRequest r;
  r.set_days(400);
  EXPECT_EQ(audit_.GetOverview(diskominfo, r).status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace ams::audit
