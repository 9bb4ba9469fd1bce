// The runtime against a real Kafka broker and a real redis-server (tests/support).
#include <sys/wait.h>

#include <cstdio>
#include <memory>
#include <string>
#include <thread>

#include "absl/strings/str_cat.h"
#include "ams/intake/v1/events.pb.h"
#include "common/kafka_event_bus.h"
#include "common/outbox.h"
#include "common/random.h"
#include "common/redis_kv_store.h"
#include "common/smtp_mailer.h"
#include "common/testing/kv_store_conformance.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "prometheus/registry.h"
#include "tests/support/counting_handler.h"
#include "tests/support/infrastructure.h"

namespace ams {
namespace {

using ::ams::testing::HeaderOf;
using ::ams::testing::Infrastructure;
using ::ams::testing::ReadTopic;
using ::ams::testing::WaitFor;

std::unique_ptr<RedisKvStore> Redis() {
  RedisOptions options;
  options.address = Infrastructure::Get().redis_address();
  auto kv = RedisKvStore::Create(options);
  EXPECT_TRUE(kv.ok()) << kv.status();
  return kv.ok() ? *std::move(kv) : nullptr;
}

KafkaOptions Kafka() {
  KafkaOptions options;
  options.brokers = Infrastructure::Get().kafka_brokers();
  options.session_timeout = absl::Seconds(6);  // the broker's minimum: quick crash recovery
  return options;
}

std::string NewTopic() {
  std::string topic = "test." + NewUuid(SecureRandom());
  EXPECT_TRUE(EnsureTopics(Kafka(), {topic}, 1, 1).ok());
  return topic;
}

EventEnvelope Withdrawn(const std::string& app, const std::string& topic = "") {
  ams::intake::v1::ApplicationWithdrawn w;
  w.set_application("applications/" + app);
  w.set_reason("test");
  EventEnvelope e = MakeEvent("intake", app, w, absl::Now(), SecureRandom());
  if (!topic.empty()) e.set_topic(topic);
  return e;
}

double Consumed(prometheus::Registry& registry, const std::string& outcome) {
  double total = 0;
  for (const auto& family : registry.Collect()) {
    if (family.name != "ams_events_consumed_total") continue;
    for (const auto& metric : family.metric) {
      for (const auto& label : metric.label) {
        if (label.name == "outcome" && label.value == outcome) total += metric.counter.value;
      }
    }
  }
  return total;
}

std::string CounterOf(KvStore& kv, const std::string& key) {
  absl::StatusOr<KvReply> r = kv.Run({"GET", key});
  return r.ok() && !r->is_nil() ? r->str : "0";
}

// A consumer group running in this process, with its own dispatcher and metrics.
struct RunningConsumer {
  RunningConsumer(KvStore* kv, EventPublisher* dlq, const std::string& group,
                  const std::string& topic, const std::string& counter,
                  std::function<absl::Status(const EventEnvelope&)> refuse = nullptr)
      : handler(kv, counter), dispatcher({group}, &handler, kv, dlq, &RealClock(), &registry) {
    handler.refuse = std::move(refuse);
    auto c = KafkaConsumer::Create(Kafka(), group, {topic}, &dispatcher);
    EXPECT_TRUE(c.ok()) << c.status();
    consumer = *std::move(c);
    consumer->Start();
  }
  prometheus::Registry registry;
  testing::CountingHandler handler;
  EventDispatcher dispatcher;
  std::unique_ptr<KafkaConsumer> consumer;
};

TEST(EventBus, RoundTripCarriesTheEnvelopeInHeaders) {
  auto kv = Redis();
  auto publisher = KafkaPublisher::Create(Kafka());
  ASSERT_TRUE(publisher.ok()) << publisher.status();
  const std::string topic = NewTopic();
  EventEnvelope sent = Withdrawn(NewUuid(SecureRandom()), topic);
  ASSERT_TRUE((*publisher)->Publish(sent).ok());

  std::vector<ConsumedRecord> records = ReadTopic(topic, 1);
  ASSERT_EQ(records.size(), 1u);
  const ConsumedRecord& r = records[0];
  EXPECT_EQ(r.key, sent.subject());
  EXPECT_EQ(r.value, sent.data());
  EXPECT_EQ(HeaderOf(r, "ce_specversion"), "1.0");
  EXPECT_EQ(HeaderOf(r, "ce_id"), sent.id());
  EXPECT_EQ(HeaderOf(r, "ce_source"), "ams/intake");
  EXPECT_EQ(HeaderOf(r, "ce_type"), "ams.intake.v1.ApplicationWithdrawn");
  EXPECT_EQ(HeaderOf(r, "ce_subject"), sent.subject());
  EXPECT_FALSE(HeaderOf(r, "ce_time").empty());
  EXPECT_EQ(HeaderOf(r, "content-type"), "application/protobuf");
  EXPECT_EQ(HeaderOf(r, "traceparent"), sent.traceparent());

  // And a consumer group gets the same envelope back through the dispatcher.
  RunningConsumer consumer(kv.get(), publisher->get(), "roundtrip-" + sent.id(), topic, "rt");
  ASSERT_TRUE(WaitFor([&] { return !consumer.handler.handled().empty(); }));
  EXPECT_EQ(consumer.handler.handled()[0].SerializeAsString(), sent.SerializeAsString());
}

TEST(EventBus, ConsumerCrashAfterEffectDoesNotRepeatItOnRedelivery) {
  auto kv = Redis();
  auto publisher = KafkaPublisher::Create(Kafka());
  ASSERT_TRUE(publisher.ok());
  const std::string topic = NewTopic();
  const std::string app = NewUuid(SecureRandom());
  const std::string group = "crash-" + app;
  ASSERT_TRUE((*publisher)->Publish(Withdrawn(app, topic)).ok());

  // The helper applies the effect, then dies before storing or committing the offset.
  int status =
      testing::RunToCompletion({CRASH_HELPER, "consume", Infrastructure::Get().kafka_brokers(),
                                Infrastructure::Get().redis_address(), group, topic, "crash"},
                               Infrastructure::Get().temp_dir() + "/crash_helper.log");
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
  ASSERT_EQ(CounterOf(*kv, "crash:" + app), "1");

  // The group gets the same record again (nothing was committed) and recognises it.
  RunningConsumer consumer(kv.get(), publisher->get(), group, topic, "crash");
  ASSERT_TRUE(
      WaitFor([&] { return Consumed(consumer.registry, "duplicate") >= 1; }, absl::Seconds(60)));
  EXPECT_EQ(Consumed(consumer.registry, "handled"), 0);
  EXPECT_EQ(CounterOf(*kv, "crash:" + app), "1");
}

TEST(EventBus, ARecordBeingRetriedHoldsBackOnlyItsOwnPartition) {
  auto kv = Redis();
  auto publisher = KafkaPublisher::Create(Kafka());
  ASSERT_TRUE(publisher.ok());
  const std::string topic = "test." + NewUuid(SecureRandom());
  ASSERT_TRUE(EnsureTopics(Kafka(), {topic}, 2, 1).ok());
  const std::string stuck = NewUuid(SecureRandom());
  ASSERT_TRUE((*publisher)->Publish(Withdrawn(stuck, topic)).ok());

  // The mail server refuses the first event's mail (421) for 25 s: longer than the retry
  // backoff's cap, so a consumer blocked in a retry loop would hold every partition back.
  const absl::Time refuse_until = absl::Now() + absl::Seconds(25);
  RunningConsumer consumer(kv.get(), publisher->get(), "retry-" + stuck, topic, "retry",
                           [&](const EventEnvelope& e) {
                             if (e.subject() == stuck && absl::Now() < refuse_until) {
                               return absl::UnavailableError("smtp: 421 try again later");
                             }
                             return absl::OkStatus();
                           });
  ASSERT_TRUE(WaitFor([&] { return Consumed(consumer.registry, "retried") >= 1; }));
  // Now that the first is being retried, more events arrive on both partitions.
  for (int i = 0; i < 20; ++i) {
    ASSERT_TRUE((*publisher)->Publish(Withdrawn(NewUuid(SecureRandom()), topic)).ok());
  }
  int32_t stuck_partition = -1;
  std::vector<std::string> elsewhere;  // subjects on the other partition
  std::vector<ConsumedRecord> records = ReadTopic(topic, 21);
  for (const ConsumedRecord& r : records) {
    if (r.key == stuck) stuck_partition = r.partition;
  }
  for (const ConsumedRecord& r : records) {
    if (r.partition != stuck_partition) elsewhere.push_back(r.key);
  }
  ASSERT_FALSE(elsewhere.empty());
  ASSERT_TRUE(WaitFor(
      [&] {
        for (const std::string& s : elsewhere) {
          if (CounterOf(*kv, "retry:" + s) != "1") return false;
        }
        return true;
      },
      absl::Seconds(10)));
  EXPECT_LT(absl::Now(), refuse_until);  // the other partition did not wait for the first
  EXPECT_EQ(CounterOf(*kv, "retry:" + stuck), "0");
  ASSERT_TRUE(WaitFor([&] { return CounterOf(*kv, "retry:" + stuck) == "1"; }));
  EXPECT_GE(Consumed(consumer.registry, "retried"), 2);
  EXPECT_EQ(Consumed(consumer.registry, "handled"), 21);
}

TEST(Outbox, RelayKilledBeforePublishingPublishesExactlyOnceAfterRestart) {
  auto kv = Redis();
  const std::string app = NewUuid(SecureRandom());
  const std::string prefix = "outboxtest";
  ASSERT_TRUE(EnsureTopics(Kafka(), {TopicOf(prefix)}, 1, 1).ok());
  const std::string log = Infrastructure::Get().temp_dir() + "/outbox_helper.log";
  // The writer commits state and event, then dies before its relay publishes anything.
  const std::string out = Infrastructure::Get().temp_dir() + "/outbox_helper.out";
  int status = testing::RunToCompletion(
      {"/bin/sh", "-c",
       std::string(CRASH_HELPER) + " write-outbox " + Infrastructure::Get().redis_address() + " " +
           prefix + " " + app + " > " + out},
      log);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
  char id[64] = {0};
  FILE* f = std::fopen(out.c_str(), "r");
  ASSERT_NE(f, nullptr);
  ASSERT_EQ(std::fscanf(f, "%63s", id), 1);
  std::fclose(f);
  EXPECT_EQ(kv->Run({"HGET", TaggedKey(prefix, app, "application"), "state"})->str, "WITHDRAWN");
  EXPECT_EQ(kv->Run({"LLEN", TaggedKey(prefix, app, "outbox")})->integer, 1);

  // A new relay (the restarted process) publishes it; passes after that publish nothing.
  auto publisher = KafkaPublisher::Create(Kafka());
  ASSERT_TRUE(publisher.ok());
  Outbox outbox(kv.get(), prefix, &RealClock());
  {
    OutboxRelay relay(&outbox, kv.get(), publisher->get(), &RealClock(), RelayOptions{});
    relay.Start();
    ASSERT_TRUE(WaitFor([&] {
      return kv->Run({"EXISTS", TaggedKey(prefix, app, "outbox")})->integer == 0;
    }));
    EXPECT_EQ(*relay.RelayOnce(), 0);
  }
  int copies = 0;
  for (const ConsumedRecord& r : ReadTopic(TopicOf(prefix), 1)) {
    if (HeaderOf(r, "ce_id") == id) ++copies;
  }
  EXPECT_EQ(copies, 1);
}

TEST(EventBus, PoisonRecordGoesToTheDeadLetterTopicAndTheConsumerGoesOn) {
  auto kv = Redis();
  auto publisher = KafkaPublisher::Create(Kafka());
  ASSERT_TRUE(publisher.ok());
  const std::string topic = NewTopic();
  const std::string poison_key = "poison-" + NewUuid(SecureRandom());
  ASSERT_TRUE((*publisher)->PublishRecord(topic, poison_key, "not an event", {}).ok());
  EventEnvelope good = Withdrawn(NewUuid(SecureRandom()), topic);
  ASSERT_TRUE((*publisher)->Publish(good).ok());

  RunningConsumer consumer(kv.get(), publisher->get(), "poison-" + good.id(), topic, "poison");
  ASSERT_TRUE(WaitFor([&] { return !consumer.handler.handled().empty(); }));
  EXPECT_EQ(consumer.handler.handled()[0].id(), good.id());
  EXPECT_EQ(Consumed(consumer.registry, "dead_lettered"), 1);

  bool found = false;
  for (const ConsumedRecord& r : ReadTopic(kDeadLetterTopic, 1)) {
    if (r.key != poison_key) continue;
    found = true;
    EXPECT_EQ(r.value, "not an event");
    EXPECT_EQ(HeaderOf(r, "ams_dlq_reason"), "INVALID_ARGUMENT: header ce_specversion is missing");
    EXPECT_EQ(HeaderOf(r, "ams_dlq_origin"), topic + "/0/0");
    EXPECT_EQ(HeaderOf(r, "ams_dlq_consumer"), "poison-" + good.id());
  }
  EXPECT_TRUE(found);
}

TEST(SmtpMailer, AMailSentAfterTheServerClosedAnIdleSessionIsDelivered) {
  Infrastructure::Get().smtp_url();  // installs smtp-server with maildev
  const int port = testing::FreePort();
  const std::string log = Infrastructure::Get().temp_dir() + "/idle_smtp_server.log";
  pid_t server =
      testing::Spawn({"node", std::string(AMS_SOURCE_DIR) + "/tests/support/idle_smtp_server.cjs",
                      std::string(AMS_SOURCE_DIR) + "/deploy/maildev/node_modules/smtp-server",
                      absl::StrCat(port), "1000"},
                     log);
  ASSERT_TRUE(
      WaitFor([&] { return testing::ReadWholeFile(log).find("listening") != std::string::npos; }));
  SmtpOptions options;
  options.url = absl::StrCat("smtp://127.0.0.1:", port);
  auto mailer = SmtpMailer::Create(options);
  ASSERT_TRUE(mailer.ok());
  MailMessage m;
  m.message_id = "<idle-test@ams.kebumenkab.go.id>";
  m.from = "ams@kebumenkab.go.id";
  m.to = {"budi@kebumenkab.go.id"};
  m.subject = "Uji";
  m.text_body = "Pesan uji.\n";
  ASSERT_TRUE((*mailer)->Send(m).ok());
  absl::SleepFor(absl::Seconds(2));  // the server says 421 and closes the kept session
  absl::Status second = (*mailer)->Send(m);
  EXPECT_TRUE(second.ok()) << second;
  EXPECT_TRUE(WaitFor([&] {
    return testing::ReadWholeFile(log).find("received 2") != std::string::npos;
  })) << testing::ReadWholeFile(log);
  testing::Terminate(server);
}

TEST(SmtpMailer, AnUnreachableServerIsUnavailableAndNotNamedToTheCaller) {
  SmtpOptions options;
  options.url = absl::StrCat("smtp://127.0.0.1:", testing::FreePort());
  auto mailer = SmtpMailer::Create(options);
  ASSERT_TRUE(mailer.ok());
  MailMessage m;
  m.from = "ams@kebumenkab.go.id";
  m.to = {"budi@kebumenkab.go.id"};
  absl::Status sent = (*mailer)->Send(m);
  EXPECT_EQ(sent.code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(std::string(sent.message()), ::testing::Not(::testing::HasSubstr("127.0.0.1")));
}

TEST(RedisKvStore, PipelineTransactionAndLua) {
  std::unique_ptr<KvStore> kv = Redis();
  const std::string k = TaggedKey("kvtest", NewUuid(SecureRandom()), "record");
  auto replies = kv->Pipeline({{"HSET", k, "state", "SUBMITTED"}, {"HGET", k, "state"}, {"BOGUS"}});
  ASSERT_TRUE(replies.ok()) << replies.status();
  EXPECT_EQ((*replies)[1].str, "SUBMITTED");
  EXPECT_EQ((*replies)[2].type, KvReply::Type::kError);

  EXPECT_EQ(kv->Transaction({{"HSET", k, "state", "FORWARDED"}}, {{k, "state", "RETURNED"}})
                .status()
                .code(),
            absl::StatusCode::kAborted);
  ASSERT_TRUE(kv->Transaction({{"HSET", k, "state", "FORWARDED"}, {"HINCRBY", k, "n", "1"}},
                              {{k, "state", "SUBMITTED"}})
                  .ok());
  EXPECT_EQ(kv->Run({"HGET", k, "state"})->str, "FORWARDED");
  EXPECT_EQ(kv->Transaction({{"NOSUCHCOMMAND"}}).status().code(), absl::StatusCode::kInternal);

  auto lua = kv->Run({"EVAL", "return redis.call('HGET', KEYS[1], ARGV[1])", "1", k, "state"});
  ASSERT_TRUE(lua.ok()) << lua.status();
  EXPECT_EQ(lua->str, "FORWARDED");
}

TEST(RedisKvStore, ConformsAsTheFakeDoes) {
  std::unique_ptr<KvStore> kv = Redis();
  const std::string prefix = "kvtest:" + NewUuid(SecureRandom());
  testing::ExpectTransactionRunsEveryCommand(*kv, prefix);
  testing::ExpectGuardedWritesAreExact(*kv, prefix + ":counter", 4, 50);
  testing::ExpectPreconditionsAndListRemoval(*kv, prefix);
}

// Found by the chaos run: while Redis reloads its AOF after a restart it answers -LOADING,
// which became INTERNAL (an operator saw "internal error" at login). A Redis that cannot serve
// yet is UNAVAILABLE, retryable. A script running too long (-BUSY) is the same class of
// answer, and one a test can bring about.
TEST(RedisKvStore, ARedisThatCannotServeYetIsUnavailableNotInternal) {
  if (std::getenv("AMSTEST_REDIS_ADDR") != nullptr) GTEST_SKIP() << "outside Redis";
  std::unique_ptr<KvStore> kv = Redis(), busy = Redis();
  ASSERT_TRUE(kv->Run({"CONFIG", "SET", "busy-reply-threshold", "100"}).ok());
  std::thread script([&] {
    (void)busy->Run({"EVAL",
                     "local t = redis.call('TIME')[1] "
                     "while redis.call('TIME')[1] - t < 2 do end return 1",
                     "0"});
  });
  absl::SleepFor(absl::Milliseconds(500));
  EXPECT_EQ(kv->Run({"GET", "kvtest:busy"}).status().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(
      kv->Transaction({{"SET", "kvtest:busy", "1"}}, {{"kvtest:busy", "", ""}}).status().code(),
      absl::StatusCode::kUnavailable);
  EXPECT_EQ(kv->Transaction({{"SET", "kvtest:busy", "1"}}).status().code(),
            absl::StatusCode::kUnavailable);
  script.join();
  EXPECT_TRUE(kv->Run({"CONFIG", "SET", "busy-reply-threshold", "5000"}).ok());
  EXPECT_TRUE(kv->Run({"GET", "kvtest:busy"}).ok());  // the connections are fine after
}

TEST(RedisKvStore, ReconnectsAfterRedisRestarts) {
  if (std::getenv("AMSTEST_REDIS_ADDR") != nullptr) GTEST_SKIP() << "outside Redis";
  auto kv = Redis();
  const std::string k = "kvtest:{" + NewUuid(SecureRandom()) + "}:durable";
  ASSERT_TRUE(kv->Run({"SET", k, "kept"}).ok());
  Infrastructure::Get().RestartRedis();
  // The pooled connection is dead: the first call may fail (UNAVAILABLE, retryable); a
  // later one reconnects. AOF kept the value.
  absl::StatusOr<KvReply> value;
  ASSERT_TRUE(WaitFor([&] {
    value = kv->Run({"GET", k});
    if (!value.ok()) {
      EXPECT_EQ(value.status().code(), absl::StatusCode::kUnavailable);
    }
    return value.ok();
  }));
  EXPECT_EQ(value->str, "kept");
}

}  // namespace
}  // namespace ams
