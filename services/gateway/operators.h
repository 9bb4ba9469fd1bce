// The operators who sign in at the gateway (DESIGN §7): Diskominfo's and BSrE's operators,
// verifiers, auditors, admins, and agencies' users (agencies without a system of their own
// submit at the gateway); a person may hold several roles. Passwords are Argon2id hashes.
// Signing in is throttled per operator and per address, and answers the same for an unknown
// operator and a wrong password.
//
// Redis keys:
//   gateway:operator:<id>          hash: display_name, roles (comma-separated), agency,
//                                  password_hash
//   gateway:operators              set of every operator's id
//   gateway:failures:op:<id>:<addr>  failed sign-ins on the operator from the address (TTL)
//   gateway:failures:addr:<addr>   failed sign-ins from the address in the window (TTL)
#ifndef AMS_SERVICES_GATEWAY_OPERATORS_H_
#define AMS_SERVICES_GATEWAY_OPERATORS_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "ams/gateway/v1/session_service.pb.h"
#include "common/kv_store.h"
#include "common/password_hasher.h"

namespace ams::gateway {

// The one answer to every failed sign-in, whichever factor was wrong: nothing tells them apart.
absl::Status SignInFailed();

struct SignInLimits {
  int per_operator = 5;  // failures on one operator in the window
  int per_address = 20;  // failures from one address, on any operators
  absl::Duration window = absl::Minutes(15);
};

class Operators {
 public:
  Operators(KvStore* kv, const PasswordHasher* hasher, SignInLimits limits = {})
      : kv_(kv), hasher_(hasher), limits_(limits) {}

  // A new operator "operators/{id}" (INVALID_ARGUMENT for a bad id, role or short password;
  // ALREADY_EXISTS when there is one). An agency's user holds ROLE_AGENCY alone, with their
  // `agency` ("agencies/dinkes"); nobody else has one.
  absl::StatusOr<ams::gateway::v1::Operator> Create(const std::string& name,
                                                    const std::string& display_name,
                                                    const std::vector<ams::type::v1::Role>& roles,
                                                    const std::string& password,
                                                    const std::string& agency = "");
  // The operator whose password this is. UNAUTHENTICATED (reason LOGIN_FAILED) for an unknown
  // operator or a wrong password alike; RESOURCE_EXHAUSTED (RATE_LIMITED) past the limits.
  absl::StatusOr<ams::gateway::v1::Operator> SignIn(const std::string& name,
                                                    const std::string& password,
                                                    const std::string& address);
  // NOT_FOUND when there is none.
  absl::StatusOr<ams::gateway::v1::Operator> Get(const std::string& name);
  // Every operator, by name.
  absl::StatusOr<std::vector<ams::gateway::v1::Operator>> List();
  // New display name, roles and agency (the rules of Create); NOT_FOUND when there is none.
  absl::StatusOr<ams::gateway::v1::Operator> Update(const std::string& name,
                                                    const std::string& display_name,
                                                    const std::vector<ams::type::v1::Role>& roles,
                                                    const std::string& agency);
  absl::Status SetPassword(const std::string& name, const std::string& password);
  // The operator is gone: their sessions fail at next use (the gateway finds nobody).
  absl::Status Remove(const std::string& name);
  // A failed sign-in on "operators/{id}" from `address` (a wrong second-factor code), counted
  // like a wrong password.
  absl::Status CountFailure(const std::string& name, const std::string& address);
  // The whole sign-in (password and, if enrolled, second factor) succeeded: the operator's
  // failures from `address` are forgotten. Not SignIn's doing, or a right password would
  // reset the count of wrong codes.
  absl::Status SignedIn(const std::string& name, const std::string& address);

 private:
  absl::Status Throttled(const std::string& id, const std::string& address);

  KvStore* kv_;
  const PasswordHasher* hasher_;
  const SignInLimits limits_;
};

}  // namespace ams::gateway

#endif  // AMS_SERVICES_GATEWAY_OPERATORS_H_
