// Optimistic concurrency for a service's records: each record is one Redis hash with a
// "version" field. A write is conditional on the version it read and bumps it; a write that
// lost a race fails with ABORTED, and the service reads again and decides again.
#ifndef AMS_COMMON_VERSIONED_RECORD_H_
#define AMS_COMMON_VERSIONED_RECORD_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "common/kv_store.h"

namespace ams {

// Writes `fields` (name, value, name, value...) to the hash at `key` with version
// `version_read` + 1, if the record is still at `version_read` (0: it must not exist).
KvWrites VersionedWrite(const std::string& key, int64_t version_read,
                        std::vector<std::string> fields);

namespace versioned_record_internal {
inline const absl::Status& StatusOf(const absl::Status& s) { return s; }
template <typename T>
const absl::Status& StatusOf(const absl::StatusOr<T>& s) {
  return s.status();
}
}  // namespace versioned_record_internal

// Runs `read_decide_write` (returning absl::Status or absl::StatusOr<T>) again while it
// fails with ABORTED, a concurrent write, at most `attempts` times; then ABORTED saying that
// `what` keeps changing, which callers over gRPC answer as such (retry later).
template <typename F>
auto RetryOnConflict(absl::string_view what, const F& read_decide_write, int attempts = 5)
    -> decltype(read_decide_write()) {
  for (int i = 0; i < attempts; ++i) {
    auto result = read_decide_write();
    if (!absl::IsAborted(versioned_record_internal::StatusOf(result))) return result;
  }
  return absl::AbortedError(absl::StrCat(what, " keeps changing; retry"));
}

}  // namespace ams

#endif  // AMS_COMMON_VERSIONED_RECORD_H_
