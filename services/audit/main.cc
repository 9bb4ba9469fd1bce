// ams-audit: the tamper-evident ledger of every event on every ams.*.v1 topic (the
// dead-letter topic aside), with each SOP step timed against its standard time. Signs the
// ledger's head at intervals, emits SlaBreached for steps running late, and answers
// auditors over gRPC (AuditService).
#include <string>
#include <thread>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/ascii.h"
#include "absl/synchronization/notification.h"
#include "common/api_keys.h"
#include "common/event_dispatcher.h"
#include "common/grpc_server.h"
#include "common/logging.h"
#include "common/service_runtime.h"
#include "prometheus/counter.h"
#include "prometheus/histogram.h"
#include "services/audit/audit.h"
#include "services/audit/audit_service.h"
#include "services/audit/ordered_consumer.h"

ABSL_FLAG(std::vector<std::string>, set, {},
          "AMS_* settings as KEY=VALUE, comma-separated, overriding the environment");

int main(int argc, char** argv) {
  ams::BlockTerminationSignals();
  absl::ParseCommandLine(argc, argv);
  ams::ApiKeySource api_keys;
  std::string signing_key, ledger;
  int workers = 4;
  double sla_factor = 1;
  absl::Duration sign_interval, sweep_interval, order_grace;
  ams::RuntimeConfig runtime =
      ams::LoadConfigOrExit(absl::GetFlag(FLAGS_set), "audit", 7106, 9106, [&](ams::Settings& s) {
        api_keys = ams::ReadApiKeySource(s);
        workers = static_cast<int>(s.Int("AMS_WORKER_THREADS", 4, 1, 256));
        signing_key = std::string(absl::StripAsciiWhitespace(
            s.FileOrValue("AMS_AUDIT_SIGNING_KEY_FILE", "AMS_AUDIT_SIGNING_KEY")));
        ledger = s.String("AMS_AUDIT_LEDGER", "ledger");
        sla_factor = s.Int("AMS_AUDIT_SLA_FACTOR_PERCENT", 100, 1, 100000) / 100.0;
        sign_interval = s.Duration("AMS_AUDIT_SIGN_INTERVAL", absl::Seconds(10),
                                   absl::Milliseconds(100), absl::Hours(24));
        sweep_interval = s.Duration("AMS_AUDIT_SWEEP_INTERVAL", absl::Seconds(5),
                                    absl::Milliseconds(100), absl::Hours(1));
        order_grace = s.Duration("AMS_AUDIT_ORDER_GRACE", absl::Seconds(2), absl::Milliseconds(10),
                                 absl::Minutes(10));
      });
  absl::StatusOr<ams::ApiKeys> keys = ams::ApiKeys::Parse(api_keys.text);
  if (!keys.ok()) return ams::StartFailed(keys.status());
  ams::ApiKeyFileWatcher key_file(&*keys, api_keys.file);
  absl::StatusOr<ams::audit::HeadSigner> signer = ams::audit::HeadSigner::FromSeedHex(signing_key);
  if (!signer.ok()) {
    return ams::StartFailed(absl::InvalidArgumentError(
        absl::StrCat("AMS_AUDIT_SIGNING_KEY: ", signer.status().message())));
  }
  absl::StatusOr<std::unique_ptr<ams::ServiceRuntime>> rt = ams::ServiceRuntime::Create(runtime);
  if (!rt.ok()) return ams::StartFailed(rt.status());
  if (absl::Status s = (*rt)->FollowIssuedApiKeys(&*keys); !s.ok()) return ams::StartFailed(s);

  auto& durations = prometheus::BuildHistogram()
                        .Name("ams_sop_step_duration_seconds")
                        .Help(
                            "Time each SOP step took, from the event that started it to the "
                            "one that ended it")
                        .Register((*rt)->metrics());
  auto& breaches = prometheus::BuildCounter()
                       .Name("ams_sla_breaches_total")
                       .Help("SlaBreached events emitted for steps still running past their limit")
                       .Register((*rt)->metrics())
                       .Add({});
  const prometheus::Histogram::BucketBoundaries buckets = {1,   5,   15,   30,   60,    120,  180,
                                                           300, 600, 1800, 3600, 14400, 86400};
  ams::audit::LedgerStore store(&(*rt)->kv(), &(*rt)->outbox(), ledger, sla_factor,
                                &ams::RealClock(), &ams::SecureRandom());
  ams::audit::Audit audit(
      &store, &*signer, &ams::RealClock(), [&](const ams::audit::ClosedStep& c) {
        durations.Add({{"step", absl::StrCat(static_cast<int>(c.step))}}, buckets)
            .Observe(absl::ToDoubleSeconds(c.duration()));
      });
  ams::LogInfo("audit ledger",
               {{"ledger", ledger}, {"signing_public_key", signer->public_key_hex()}});

  // Every event topic; the dead-letter topic holds records that are not events.
  std::vector<std::string> topics;
  for (const std::string& t : ams::PipelineTopics()) {
    if (t != ams::kDeadLetterTopic) topics.push_back(t);
  }
  ams::EventPublisher* dlq = &(*rt)->publisher();
  absl::StatusOr<std::unique_ptr<ams::audit::OrderedConsumer>> consumer =
      ams::audit::OrderedConsumer::Create(
          runtime.kafka, absl::StrCat("ams-audit-", ledger), topics, order_grace,
          [&](const ams::ConsumedRecord& r) -> absl::Status {
            absl::StatusOr<ams::EventEnvelope> e =
                ams::FromKafkaRecord(r.topic, r.key, r.value, r.headers);
            if (!e.ok()) {  // not an event: park it where poison goes, and go on
              return dlq->PublishRecord(
                  ams::kDeadLetterTopic, r.key, r.value,
                  ams::DeadLetterHeaders(r, e.status(), absl::StrCat("ams-audit-", ledger)));
            }
            return audit.Record(*e, r.value);
          });
  if (!consumer.ok()) return ams::StartFailed(consumer.status());
  (*consumer)->Start();

  // Signs the head and sweeps for breaches until shutdown.
  absl::Notification stopping;
  std::thread ticker([&] {
    absl::Time next_sign = absl::Now(), next_sweep = absl::Now();
    while (!stopping.WaitForNotificationWithTimeout(absl::Milliseconds(100))) {
      if (absl::Now() >= next_sign) {
        if (absl::Status s = audit.SignHead(); absl::IsFailedPrecondition(s)) {
          ams::LogError("the ledger was changed outside the audit service", {{"status", s}});
        } else if (!s.ok()) {
          ams::LogWarning("ledger head not signed yet", {{"status", s}});
        }
        next_sign = absl::Now() + sign_interval;
      }
      if (absl::Now() >= next_sweep) {
        // Judged at the time up to which the ledger has every event, not the wall clock: a
        // step whose end is still on its way, or a replay of old events, is not late.
        absl::StatusOr<int> n = store.SweepBreaches((*consumer)->Watermark());
        if (n.ok()) {
          breaches.Increment(*n);
        } else {
          ams::LogWarning("SLA sweep failed; will retry", {{"status", n.status()}});
        }
        next_sweep = absl::Now() + sweep_interval;
      }
    }
    (void)audit.SignHead();  // what was appended last is signed before going
  });
  (*rt)->OnStop([&] {
    (*consumer)->Stop();
    stopping.Notify();
    ticker.join();
  });
  ams::WorkPool pool(workers);
  ams::WorkPool export_pool(2);  // a slow export reader holds one of these, never a unary call
  ams::RpcMetrics rpc_metrics((*rt)->metrics());
  ams::audit::AuditServiceImpl service(&audit, {&*keys, &pool, &rpc_metrics}, &export_pool);
  return (*rt)->ServeUntilSignal({&service});
}
