#include "services/verification/intake_applications.h"

#include <chrono>

#include "absl/strings/str_cat.h"
#include "grpcpp/grpcpp.h"

namespace ams::verification {

IntakeApplications::IntakeApplications(const std::string& address, std::string api_key)
    : stub_(ams::intake::v1::IntakeService::NewStub(
          grpc::CreateChannel(address, grpc::InsecureChannelCredentials()))),
      api_key_(std::move(api_key)) {}

absl::StatusOr<ams::intake::v1::Application> IntakeApplications::Get(
    const std::string& application) {
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  ctx.AddMetadata("authorization", absl::StrCat("Bearer ", api_key_));
  ams::intake::v1::GetApplicationRequest request;
  request.set_name(application);
  ams::intake::v1::GetApplicationResponse response;
  grpc::Status s = stub_->GetApplication(&ctx, request, &response);
  if (s.ok()) return response.application();
  std::string why = absl::StrCat("intake GetApplication: ", s.error_message());
  if (s.error_code() == grpc::StatusCode::UNAVAILABLE ||
      s.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED) {
    return absl::UnavailableError(why);
  }
  return absl::Status(static_cast<absl::StatusCode>(s.error_code()), why);
}

}  // namespace ams::verification
