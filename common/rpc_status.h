// The rich error model (AIP-193) on absl::Status: domain code attaches a stable reason
// (google.rpc.ErrorInfo) and field violations (google.rpc.BadRequest) as payloads, and
// ToGrpcStatus turns them into the grpc-status-details-bin trailer clients decode.
#ifndef AMS_COMMON_RPC_STATUS_H_
#define AMS_COMMON_RPC_STATUS_H_

#include <map>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "ams/type/v1/error_reason.pb.h"
#include "google/rpc/error_details.pb.h"
#include "grpcpp/support/status.h"

namespace ams {

inline constexpr char kErrorDomain[] = "ams.kebumenkab.go.id";

struct FieldViolation {
  std::string field;        // path in the request, e.g. "applicant.nik"
  std::string description;  // why, for a person: "must be 16 digits"
};

// `status` with ErrorInfo{reason, domain, metadata} attached.
absl::Status WithReason(absl::Status status, ams::type::v1::ErrorReason reason,
                        const std::map<std::string, std::string>& metadata = {});

// INVALID_ARGUMENT, reason INVALID_FIELD, listing every violation.
absl::Status InvalidFields(const std::vector<FieldViolation>& violations);

// The attached details, if any.
bool GetErrorInfo(const absl::Status& status, google::rpc::ErrorInfo* info);
bool GetBadRequest(const absl::Status& status, google::rpc::BadRequest* bad_request);

// The gRPC status with the same code and message and the details in its binary trailer.
// INTERNAL and UNKNOWN keep their code but not their message: it may name internals.
grpc::Status ToGrpcStatus(const absl::Status& status);

// What a client got: the same code, message and details (ErrorInfo, BadRequest).
absl::Status FromGrpcStatus(const grpc::Status& status);

}  // namespace ams

#endif  // AMS_COMMON_RPC_STATUS_H_
