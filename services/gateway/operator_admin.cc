#include "services/gateway/operator_admin.h"

#include <algorithm>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "common/api_keys.h"
#include "common/rpc_status.h"
#include "common/status_macros.h"

namespace ams::gateway {
namespace {

namespace pb = ams::gateway::v1;
using ams::type::v1::Role;

std::vector<Role> RolesOf(const google::protobuf::RepeatedField<int>& roles) {
  std::vector<Role> out;
  for (int r : roles) out.push_back(static_cast<Role>(r));
  return out;
}

bool SamePerson(const pb::Operator& admin, const std::string& name) {
  return OperatorId(admin.name()) == OperatorId(name);
}

absl::Status Refused(const char* why) {
  return WithReason(absl::FailedPreconditionError(why), ams::type::v1::ERROR_REASON_INVALID_STATE);
}

}  // namespace

std::string OperatorAdmin::NewPassword() {
  // 18 random bytes: 24 characters of URL-safe base64, 144 bits.
  return absl::WebSafeBase64Escape(random_->Bytes(18));
}

absl::StatusOr<pb::OperatorEntry> OperatorAdmin::Entry(const pb::Operator& op) {
  pb::OperatorEntry entry;
  *entry.mutable_operator_() = op;
  ASSIGN_OR_RETURN(bool enrolled, second_factor_->Enrolled(op.name()));
  entry.set_second_factor_enrolled(enrolled);
  ASSIGN_OR_RETURN(std::vector<Session> live, sessions_->List(op.name()));
  entry.set_live_sessions(static_cast<int32_t>(live.size()));
  return entry;
}

absl::Status OperatorAdmin::EndSessions(const std::string& name) {
  ASSIGN_OR_RETURN(std::vector<Session> live, sessions_->List(name));
  for (const Session& s : live) {
    RETURN_IF_ERROR(sessions_->EndByHash(name, s.hash));
    live_->EndSession(s.hash);
  }
  return absl::OkStatus();
}

absl::StatusOr<pb::ListOperatorsResponse> OperatorAdmin::List(const Admin&,
                                                              const pb::ListOperatorsRequest&) {
  ASSIGN_OR_RETURN(std::vector<pb::Operator> all, operators_->List());
  pb::ListOperatorsResponse response;
  for (const pb::Operator& op : all) {
    ASSIGN_OR_RETURN(*response.add_operators(), Entry(op));
  }
  return response;
}

absl::StatusOr<pb::CreateOperatorResponse> OperatorAdmin::Create(
    const Admin&, const pb::CreateOperatorRequest& r) {
  const std::string password = NewPassword();
  ASSIGN_OR_RETURN(pb::Operator op, operators_->Create(r.name(), r.display_name(),
                                                       RolesOf(r.roles()), password, r.agency()));
  pb::CreateOperatorResponse response;
  ASSIGN_OR_RETURN(*response.mutable_operator_(), Entry(op));
  response.set_initial_password(password);
  return response;
}

absl::StatusOr<pb::OperatorEntry> OperatorAdmin::Update(const Admin& admin,
                                                        const pb::UpdateOperatorRequest& r) {
  const std::vector<Role> roles = RolesOf(r.roles());
  if (SamePerson(admin, r.name()) &&
      std::find(roles.begin(), roles.end(), Role::ROLE_ADMIN) == roles.end()) {
    return Refused("an admin cannot take ADMIN from themselves; another admin can");
  }
  ASSIGN_OR_RETURN(pb::Operator op,
                   operators_->Update(r.name(), r.display_name(), roles, r.agency()));
  return Entry(op);
}

absl::StatusOr<pb::ResetOperatorPasswordResponse> OperatorAdmin::ResetPassword(
    const Admin&, const pb::ResetOperatorPasswordRequest& r) {
  const std::string password = NewPassword();
  RETURN_IF_ERROR(operators_->SetPassword(r.name(), password));
  ASSIGN_OR_RETURN(pb::Operator op, operators_->Get(r.name()));
  RETURN_IF_ERROR(EndSessions(op.name()));
  pb::ResetOperatorPasswordResponse response;
  ASSIGN_OR_RETURN(*response.mutable_operator_(), Entry(op));
  response.set_new_password(password);
  return response;
}

absl::StatusOr<pb::OperatorEntry> OperatorAdmin::ResetSecondFactor(
    const Admin& admin, const pb::ResetOperatorSecondFactorRequest& r) {
  // A stolen admin session must not be able to move the admin's own second factor.
  if (SamePerson(admin, r.name())) return Refused("another admin resets an admin's own");
  ASSIGN_OR_RETURN(pb::Operator op, operators_->Get(r.name()));
  RETURN_IF_ERROR(second_factor_->Remove(op.name()));
  RETURN_IF_ERROR(EndSessions(op.name()));
  return Entry(op);
}

absl::StatusOr<pb::DeleteOperatorResponse> OperatorAdmin::Delete(
    const Admin& admin, const pb::DeleteOperatorRequest& r) {
  if (SamePerson(admin, r.name())) return Refused("an admin cannot delete themselves");
  ASSIGN_OR_RETURN(pb::Operator op, operators_->Get(r.name()));
  RETURN_IF_ERROR(EndSessions(op.name()));
  RETURN_IF_ERROR(second_factor_->Remove(op.name()));
  RETURN_IF_ERROR(operators_->Remove(op.name()));
  return pb::DeleteOperatorResponse();
}

}  // namespace ams::gateway
