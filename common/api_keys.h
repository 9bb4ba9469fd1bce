// Who is calling: per-caller API keys ("authorization: Bearer <key>"), kept only as SHA-256
// hashes. Agencies' systems get role AGENCY and see only their agency's applications;
// operators and the services that act for them get their role.
//
// Key file format, one key per line ('#' starts a comment):
//   <sha256 hex of the key>  <role>  <subject>  [<agency>]
//   e.g.  9b74…e1  AGENCY         agencies/dinkes  agencies/dinkes
//         51a0…7c  DISKOMINFO_OP  operators/siti
// `ams-hash-key <key>` prints the hash of a key.
#ifndef AMS_COMMON_API_KEYS_H_
#define AMS_COMMON_API_KEYS_H_

#include <map>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "ams/type/v1/sop.pb.h"
#include "common/hashing.h"

namespace ams {

struct Principal {
  std::string subject;  // "agencies/dinkes", "operators/siti", "services/forwarding"
  ams::type::v1::Role role = ams::type::v1::ROLE_UNSPECIFIED;
  std::string agency;  // "agencies/dinkes" for ROLE_AGENCY, else empty

  ams::type::v1::Actor ToActor() const;
};

class ApiKeys {
 public:
  // INVALID_ARGUMENT naming the line that is malformed.
  static absl::StatusOr<ApiKeys> Parse(absl::string_view text);

  // From the authorization metadata value. UNAUTHENTICATED with reason API_KEY_MISSING or
  // API_KEY_INVALID.
  absl::StatusOr<Principal> Authenticate(absl::string_view authorization) const;
  size_t size() const { return by_hash_.size(); }

 private:
  std::map<std::string, Principal> by_hash_;
};

}  // namespace ams

#endif  // AMS_COMMON_API_KEYS_H_
