// The admin's management of operators and agencies' users (ams.gateway.v1.AdminService) as
// plain calls. New and reset passwords come from the CSPRNG and are answered once, never kept
// in clear. What would lock the admins out is refused: an admin deleting themselves, taking
// ADMIN from themselves, or resetting their own second factor from a session.
#ifndef AMS_SERVICES_GATEWAY_OPERATOR_ADMIN_H_
#define AMS_SERVICES_GATEWAY_OPERATOR_ADMIN_H_

#include "absl/status/statusor.h"
#include "ams/gateway/v1/admin_service.pb.h"
#include "common/random.h"
#include "services/gateway/live_updates.h"
#include "services/gateway/operators.h"
#include "services/gateway/second_factor.h"
#include "services/gateway/sessions.h"

namespace ams::gateway {

class OperatorAdmin {
 public:
  OperatorAdmin(Operators* operators, Sessions* sessions, SecondFactor* second_factor,
                LiveUpdates* live, RandomSource* random)
      : operators_(operators),
        sessions_(sessions),
        second_factor_(second_factor),
        live_(live),
        random_(random) {}

  using Admin = v1::Operator;
  absl::StatusOr<v1::ListOperatorsResponse> List(const Admin& admin,
                                                 const v1::ListOperatorsRequest& r);
  absl::StatusOr<v1::CreateOperatorResponse> Create(const Admin& admin,
                                                    const v1::CreateOperatorRequest& r);
  absl::StatusOr<v1::OperatorEntry> Update(const Admin& admin, const v1::UpdateOperatorRequest& r);
  absl::StatusOr<v1::ResetOperatorPasswordResponse> ResetPassword(
      const Admin& admin, const v1::ResetOperatorPasswordRequest& r);
  absl::StatusOr<v1::OperatorEntry> ResetSecondFactor(
      const Admin& admin, const v1::ResetOperatorSecondFactorRequest& r);
  absl::StatusOr<v1::DeleteOperatorResponse> Delete(const Admin& admin,
                                                    const v1::DeleteOperatorRequest& r);

 private:
  absl::StatusOr<v1::OperatorEntry> Entry(const v1::Operator& op);
  // Ends every session of the operator (and its live updates).
  absl::Status EndSessions(const std::string& name);
  std::string NewPassword();

  Operators* operators_;
  Sessions* sessions_;
  SecondFactor* second_factor_;
  LiveUpdates* live_;
  RandomSource* random_;
};

}  // namespace ams::gateway

#endif  // AMS_SERVICES_GATEWAY_OPERATOR_ADMIN_H_
