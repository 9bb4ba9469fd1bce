#include "common/kafka_event_bus.h"

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafkacpp.h>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "common/logging.h"
#include "common/random.h"
#include "common/status_macros.h"

namespace ams {
namespace {

absl::Status SetAll(RdKafka::Conf* conf,
                    std::initializer_list<std::pair<const char*, std::string>> settings) {
  std::string error;
  for (const auto& [key, value] : settings) {
    if (conf->set(key, value, error) != RdKafka::Conf::CONF_OK) {
      return absl::InvalidArgumentError(absl::StrCat("kafka setting ", key, ": ", error));
    }
  }
  return absl::OkStatus();
}

absl::Status FromKafkaError(RdKafka::ErrorCode code, absl::string_view what) {
  std::string message = absl::StrCat(what, ": ", RdKafka::err2str(code));
  switch (code) {
    case RdKafka::ERR_NO_ERROR:
      return absl::OkStatus();
    case RdKafka::ERR__QUEUE_FULL:
    case RdKafka::ERR__MSG_TIMED_OUT:
    case RdKafka::ERR__TIMED_OUT:
    case RdKafka::ERR__TRANSPORT:
    case RdKafka::ERR__ALL_BROKERS_DOWN:
    case RdKafka::ERR_NOT_ENOUGH_REPLICAS:
    case RdKafka::ERR_NOT_ENOUGH_REPLICAS_AFTER_APPEND:
    case RdKafka::ERR_LEADER_NOT_AVAILABLE:
    case RdKafka::ERR_NOT_LEADER_FOR_PARTITION:
    case RdKafka::ERR_REQUEST_TIMED_OUT:
      return absl::UnavailableError(message);
    case RdKafka::ERR__UNKNOWN_TOPIC:
    case RdKafka::ERR_UNKNOWN_TOPIC_OR_PART:
      return absl::NotFoundError(message);
    default:
      return absl::InternalError(message);
  }
}

}  // namespace

std::vector<std::string> PipelineTopics() {
  std::vector<std::string> topics;
  for (const char* service :
       {"intake", "forwarding", "enrollment", "verification", "credential", "audit"}) {
    topics.push_back(TopicOf(service));
  }
  topics.push_back(kDeadLetterTopic);
  return topics;
}

std::vector<std::string> ProvisionedTopics() {
  std::vector<std::string> topics = PipelineTopics();
  topics.push_back(kAccessTopic);
  return topics;
}

// One PublishAll call's outstanding deliveries.
struct KafkaPublisher::Batch {
  absl::Mutex mu;
  int pending ABSL_GUARDED_BY(mu) = 0;
  std::vector<absl::Status> statuses ABSL_GUARDED_BY(mu);
};

// The delivery-report callback: fills in the status of each message of its batch.
class KafkaPublisher::DeliveryReports final : public RdKafka::DeliveryReportCb {
 public:
  struct Slot {
    Batch* batch;
    size_t index;
  };
  void dr_cb(RdKafka::Message& message) override {
    auto* slot = static_cast<Slot*>(message.msg_opaque());
    if (slot == nullptr) return;
    absl::MutexLock lock(&slot->batch->mu);
    slot->batch->statuses[slot->index] = FromKafkaError(message.err(), "kafka delivery");
    --slot->batch->pending;
  }
};

absl::StatusOr<std::unique_ptr<KafkaPublisher>> KafkaPublisher::Create(
    const KafkaOptions& options) {
  std::unique_ptr<KafkaPublisher> p(new KafkaPublisher());
  p->reports_ = std::make_unique<DeliveryReports>();
  std::unique_ptr<RdKafka::Conf> conf(RdKafka::Conf::create(RdKafka::Conf::CONF_GLOBAL));
  absl::Status status = SetAll(
      conf.get(),
      {{"bootstrap.servers", options.brokers},
       {"client.id", options.client_id},
       // Idempotence: no duplicates or reordering from the producer's own retries.
       {"enable.idempotence", "true"},
       {"acks", "all"},
       {"linger.ms", absl::StrCat(options.linger_ms)},
       {"socket.nagle.disable", "true"},
       {"delivery.timeout.ms", absl::StrCat(absl::ToInt64Milliseconds(options.delivery_timeout))}});
  if (!status.ok()) return status;
  std::string error;
  if (conf->set("dr_cb", p->reports_.get(), error) != RdKafka::Conf::CONF_OK) {
    return absl::InternalError(error);
  }
  p->producer_.reset(RdKafka::Producer::create(conf.get(), error));
  if (p->producer_ == nullptr) {
    return absl::InvalidArgumentError(absl::StrCat("kafka producer: ", error));
  }
  KafkaPublisher* raw = p.get();
  p->poller_ = std::thread([raw] {
    while (!raw->stopping_.load()) raw->producer_->poll(50);
  });
  return p;
}

KafkaPublisher::~KafkaPublisher() {
  if (producer_ != nullptr) producer_->flush(5000);
  stopping_ = true;
  if (poller_.joinable()) poller_.join();
}

absl::Status KafkaPublisher::Produce(const std::string& topic, const std::string& key,
                                     const std::string& value, const KafkaHeaders& headers,
                                     void* opaque) {
  while (true) {
    RdKafka::Headers* h = RdKafka::Headers::create();
    for (const auto& [k, v] : headers) h->add(k, v.data(), v.size());
    RdKafka::ErrorCode err = producer_->produce(
        topic, RdKafka::Topic::PARTITION_UA, RdKafka::Producer::RK_MSG_COPY,
        const_cast<char*>(value.data()), value.size(), key.data(), key.size(), 0, h, opaque);
    if (err == RdKafka::ERR_NO_ERROR) return absl::OkStatus();
    delete h;  // not taken over on failure
    if (err != RdKafka::ERR__QUEUE_FULL) return FromKafkaError(err, "kafka produce");
    producer_->poll(10);  // let deliveries drain, then try again
  }
}

std::vector<absl::Status> KafkaPublisher::PublishAll(absl::Span<const EventEnvelope> events) {
  Batch batch;
  std::vector<DeliveryReports::Slot> slots(events.size());
  {
    absl::MutexLock lock(&batch.mu);
    batch.statuses.assign(events.size(), absl::OkStatus());
  }
  for (size_t i = 0; i < events.size(); ++i) {
    slots[i] = {&batch, i};
    const EventEnvelope& e = events[i];
    absl::Status s = Produce(e.topic(), e.subject(), e.data(), ToKafkaHeaders(e), &slots[i]);
    absl::MutexLock lock(&batch.mu);
    if (s.ok()) {
      ++batch.pending;
    } else {
      batch.statuses[i] = s;
    }
  }
  absl::MutexLock lock(&batch.mu);
  batch.mu.Await(absl::Condition(
      +[](int* pending) { return *pending == 0; }, &batch.pending));
  return batch.statuses;
}

absl::Status KafkaPublisher::PublishRecord(const std::string& topic, const std::string& key,
                                           const std::string& value, const KafkaHeaders& headers) {
  Batch batch;
  DeliveryReports::Slot slot{&batch, 0};
  {
    absl::MutexLock lock(&batch.mu);
    batch.statuses.assign(1, absl::OkStatus());
  }
  absl::Status s = Produce(topic, key, value, headers, &slot);
  if (!s.ok()) return s;
  absl::MutexLock lock(&batch.mu);
  batch.pending = 1;
  batch.mu.Await(absl::Condition(
      +[](int* pending) { return *pending == 0; }, &batch.pending));
  return batch.statuses[0];
}

absl::StatusOr<std::unique_ptr<KafkaConsumer>> KafkaConsumer::Create(
    const KafkaOptions& options, const std::string& group, const std::vector<std::string>& topics,
    EventDispatcher* dispatcher) {
  std::unique_ptr<KafkaConsumer> c(new KafkaConsumer());
  c->dispatcher_ = dispatcher;
  std::unique_ptr<RdKafka::Conf> conf(RdKafka::Conf::create(RdKafka::Conf::CONF_GLOBAL));
  absl::Status status = SetAll(
      conf.get(),
      {{"bootstrap.servers", options.brokers},
       {"client.id", options.client_id},
       {"group.id", group},
       {"auto.offset.reset", "earliest"},
       // Offsets are stored by hand once a record's effect is durable; the background
       // commit only ever commits those.
       {"enable.auto.offset.store", "false"},
       {"enable.auto.commit", "true"},
       {"auto.commit.interval.ms", "200"},
       {"session.timeout.ms", absl::StrCat(absl::ToInt64Milliseconds(options.session_timeout))},
       // The default eager assignors: librdkafka 2.0's cooperative-sticky can hang in
       // close() when an assignment arrives while closing (librdkafka #4527).
       {"heartbeat.interval.ms", "1000"}});
  if (!status.ok()) return status;
  std::string error;
  c->consumer_.reset(RdKafka::KafkaConsumer::create(conf.get(), error));
  if (c->consumer_ == nullptr) {
    return absl::InvalidArgumentError(absl::StrCat("kafka consumer: ", error));
  }
  RdKafka::ErrorCode err = c->consumer_->subscribe(topics);
  if (err != RdKafka::ERR_NO_ERROR) return FromKafkaError(err, "kafka subscribe");
  return c;
}

KafkaConsumer::~KafkaConsumer() { Stop(); }

void KafkaConsumer::Start() {
  thread_ = std::thread([this] { Run(); });
}

void KafkaConsumer::Run() {
  while (!stopping_.load()) {
    ResumeDuePartitions();
    std::unique_ptr<RdKafka::Message> m(consumer_->consume(100));
    if (m->err() == RdKafka::ERR__TIMED_OUT || m->err() == RdKafka::ERR__PARTITION_EOF) continue;
    if (m->err() != RdKafka::ERR_NO_ERROR) {
      LogWarning("kafka consume error", {{"error", m->errstr()}});
      continue;
    }
    ConsumedRecord record = ToConsumedRecord(*m);
    const std::pair<std::string, int32_t> partition = {record.topic, record.partition};
    auto retry = retries_.find(partition);
    if (retry != retries_.end() && retry->second.resume_at > absl::Now()) {
      // Fetched before the pause took effect (or after a rebalance undid it): the rewind
      // brings it back once the wait is over.
      PauseAt(partition, retry->second.offset);
      continue;
    }
    const int attempt = retry != retries_.end() && retry->second.offset == record.offset
                            ? retry->second.attempts
                            : 0;
    if (retry != retries_.end()) retries_.erase(retry);
    if (dispatcher_->Attempt(record) == EventDispatcher::Outcome::kRetry) {
      retries_[partition] = {record.offset, attempt + 1,
                             absl::Now() + dispatcher_->RetryDelay(attempt)};
      PauseAt(partition, record.offset);
      continue;  // not processed: its offset stays uncommitted
    }
    std::vector<RdKafka::TopicPartition*> offsets = {
        RdKafka::TopicPartition::create(record.topic, record.partition, record.offset + 1)};
    consumer_->offsets_store(offsets);
    RdKafka::TopicPartition::destroy(offsets);
  }
}

void KafkaConsumer::PauseAt(const std::pair<std::string, int32_t>& partition, int64_t offset) {
  // Pause before seeking: a seek made first is lost on resume (librdkafka #3471).
  std::vector<RdKafka::TopicPartition*> tp = {
      RdKafka::TopicPartition::create(partition.first, partition.second, offset)};
  consumer_->pause(tp);
  RdKafka::ErrorCode err = consumer_->seek(*tp[0], 0);
  if (err != RdKafka::ERR_NO_ERROR) {
    LogWarning("kafka seek for a retry failed; the record comes back after a rebalance",
               {{"topic", partition.first},
                {"partition", partition.second},
                {"error", RdKafka::err2str(err)}});
  }
  RdKafka::TopicPartition::destroy(tp);
}

void KafkaConsumer::ResumeDuePartitions() {
  const absl::Time now = absl::Now();
  std::vector<RdKafka::TopicPartition*> due;
  for (const auto& [partition, retry] : retries_) {
    if (retry.resume_at <= now && !retry.resumed) {
      due.push_back(RdKafka::TopicPartition::create(partition.first, partition.second));
    }
  }
  if (due.empty()) return;
  consumer_->resume(due);  // a partition no longer assigned here is simply not resumed
  for (RdKafka::TopicPartition* tp : due) retries_[{tp->topic(), tp->partition()}].resumed = true;
  RdKafka::TopicPartition::destroy(due);
}

absl::StatusOr<std::unique_ptr<KafkaTail>> KafkaTail::Start(const KafkaOptions& options,
                                                            const std::vector<std::string>& topics,
                                                            OnRecord on_record, bool from_start) {
  std::unique_ptr<KafkaTail> t(new KafkaTail());
  t->on_record_ = std::move(on_record);
  std::unique_ptr<RdKafka::Conf> conf(RdKafka::Conf::create(RdKafka::Conf::CONF_GLOBAL));
  RETURN_IF_ERROR(SetAll(
      conf.get(),
      {{"bootstrap.servers", options.brokers},
       {"client.id", options.client_id},
       // A group no other process joins: every replica hears every record.
       {"group.id",
        absl::StrCat(options.client_id, "-tail-", absl::BytesToHexString(SecureRandom().Bytes(8)))},
       {"auto.offset.reset", from_start ? "earliest" : "latest"},
       {"enable.auto.commit", "false"},
       {"session.timeout.ms", absl::StrCat(absl::ToInt64Milliseconds(options.session_timeout))},
       {"heartbeat.interval.ms", "1000"}}));
  std::string error;
  t->consumer_.reset(RdKafka::KafkaConsumer::create(conf.get(), error));
  if (t->consumer_ == nullptr) {
    return absl::InvalidArgumentError(absl::StrCat("kafka consumer: ", error));
  }
  RdKafka::ErrorCode err = t->consumer_->subscribe(topics);
  if (err != RdKafka::ERR_NO_ERROR) return FromKafkaError(err, "kafka subscribe");
  t->thread_ = std::thread([tail = t.get()] {
    while (!tail->stopping_.load()) {
      std::unique_ptr<RdKafka::Message> m(tail->consumer_->consume(100));
      if (m->err() == RdKafka::ERR_NO_ERROR) tail->on_record_(ToConsumedRecord(*m));
    }
  });
  return t;
}

KafkaTail::~KafkaTail() { Stop(); }

void KafkaTail::Stop() {
  if (consumer_ == nullptr) return;
  stopping_ = true;
  if (thread_.joinable()) thread_.join();
  consumer_->close();
  consumer_.reset();
}

ConsumedRecord ToConsumedRecord(RdKafka::Message& m) {
  ConsumedRecord record;
  record.topic = m.topic_name();
  record.partition = m.partition();
  record.offset = m.offset();
  if (m.key() != nullptr) record.key = *m.key();
  record.value.assign(static_cast<const char*>(m.payload()), m.len());
  if (RdKafka::Headers* headers = m.headers()) {
    for (const RdKafka::Headers::Header& h : headers->get_all()) {
      record.headers.emplace_back(
          h.key(), h.value() == nullptr
                       ? std::string()
                       : std::string(static_cast<const char*>(h.value()), h.value_size()));
    }
  }
  return record;
}

void KafkaConsumer::Stop() {
  if (consumer_ == nullptr) return;
  stopping_ = true;
  if (thread_.joinable()) thread_.join();
  consumer_->commitSync();  // what is stored; nothing else
  consumer_->close();
  consumer_.reset();
}

absl::Status EnsureTopics(const KafkaOptions& options, const std::vector<std::string>& topics,
                          int partitions, int replication_factor) {
  char error[512];
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  if (rd_kafka_conf_set(conf, "bootstrap.servers", options.brokers.c_str(), error, sizeof error) !=
      RD_KAFKA_CONF_OK) {
    rd_kafka_conf_destroy(conf);
    return absl::InvalidArgumentError(absl::StrCat("kafka: ", error));
  }
  rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, error, sizeof error);
  if (rk == nullptr) return absl::InternalError(absl::StrCat("kafka: ", error));
  std::vector<rd_kafka_NewTopic_t*> new_topics;
  for (const std::string& t : topics) {
    new_topics.push_back(
        rd_kafka_NewTopic_new(t.c_str(), partitions, replication_factor, error, sizeof error));
    // The broker stamps each record as it appends it: one clock, increasing per partition,
    // which the audit ledger orders every topic by.
    rd_kafka_NewTopic_set_config(new_topics.back(), "message.timestamp.type", "LogAppendTime");
    // Each key's last record is its state, kept for as long as the topic lives.
    if (t == kAccessTopic)
      rd_kafka_NewTopic_set_config(new_topics.back(), "cleanup.policy", "compact");
  }
  rd_kafka_queue_t* queue = rd_kafka_queue_new(rk);
  rd_kafka_AdminOptions_t* admin = rd_kafka_AdminOptions_new(rk, RD_KAFKA_ADMIN_OP_CREATETOPICS);
  rd_kafka_AdminOptions_set_operation_timeout(admin, 10000, error, sizeof error);
  rd_kafka_CreateTopics(rk, new_topics.data(), new_topics.size(), admin, queue);
  rd_kafka_event_t* event = rd_kafka_queue_poll(queue, 30000);
  absl::Status status = absl::OkStatus();
  if (event == nullptr) {
    status = absl::UnavailableError("kafka: no answer to CreateTopics within 30 s");
  } else if (rd_kafka_event_error(event) != RD_KAFKA_RESP_ERR_NO_ERROR) {
    status = absl::UnavailableError(
        absl::StrCat("kafka CreateTopics: ", rd_kafka_event_error_string(event)));
  } else {
    size_t n = 0;
    const rd_kafka_topic_result_t** results =
        rd_kafka_CreateTopics_result_topics(rd_kafka_event_CreateTopics_result(event), &n);
    for (size_t i = 0; i < n && status.ok(); ++i) {
      rd_kafka_resp_err_t err = rd_kafka_topic_result_error(results[i]);
      if (err != RD_KAFKA_RESP_ERR_NO_ERROR && err != RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS) {
        status = absl::InternalError(absl::StrCat("kafka: topic ",
                                                  rd_kafka_topic_result_name(results[i]), ": ",
                                                  rd_kafka_topic_result_error_string(results[i])));
      }
    }
  }
  if (event != nullptr) rd_kafka_event_destroy(event);
  rd_kafka_AdminOptions_destroy(admin);
  rd_kafka_NewTopic_destroy_array(new_topics.data(), new_topics.size());
  rd_kafka_queue_destroy(queue);
  rd_kafka_destroy(rk);
  return status;
}

}  // namespace ams
