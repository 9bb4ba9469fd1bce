// Per-event costs of the runtime itself, without the network: building and parsing the
// CloudEvents envelope, one dispatch (dedupe check + handler transaction) against the
// in-memory store, and one outbox commit. The network-bound figures (broker and Redis
// round trips) come from the load benchmarks the services add.
#include "ams/intake/v1/events.pb.h"
#include "benchmark/benchmark.h"
#include "common/event_dispatcher.h"
#include "common/logging.h"
#include "common/outbox.h"
#include "common/random.h"
#include "common/testing/fake_kv_store.h"
#include "common/testing/recording_publisher.h"

namespace ams {
namespace {

EventEnvelope Sample() {
  ams::intake::v1::ApplicationSubmitted s;
  s.set_application("applications/4f1c2a");
  s.mutable_applicant()->set_full_name("Siti Aminah");
  s.mutable_applicant()->set_nik_masked("3305**********01");
  s.mutable_applicant()->set_official_email("siti.aminah@kebumenkab.go.id");
  s.mutable_recommendation_letter()->mutable_document()->set_sha256(std::string(64, 'a'));
  return MakeEvent("intake", "4f1c2a", s, absl::Now(), SecureRandom());
}

void BM_EnvelopeToHeadersAndBack(benchmark::State& state) {
  EventEnvelope e = Sample();
  for (auto _ : state) {
    KafkaHeaders h = ToKafkaHeaders(e);
    auto back = FromKafkaRecord(e.topic(), e.subject(), e.data(), h);
    benchmark::DoNotOptimize(back);
  }
}
BENCHMARK(BM_EnvelopeToHeadersAndBack);

void BM_MakeEvent(benchmark::State& state) {
  ams::intake::v1::ApplicationWithdrawn w;
  w.set_application("applications/4f1c2a");
  for (auto _ : state)
    benchmark::DoNotOptimize(MakeEvent("intake", "4f1c2a", w, absl::Now(), SecureRandom()));
}
BENCHMARK(BM_MakeEvent);

class NoopHandler final : public EventHandler {
 public:
  explicit NoopHandler(KvStore* kv) : kv_(kv) {}
  absl::Status Handle(const EventEnvelope&, const KvWrites& mark) override {
    return kv_->Transaction(mark.commands, mark.preconditions).status();
  }

 private:
  KvStore* kv_;
};

void BM_DispatchNewEvent(benchmark::State& state) {
  testing::FakeKvStore kv;
  testing::RecordingPublisher dlq;
  NoopHandler handler(&kv);
  EventDispatcher dispatcher({"bench"}, &handler, &kv, &dlq, &RealClock(), nullptr);
  EventEnvelope e = Sample();
  ConsumedRecord r{e.topic(), 0, 0, e.subject(), e.data(), ToKafkaHeaders(e)};
  std::atomic<bool> stopping{false};
  int i = 0;
  for (auto _ : state) {
    r.headers[1].second = std::to_string(i++);  // a new ce_id each time
    benchmark::DoNotOptimize(dispatcher.Dispatch(r, stopping));
  }
}
BENCHMARK(BM_DispatchNewEvent);

void BM_OutboxCommit(benchmark::State& state) {
  testing::FakeKvStore kv;
  Outbox outbox(&kv, "bench", &RealClock());
  EventEnvelope e = Sample();
  for (auto _ : state) {
    auto r =
        outbox.Commit("4f1c2a", {{{"HSET", "bench:{4f1c2a}:application", "state", "S"}}, {}}, {e});
    benchmark::DoNotOptimize(r);
    state.PauseTiming();
    (void)kv.Run({"DEL", "bench:{4f1c2a}:outbox"});
    state.ResumeTiming();
  }
}
BENCHMARK(BM_OutboxCommit);

void BM_LogLine(benchmark::State& state) {
  SetLogSink([](absl::string_view) {});
  for (auto _ : state) {
    LogInfo("application submitted",
            {{"application", "applications/4f1c2a"}, {"nik", MaskNik("3305014107900001")}});
  }
  SetLogSink(nullptr);
}
BENCHMARK(BM_LogLine);

}  // namespace
}  // namespace ams

BENCHMARK_MAIN();
