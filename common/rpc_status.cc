#include "common/rpc_status.h"

#include "absl/strings/cord.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
#include "google/protobuf/any.pb.h"
#include "google/rpc/status.pb.h"

namespace ams {
namespace {

constexpr char kTypePrefix[] = "type.googleapis.com/";

std::string TypeUrl(const google::protobuf::Message& m) {
  return absl::StrCat(kTypePrefix, m.GetDescriptor()->full_name());
}

template <typename T>
bool GetPayload(const absl::Status& status, T* out) {
  absl::optional<absl::Cord> payload = status.GetPayload(TypeUrl(*out));
  return payload.has_value() && out->ParseFromString(std::string(*payload));
}

}  // namespace

absl::Status WithReason(absl::Status status, ams::type::v1::ErrorReason reason,
                        const std::map<std::string, std::string>& metadata) {
  google::rpc::ErrorInfo info;
  info.set_reason(
      std::string(absl::StripPrefix(ams::type::v1::ErrorReason_Name(reason), "ERROR_REASON_")));
  info.set_domain(kErrorDomain);
  for (const auto& [k, v] : metadata) (*info.mutable_metadata())[k] = v;
  status.SetPayload(TypeUrl(info), absl::Cord(info.SerializeAsString()));
  return status;
}

absl::Status InvalidFields(const std::vector<FieldViolation>& violations) {
  google::rpc::BadRequest bad_request;
  std::vector<std::string> parts;
  for (const FieldViolation& v : violations) {
    auto* fv = bad_request.add_field_violations();
    fv->set_field(v.field);
    fv->set_description(v.description);
    parts.push_back(absl::StrCat(v.field, ": ", v.description));
  }
  absl::Status status = absl::InvalidArgumentError(absl::StrJoin(parts, "; "));
  status.SetPayload(TypeUrl(bad_request), absl::Cord(bad_request.SerializeAsString()));
  return WithReason(std::move(status), ams::type::v1::ERROR_REASON_INVALID_FIELD);
}

bool GetErrorInfo(const absl::Status& status, google::rpc::ErrorInfo* info) {
  return GetPayload(status, info);
}

bool GetBadRequest(const absl::Status& status, google::rpc::BadRequest* bad_request) {
  return GetPayload(status, bad_request);
}

grpc::Status ToGrpcStatus(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  const bool hide =
      status.code() == absl::StatusCode::kInternal || status.code() == absl::StatusCode::kUnknown;
  const std::string message = hide ? "internal error" : std::string(status.message());
  google::rpc::Status rich;
  rich.set_code(static_cast<int>(status.code()));
  rich.set_message(message);
  google::rpc::ErrorInfo info;
  if (GetErrorInfo(status, &info)) rich.add_details()->PackFrom(info);
  google::rpc::BadRequest bad_request;
  if (GetBadRequest(status, &bad_request)) rich.add_details()->PackFrom(bad_request);
  return grpc::Status(static_cast<grpc::StatusCode>(status.code()), message,
                      rich.SerializeAsString());
}

absl::Status FromGrpcStatus(const grpc::Status& status) {
  absl::Status out(static_cast<absl::StatusCode>(status.error_code()), status.error_message());
  google::rpc::Status rich;
  if (!out.ok() && rich.ParseFromString(status.error_details())) {
    for (const google::protobuf::Any& detail : rich.details()) {
      out.SetPayload(detail.type_url(), absl::Cord(detail.value()));
    }
  }
  return out;
}

}  // namespace ams
