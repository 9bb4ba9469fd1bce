#include "services/audit/ordered_consumer.h"

#include <librdkafka/rdkafkacpp.h>

#include <algorithm>
#include <map>

#include "absl/strings/str_cat.h"
#include "common/logging.h"
#include "services/audit/ordered_merge.h"

namespace ams::audit {
namespace {

absl::Status KafkaError(RdKafka::ErrorCode err, absl::string_view what) {
  return absl::UnavailableError(absl::StrCat(what, ": ", RdKafka::err2str(err)));
}

void Commit(RdKafka::KafkaConsumer& consumer, std::map<OrderedMerge::Partition, int64_t>& done) {
  if (done.empty()) return;
  std::vector<RdKafka::TopicPartition*> offsets;
  for (const auto& [p, next] : done) {
    offsets.push_back(RdKafka::TopicPartition::create(p.first, p.second, next));
  }
  RdKafka::ErrorCode err = consumer.commitSync(offsets);
  RdKafka::TopicPartition::destroy(offsets);
  if (err != RdKafka::ERR_NO_ERROR) {
    LogWarning("audit: offsets not committed; they will be after the next record",
               {{"error", RdKafka::err2str(err)}});
    return;
  }
  done.clear();
}

}  // namespace

absl::StatusOr<std::unique_ptr<OrderedConsumer>> OrderedConsumer::Create(
    const KafkaOptions& options, const std::string& group, const std::vector<std::string>& topics,
    absl::Duration grace, Sink sink) {
  std::unique_ptr<OrderedConsumer> c(new OrderedConsumer());
  c->grace_ = grace;
  c->sink_ = std::move(sink);
  std::unique_ptr<RdKafka::Conf> conf(RdKafka::Conf::create(RdKafka::Conf::CONF_GLOBAL));
  std::string error;
  for (const auto& [k, v] : std::vector<std::pair<std::string, std::string>>{
           {"bootstrap.servers", options.brokers},
           {"client.id", options.client_id},
           {"group.id", group},
           {"enable.auto.commit", "false"},
           // The merge needs to know when a partition has nothing more for now.
           {"enable.partition.eof", "true"}}) {
    if (conf->set(k, v, error) != RdKafka::Conf::CONF_OK) {
      return absl::InvalidArgumentError(absl::StrCat("kafka ", k, ": ", error));
    }
  }
  c->consumer_.reset(RdKafka::KafkaConsumer::create(conf.get(), error));
  if (c->consumer_ == nullptr) return absl::InvalidArgumentError(absl::StrCat("kafka: ", error));
  // A broker just started may not know the topics or have the group's coordinator ready for
  // a while: wait for both, as long as a start may take.
  const absl::Time deadline = absl::Now() + absl::Seconds(60);
  absl::Status assigned;
  while (!(assigned = c->AssignAll(topics)).ok() && absl::Now() < deadline) {
    LogWarning("audit: waiting for the broker", {{"status", assigned}});
    absl::SleepFor(absl::Seconds(1));
  }
  if (!assigned.ok()) return assigned;
  return c;
}

absl::Status OrderedConsumer::AssignAll(const std::vector<std::string>& topics) {
  // Every partition of every topic, assigned by hand: one reader sees them all.
  RdKafka::Metadata* raw = nullptr;
  RdKafka::ErrorCode err = consumer_->metadata(true, nullptr, &raw, 10000);
  if (err != RdKafka::ERR_NO_ERROR) return KafkaError(err, "kafka metadata");
  std::unique_ptr<RdKafka::Metadata> metadata(raw);
  partitions_.clear();
  std::vector<RdKafka::TopicPartition*> assignment;
  for (const std::string& topic : topics) {
    for (const RdKafka::TopicMetadata* t : *metadata->topics()) {
      if (t->topic() != topic) continue;
      for (const RdKafka::PartitionMetadata* p : *t->partitions()) {
        partitions_.push_back({topic, p->id()});
        assignment.push_back(RdKafka::TopicPartition::create(topic, p->id()));
      }
    }
  }
  for (const std::string& topic : topics) {
    if (std::none_of(partitions_.begin(), partitions_.end(),
                     [&](const auto& p) { return p.first == topic; })) {
      RdKafka::TopicPartition::destroy(assignment);
      return absl::UnavailableError(absl::StrCat("kafka: topic ", topic, " does not exist yet"));
    }
  }
  // Where this ledger's group left off; from the start the first time.
  err = consumer_->committed(assignment, 10000);
  for (RdKafka::TopicPartition* tp : assignment) {
    if (tp->offset() < 0) tp->set_offset(RdKafka::Topic::OFFSET_BEGINNING);
  }
  if (err == RdKafka::ERR_NO_ERROR) err = consumer_->assign(assignment);
  RdKafka::TopicPartition::destroy(assignment);
  return err == RdKafka::ERR_NO_ERROR ? absl::OkStatus() : KafkaError(err, "kafka assign");
}

OrderedConsumer::~OrderedConsumer() {
  Stop();
  if (consumer_) consumer_->close();
}

void OrderedConsumer::Start() {
  thread_ = std::thread([this] { Run(); });
}

void OrderedConsumer::Stop() {
  stopping_ = true;
  if (thread_.joinable()) thread_.join();
}

void OrderedConsumer::Run() {
  OrderedMerge merge(grace_);
  merge.Assign(partitions_);
  std::map<OrderedMerge::Partition, int64_t> done;  // next offsets to commit
  absl::Time last_commit = absl::Now();
  std::optional<ConsumedRecord> held;  // released but not yet taken by the sink
  while (!stopping_.load()) {
    // Take in all that librdkafka has queued before deciding what may go: with records still
    // in its queue, a partition's end may be out of date.
    for (int timeout = held ? 0 : 50, n = 0; n < 10000; timeout = 0, ++n) {
      std::unique_ptr<RdKafka::Message> m(consumer_->consume(timeout));
      if (m->err() == RdKafka::ERR__TIMED_OUT) break;
      if (m->err() == RdKafka::ERR_NO_ERROR) {
        const RdKafka::MessageTimestamp ts = m->timestamp();
        merge.Add(ToConsumedRecord(*m),
                  ts.type == RdKafka::MessageTimestamp::MSG_TIMESTAMP_NOT_AVAILABLE
                      ? absl::Now()
                      : absl::FromUnixMillis(ts.timestamp));
      } else if (m->err() == RdKafka::ERR__PARTITION_EOF) {
        merge.ReachedEnd({m->topic_name(), m->partition()}, m->offset());
      } else {
        LogWarning("audit: kafka consume error", {{"error", m->errstr()}});
      }
    }
    while (!stopping_.load()) {
      if (!held) held = merge.Next(absl::Now());
      if (!held) break;
      if (absl::Status s = sink_(*held); !s.ok()) {
        // Redis away, say: keep the record and try again shortly, in the same order.
        LogWarning("audit: record not recorded yet; retrying", {{"status", s}});
        absl::SleepFor(absl::Milliseconds(500));
        break;
      }
      done[{held->topic, held->partition}] = held->offset + 1;
      held.reset();
    }
    if (!held) watermark_nanos_ = absl::ToUnixNanos(merge.Watermark(absl::Now()));
    if (absl::Now() - last_commit > absl::Seconds(1)) {
      Commit(*consumer_, done);
      last_commit = absl::Now();
    }
  }
  Commit(*consumer_, done);
}

}  // namespace ams::audit
