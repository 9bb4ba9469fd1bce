#include "common/request_ids.h"

#include <memory>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/hashing.h"
#include "common/rpc_status.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"

namespace ams {
namespace {
constexpr char kField[] = "request:";
}  // namespace

std::string RequestHash(const google::protobuf::Message& request) {
  std::unique_ptr<google::protobuf::Message> copy(request.New());
  copy->CopyFrom(request);
  if (const auto* f = copy->GetDescriptor()->FindFieldByName("request_id")) {
    copy->GetReflection()->ClearField(copy.get(), f);
  }
  std::string bytes;
  {
    google::protobuf::io::StringOutputStream out(&bytes);
    google::protobuf::io::CodedOutputStream coded(&out);
    coded.SetSerializationDeterministic(true);
    copy->SerializeToCodedStream(&coded);
  }
  return Sha256Hex(absl::StrCat(copy->GetDescriptor()->full_name(), "\n", bytes));
}

absl::StatusOr<bool> AlreadyApplied(const RequestHashes& seen, const std::string& request_id,
                                    const std::string& hash) {
  if (request_id.empty()) return false;
  auto it = seen.find(request_id);
  if (it == seen.end()) return false;
  if (it->second != hash) {
    return WithReason(absl::AlreadyExistsError(absl::StrCat(
                          "request_id ", request_id, " was used before with a different request")),
                      ams::type::v1::ERROR_REASON_REQUEST_ID_REUSED, {{"request_id", request_id}});
  }
  return true;
}

bool CollectRequestField(const std::string& field, const std::string& value, RequestHashes& seen) {
  if (!absl::StartsWith(field, kField)) return false;
  seen[field.substr(sizeof(kField) - 1)] = value;
  return true;
}

KvCommand RecordRequest(const std::string& key, const std::string& request_id,
                        const std::string& hash) {
  return {"HSET", key, absl::StrCat(kField, request_id), hash};
}

}  // namespace ams
