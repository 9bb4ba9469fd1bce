#include "services/forwarding/intake_letters.h"

#include <chrono>

#include "absl/strings/str_cat.h"
#include "grpcpp/grpcpp.h"

namespace ams::forwarding {

IntakeLetters::IntakeLetters(const std::string& intake_address, std::string api_key)
    : stub_(ams::intake::v1::IntakeService::NewStub(
          grpc::CreateChannel(intake_address, grpc::InsecureChannelCredentials()))),
      api_key_(std::move(api_key)) {}

absl::StatusOr<std::pair<std::string, std::string>> IntakeLetters::Fetch(
    const std::string& application) {
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  ctx.AddMetadata("authorization", absl::StrCat("Bearer ", api_key_));
  ams::intake::v1::GetRecommendationLetterRequest request;
  request.set_name(application);
  ams::intake::v1::GetRecommendationLetterResponse response;
  grpc::Status s = stub_->GetRecommendationLetter(&ctx, request, &response);
  if (!s.ok()) {
    std::string why = absl::StrCat("intake GetRecommendationLetter: ", s.error_message());
    // Intake down or slow is worth retrying; anything else is not.
    if (s.error_code() == grpc::StatusCode::UNAVAILABLE ||
        s.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED) {
      return absl::UnavailableError(why);
    }
    return absl::Status(static_cast<absl::StatusCode>(s.error_code()), why);
  }
  return std::make_pair(std::move(*response.mutable_pdf()), response.document().sha256());
}

}  // namespace ams::forwarding
