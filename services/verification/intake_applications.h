// ApplicationSource over intake's gRPC API with this service's key and a deadline.
#ifndef AMS_SERVICES_VERIFICATION_INTAKE_APPLICATIONS_H_
#define AMS_SERVICES_VERIFICATION_INTAKE_APPLICATIONS_H_

#include <memory>
#include <string>

#include "ams/intake/v1/intake_service.grpc.pb.h"
#include "services/verification/verification.h"

namespace ams::verification {

class IntakeApplications final : public ApplicationSource {
 public:
  IntakeApplications(const std::string& address, std::string api_key);
  absl::StatusOr<ams::intake::v1::Application> Get(const std::string& application) override;

 private:
  std::unique_ptr<ams::intake::v1::IntakeService::Stub> stub_;
  const std::string api_key_;
};

}  // namespace ams::verification

#endif  // AMS_SERVICES_VERIFICATION_INTAKE_APPLICATIONS_H_
