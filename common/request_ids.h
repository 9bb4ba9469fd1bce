// Idempotent retries (AIP-155): a mutation's request_id and a hash of its body are kept in
// the resource's Redis hash as "request:<id>" fields. A retry with the same id and body is
// answered from what was done; the same id with another body is refused.
#ifndef AMS_COMMON_REQUEST_IDS_H_
#define AMS_COMMON_REQUEST_IDS_H_

#include <map>
#include <string>

#include "absl/status/statusor.h"
#include "common/kv_store.h"
#include "google/protobuf/message.h"

namespace ams {

using RequestHashes = std::map<std::string, std::string>;  // request_id -> body hash

// Hash of a request without its request_id field (deterministic serialization).
std::string RequestHash(const google::protobuf::Message& request);

// True if `request_id` was applied already with this `hash` (answer from the record);
// false if it is new or empty (apply it); ALREADY_EXISTS (REQUEST_ID_REUSED) if it came
// with another body.
absl::StatusOr<bool> AlreadyApplied(const RequestHashes& seen, const std::string& request_id,
                                    const std::string& hash);

// Collects a "request:<id>" field of a hash into `seen`; false for any other field.
bool CollectRequestField(const std::string& field, const std::string& value, RequestHashes& seen);

// The command recording `request_id` in the hash at `key`.
KvCommand RecordRequest(const std::string& key, const std::string& request_id,
                        const std::string& hash);

}  // namespace ams

#endif  // AMS_COMMON_REQUEST_IDS_H_
