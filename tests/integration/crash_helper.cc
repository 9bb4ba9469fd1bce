// A process that dies on purpose at the worst moment, for the crash tests:
//   crash_helper consume BROKERS REDIS GROUP TOPIC COUNTER
//     consumes, applies one event's effect (durably, with its inbox mark), then _exit(0)s
//     before the offset can be stored or committed.
//   crash_helper write-outbox REDIS PREFIX APPLICATION
//     commits a state change with one event through the outbox, then _exit(0)s before its
//     relay can publish; prints the event id.
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <memory>

#include "ams/intake/v1/events.pb.h"
#include "common/clock.h"
#include "common/kafka_event_bus.h"
#include "common/outbox.h"
#include "common/random.h"
#include "common/redis_kv_store.h"
#include "tests/support/counting_handler.h"

namespace {

int Die(const char* what) {
  std::fprintf(stderr, "crash_helper: %s\n", what);
  return 2;
}

std::unique_ptr<ams::RedisKvStore> Redis(const char* address) {
  ams::RedisOptions options;
  options.address = address;
  auto kv = ams::RedisKvStore::Create(options);
  return kv.ok() ? *std::move(kv) : nullptr;
}

int Consume(const char* brokers, const char* redis, const char* group, const char* topic,
            const char* counter) {
  auto kv = Redis(redis);
  if (kv == nullptr) return Die("redis");
  ams::KafkaOptions kafka;
  kafka.brokers = brokers;
  kafka.session_timeout = absl::Seconds(6);
  auto dead_letters = ams::KafkaPublisher::Create(kafka);
  if (!dead_letters.ok()) return Die("kafka publisher");
  ams::testing::CountingHandler handler(kv.get(), counter);
  handler.after_effect = [] { _exit(0); };  // effect durable; offset neither stored nor committed
  ams::EventDispatcher dispatcher({group}, &handler, kv.get(), dead_letters->get(),
                                  &ams::RealClock(), nullptr);
  auto consumer = ams::KafkaConsumer::Create(kafka, group, {topic}, &dispatcher);
  if (!consumer.ok()) return Die("kafka consumer");
  (*consumer)->Start();
  absl::SleepFor(absl::Seconds(60));
  return Die("no event arrived within 60 s");
}

int WriteOutbox(const char* redis, const char* prefix, const char* application) {
  auto kv = Redis(redis);
  if (kv == nullptr) return Die("redis");
  ams::Outbox outbox(kv.get(), prefix, &ams::RealClock());
  ams::intake::v1::ApplicationWithdrawn withdrawn;
  withdrawn.set_application(std::string("applications/") + application);
  ams::EventEnvelope event =
      ams::MakeEvent(prefix, application, withdrawn, absl::Now(), ams::SecureRandom());
  std::string state_key = ams::TaggedKey(prefix, application, "application");
  if (!outbox.Commit(application, {{{"HSET", state_key, "state", "WITHDRAWN"}}, {}}, {event})
           .ok()) {
    return Die("commit");
  }
  std::printf("%s\n", event.id().c_str());
  std::fflush(stdout);
  _exit(0);  // before any relay publishes
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 7 && std::strcmp(argv[1], "consume") == 0) {
    return Consume(argv[2], argv[3], argv[4], argv[5], argv[6]);
  }
  if (argc == 5 && std::strcmp(argv[1], "write-outbox") == 0) {
    return WriteOutbox(argv[2], argv[3], argv[4]);
  }
  return Die("usage: consume BROKERS REDIS GROUP TOPIC COUNTER | write-outbox REDIS PREFIX APP");
}
