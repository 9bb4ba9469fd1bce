// Optimistic concurrency for a service's records: each record is one Redis hash with a
// "version" field. A write is conditional on the version it read and bumps it; a write that
// lost a race fails with ABORTED, and the service reads again and decides again.
#ifndef AMS_COMMON_VERSIONED_RECORD_H_
#define AMS_COMMON_VERSIONED_RECORD_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "common/kv_store.h"

namespace ams {

// Writes `fields` (name, value, name, value...) to the hash at `key` with version
// `version_read` + 1, if the record is still at `version_read` (0: it must not exist).
KvWrites VersionedWrite(const std::string& key, int64_t version_read,
                        std::vector<std::string> fields);

// Runs `read_decide_write` until it returns anything but ABORTED, at most `attempts` times;
// then ABORTED ("changed concurrently; retry"), which callers over gRPC answer as such.
absl::Status RetryOnConflict(const std::function<absl::Status()>& read_decide_write,
                             int attempts = 5);

}  // namespace ams

#endif  // AMS_COMMON_VERSIONED_RECORD_H_
