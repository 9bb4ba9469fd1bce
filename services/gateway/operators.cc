#include "services/gateway/operators.h"

#include <algorithm>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "common/api_keys.h"
#include "common/rpc_status.h"
#include "common/status_macros.h"
#include "re2/re2.h"

namespace ams::gateway {
namespace {

using ams::type::v1::Role;
namespace pb = ams::gateway::v1;

constexpr size_t kMinPasswordLength = 12;

std::string Key(const std::string& id) { return absl::StrCat("gateway:operator:", id); }
constexpr char kIndex[] = "gateway:operators";
std::string OperatorFailures(const std::string& id, const std::string& address) {
  return absl::StrCat("gateway:failures:op:", id, ":", address);
}
std::string AddressFailures(const std::string& address) {
  return absl::StrCat("gateway:failures:addr:", address);
}

// Who may hold which roles: operators any of the person roles; an agency's user AGENCY alone,
// with their agency.
void CheckRoles(const std::vector<Role>& roles, const std::string& agency,
                std::vector<FieldViolation>& v) {
  const bool agency_user = roles.size() == 1 && roles[0] == Role::ROLE_AGENCY;
  if (agency_user) {
    // An agency's own user submits for that agency and does nothing else.
    if (!IsAgencyName(agency)) {
      v.push_back({"agency", "must be agencies/{id} for an agency's user"});
    }
  } else if (roles.empty() || !std::all_of(roles.begin(), roles.end(), IsPersonRole)) {
    v.push_back({"roles",
                 "must be one or more of DISKOMINFO_OP, BSRE_OP, VERIFIER, AUDITOR, ADMIN, or "
                 "AGENCY alone"});
  } else if (!agency.empty()) {
    v.push_back({"agency", "is only for an agency's user"});
  }
}

// The roles as the operator's hash keeps them: "ROLE_VERIFIER,ROLE_ADMIN".
std::string StoredRoles(const std::vector<Role>& roles) {
  return absl::StrJoin(roles, ",",
                       [](std::string* out, Role r) { out->append(ams::type::v1::Role_Name(r)); });
}

}  // namespace

absl::Status SignInFailed() {
  return WithReason(absl::UnauthenticatedError("the operator name or the password is wrong"),
                    ams::type::v1::ERROR_REASON_LOGIN_FAILED);
}

absl::StatusOr<pb::Operator> Operators::Create(const std::string& name,
                                               const std::string& display_name,
                                               const std::vector<Role>& roles,
                                               const std::string& password,
                                               const std::string& agency) {
  const std::string id = OperatorId(name);
  std::vector<FieldViolation> v;
  if (id.empty())
    v.push_back({"operator", "must be operators/{id}: lowercase letters, digits, . _ -"});
  if (display_name.empty() || display_name.size() > 120) {
    v.push_back({"display_name", "is required (at most 120 characters)"});
  }
  CheckRoles(roles, agency, v);
  if (password.size() < kMinPasswordLength || password.size() > 256) {
    v.push_back({"password", absl::StrCat("must be ", kMinPasswordLength, " to 256 characters")});
  }
  if (!v.empty()) return InvalidFields(v);
  ASSIGN_OR_RETURN(std::string hash, hasher_->Hash(password));
  ASSIGN_OR_RETURN(KvReply created, kv_->Run({"HSETNX", Key(id), "password_hash", hash}));
  // Listed, also when it exists already (made before there was a list).
  RETURN_IF_ERROR(kv_->Run({"SADD", kIndex, id}).status());
  if (created.integer == 0) {
    return WithReason(absl::AlreadyExistsError(absl::StrCat("operators/", id, " exists")),
                      ams::type::v1::ERROR_REASON_INVALID_STATE);
  }
  RETURN_IF_ERROR(kv_->Run({"HSET", Key(id), "display_name", display_name, "roles",
                            StoredRoles(roles), "agency", agency})
                      .status());
  return Get(id);
}

absl::StatusOr<pb::Operator> Operators::Get(const std::string& name) {
  const std::string id = OperatorId(name);
  if (id.empty()) return absl::NotFoundError(absl::StrCat(name, " does not exist"));
  ASSIGN_OR_RETURN(KvReply reply, kv_->Run({"HGETALL", Key(id)}));
  pb::Operator op;
  bool found = false;
  for (auto& [field, value] : HashPairs(reply)) {
    found = true;
    if (field == "display_name") op.set_display_name(value);
    if (field == "agency") op.set_agency(value);
    if (field != "roles") continue;
    for (absl::string_view r : absl::StrSplit(value, ',', absl::SkipEmpty())) {
      Role role;
      if (ams::type::v1::Role_Parse(std::string(r), &role)) op.add_roles(role);
    }
  }
  if (!found || op.roles().empty()) {
    return absl::NotFoundError(absl::StrCat("operators/", id, " does not exist"));
  }
  op.set_name(absl::StrCat("operators/", id));
  return op;
}

absl::StatusOr<std::vector<pb::Operator>> Operators::List() {
  ASSIGN_OR_RETURN(KvReply ids, kv_->Run({"SMEMBERS", kIndex}));
  std::vector<pb::Operator> out;
  for (const KvReply& id : ids.elements) {
    absl::StatusOr<pb::Operator> op = Get(id.str);
    if (absl::IsNotFound(op.status())) continue;  // removed meanwhile
    RETURN_IF_ERROR(op.status());
    out.push_back(*std::move(op));
  }
  std::sort(out.begin(), out.end(),
            [](const pb::Operator& a, const pb::Operator& b) { return a.name() < b.name(); });
  return out;
}

absl::StatusOr<pb::Operator> Operators::Update(const std::string& name,
                                               const std::string& display_name,
                                               const std::vector<Role>& roles,
                                               const std::string& agency) {
  ASSIGN_OR_RETURN(pb::Operator op, Get(name));
  std::vector<FieldViolation> v;
  if (display_name.empty() || display_name.size() > 120) {
    v.push_back({"display_name", "is required (at most 120 characters)"});
  }
  CheckRoles(roles, agency, v);
  if (!v.empty()) return InvalidFields(v);
  RETURN_IF_ERROR(kv_->Run({"HSET", Key(OperatorId(op.name())), "display_name", display_name,
                            "roles", StoredRoles(roles), "agency", agency})
                      .status());
  return Get(op.name());
}

absl::Status Operators::SetPassword(const std::string& name, const std::string& password) {
  ASSIGN_OR_RETURN(pb::Operator op, Get(name));
  if (password.size() < kMinPasswordLength || password.size() > 256) {
    return InvalidFields(
        {{"password", absl::StrCat("must be ", kMinPasswordLength, " to 256 characters")}});
  }
  ASSIGN_OR_RETURN(std::string hash, hasher_->Hash(password));
  return kv_->Run({"HSET", Key(OperatorId(op.name())), "password_hash", hash}).status();
}

absl::Status Operators::Remove(const std::string& name) {
  ASSIGN_OR_RETURN(pb::Operator op, Get(name));
  const std::string id = OperatorId(op.name());
  return kv_->Transaction({{"DEL", Key(id)}, {"SREM", kIndex, id}}).status();
}

absl::Status Operators::Throttled(const std::string& id, const std::string& address) {
  for (auto [key, limit] : {std::pair{OperatorFailures(id, address), limits_.per_operator},
                            {AddressFailures(address), limits_.per_address}}) {
    ASSIGN_OR_RETURN(KvReply count, kv_->Run({"GET", key}));
    int64_t n = 0;
    if (!count.is_nil() && absl::SimpleAtoi(count.str, &n) && n >= limit) {
      return WithReason(absl::ResourceExhaustedError("too many failed sign-ins; try again later"),
                        ams::type::v1::ERROR_REASON_RATE_LIMITED);
    }
  }
  return absl::OkStatus();
}

absl::Status Operators::CountFailure(const std::string& name, const std::string& address) {
  const std::string id = name == "-" ? name : OperatorId(name);
  const std::string window = absl::StrCat(absl::ToInt64Milliseconds(limits_.window));
  for (const std::string& key : {OperatorFailures(id, address), AddressFailures(address)}) {
    // The window starts at the first failure. One transaction per key: a key that expired
    // between the two would otherwise be counted again without an expiry, for ever.
    RETURN_IF_ERROR(
        kv_->Transaction({{"SET", key, "0", "NX", "PX", window}, {"INCR", key}}).status());
  }
  return absl::OkStatus();
}

absl::StatusOr<pb::Operator> Operators::SignIn(const std::string& name, const std::string& password,
                                               const std::string& address) {
  std::string id = OperatorId(name);
  if (password.empty() || password.size() > 256) {
    return InvalidFields({{"password", "is required (at most 256 characters)"}});
  }
  // An unknown or malformed name is throttled and answered like a wrong password.
  const std::string counted = id.empty() ? "-" : id;
  RETURN_IF_ERROR(Throttled(counted, address));
  std::string hash;
  if (!id.empty()) {
    ASSIGN_OR_RETURN(KvReply stored, kv_->Run({"HGET", Key(id), "password_hash"}));
    if (!stored.is_nil()) hash = stored.str;
  }
  const bool ok =
      hash.empty() ? (hasher_->VerifyDecoy(password), false) : hasher_->Verify(hash, password);
  if (!ok) {
    RETURN_IF_ERROR(CountFailure(counted, address));
    return SignInFailed();
  }
  return Get(id);
}

absl::Status Operators::SignedIn(const std::string& name, const std::string& address) {
  return kv_->Run({"DEL", OperatorFailures(OperatorId(name), address)}).status();
}

}  // namespace ams::gateway
