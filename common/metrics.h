// The process's Prometheus endpoint: GET /metrics in the text exposition format, served
// by prometheus-cpp on its own port.
#ifndef AMS_COMMON_METRICS_H_
#define AMS_COMMON_METRICS_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "prometheus/exposer.h"
#include "prometheus/histogram.h"
#include "prometheus/registry.h"

namespace ams {

// Bucket edges (seconds) of every event latency histogram: 0.5 ms to 5 s.
inline prometheus::Histogram::BucketBoundaries EventLatencyBuckets() {
  return {0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5};
}

class MetricsEndpoint {
 public:
  // `address` is host:port; port 0 picks a free one (see port()).
  static absl::StatusOr<std::unique_ptr<MetricsEndpoint>> Start(const std::string& address);

  prometheus::Registry& registry() { return *registry_; }
  int port() const { return port_; }

 private:
  MetricsEndpoint() = default;
  std::unique_ptr<prometheus::Exposer> exposer_;
  std::shared_ptr<prometheus::Registry> registry_;
  int port_ = 0;
};

}  // namespace ams

#endif  // AMS_COMMON_METRICS_H_
