// LetterSource over intake's gRPC API, with this service's own API key and a deadline.
#ifndef AMS_SERVICES_FORWARDING_INTAKE_LETTERS_H_
#define AMS_SERVICES_FORWARDING_INTAKE_LETTERS_H_

#include <memory>
#include <string>

#include "ams/intake/v1/intake_service.grpc.pb.h"
#include "services/forwarding/forwarding.h"

namespace ams::forwarding {

class IntakeLetters final : public LetterSource {
 public:
  IntakeLetters(const std::string& intake_address, std::string api_key);
  absl::StatusOr<std::pair<std::string, std::string>> Fetch(
      const std::string& application) override;

 private:
  std::unique_ptr<ams::intake::v1::IntakeService::Stub> stub_;
  const std::string api_key_;
};

}  // namespace ams::forwarding

#endif  // AMS_SERVICES_FORWARDING_INTAKE_LETTERS_H_
