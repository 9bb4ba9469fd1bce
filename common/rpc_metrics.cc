#include "common/rpc_metrics.h"

#include <string>

namespace ams {

RpcMetrics::RpcMetrics(prometheus::Registry& registry)
    : calls_(prometheus::BuildCounter()
                 .Name("ams_rpc_calls_total")
                 .Help("gRPC calls by method and status code")
                 .Register(registry)),
      duration_(prometheus::BuildHistogram()
                    .Name("ams_rpc_duration_seconds")
                    .Help("gRPC call latency by method, from arrival to answer")
                    .Register(registry)) {}

void RpcMetrics::Record(absl::string_view method, absl::StatusCode code, absl::Duration elapsed) {
  static const prometheus::Histogram::BucketBoundaries kBuckets = {
      0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5};
  const std::string m(method);
  calls_.Add({{"method", m}, {"code", absl::StatusCodeToString(code)}}).Increment();
  duration_.Add({{"method", m}}, kBuckets).Observe(absl::ToDoubleSeconds(elapsed));
}

}  // namespace ams
