// Per-method call counts and latencies for /metrics:
//   ams_rpc_calls_total{method, code}     counter
//   ams_rpc_duration_seconds{method}      histogram
#ifndef AMS_COMMON_RPC_METRICS_H_
#define AMS_COMMON_RPC_METRICS_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "prometheus/counter.h"
#include "prometheus/histogram.h"
#include "prometheus/registry.h"

namespace ams {

class RpcMetrics {
 public:
  explicit RpcMetrics(prometheus::Registry& registry);
  void Record(absl::string_view method, absl::StatusCode code, absl::Duration elapsed);

 private:
  prometheus::Family<prometheus::Counter>& calls_;
  prometheus::Family<prometheus::Histogram>& duration_;
};

}  // namespace ams

#endif  // AMS_COMMON_RPC_METRICS_H_
