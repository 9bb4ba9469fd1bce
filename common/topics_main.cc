// ams-topics: creates the pipeline's Kafka topics (ams.<service>.v1, ams.dlq.v1, ams.access.v1)
// that do not exist yet. Used by `make run` and the test fixture; a cluster does this in its own
// provisioning.
#include <cstdio>
#include <string>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "common/kafka_event_bus.h"

ABSL_FLAG(std::string, brokers, "127.0.0.1:9092", "Kafka bootstrap servers");
ABSL_FLAG(int, partitions, 3, "partitions per topic");
ABSL_FLAG(int, replication_factor, 1, "replicas per partition");

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  ams::KafkaOptions options;
  options.brokers = absl::GetFlag(FLAGS_brokers);
  absl::Status status =
      ams::EnsureTopics(options, ams::ProvisionedTopics(), absl::GetFlag(FLAGS_partitions),
                        absl::GetFlag(FLAGS_replication_factor));
  if (!status.ok()) {
    std::fprintf(stderr, "ams-topics: %s\n", status.ToString().c_str());
    return 1;
  }
  for (const std::string& t : ams::ProvisionedTopics()) std::printf("topic %s ready\n", t.c_str());
  return 0;
}
