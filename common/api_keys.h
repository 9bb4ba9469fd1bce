// Who is calling: per-caller API keys ("authorization: Bearer <key>"), kept only as SHA-256
// hashes. Agencies' systems get role AGENCY and see only their agency's applications;
// operators and the services that act for them get their role.
//
// Key file format, one key per line ('#' starts a comment):
//   <sha256 hex of the key>  <role>  <subject>  [<agency>]
//   e.g.  9b74…e1  AGENCY         agencies/dinkes  agencies/dinkes
//         51a0…7c  DISKOMINFO_OP  operators/siti
// `ams-hash-key <key>` prints the hash of a key. A `services/…` subject takes a SERVICE_* or
// GATEWAY role and only it: a service key never acts as a person. The gateway's key names the
// person it acts for in each call (ActingPrincipal).
//
// Keys rotate and are revoked without a restart: with AMS_API_KEYS_FILE, ApiKeyFileWatcher
// re-reads the file when it changes (a Kubernetes Secret volume updates it in place). Rotation:
// add the new key's line, move the caller to it, remove the old line.
#ifndef AMS_COMMON_API_KEYS_H_
#define AMS_COMMON_API_KEYS_H_

#include <map>
#include <memory>
#include <set>
#include <string>
#include <thread>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "ams/type/v1/sop.pb.h"
#include "common/hashing.h"

namespace ams {

struct Principal {
  std::string subject;  // "agencies/dinkes", "operators/siti", "services/forwarding"
  ams::type::v1::Role role = ams::type::v1::ROLE_UNSPECIFIED;
  std::string agency;    // "agencies/dinkes" for ROLE_AGENCY, else empty
  std::string via = "";  // the gateway's subject when it acts for this person, else empty

  ams::type::v1::Actor ToActor() const;
};

// "agencies/{id}" as intake accepts an agency's name: lowercase letters, digits and "-".
bool IsAgencyName(absl::string_view name);

// The roles a person (an operator) holds, as opposed to an agency's system or a service.
bool IsPersonRole(ams::type::v1::Role role);

// "operators/siti" or "siti" -> "siti"; "" when it is not an operator's name.
std::string OperatorId(absl::string_view name);

// The metadata by which the gateway names the person it acts for.
inline constexpr char kActorHeader[] = "x-ams-actor";
inline constexpr char kActorRoleHeader[] = "x-ams-actor-role";
inline constexpr char kActorAgencyHeader[] = "x-ams-actor-agency";
// The address of the browser the gateway calls for, on calls that carry their own credential
// (ServePublicUnary in unary_call.h).
inline constexpr char kClientHeader[] = "x-ams-client";

// Who a call is from: `caller` itself when it names no actor (all empty); the named person
// ("operators/siti" in one of the operators' roles, e.g. "VERIFIER", or an agency's user in
// role "AGENCY" with their agency) when `caller` is the gateway. PERMISSION_DENIED when another
// caller names an actor, INVALID_ARGUMENT when the actor, role or agency is malformed.
absl::StatusOr<Principal> ActingPrincipal(const Principal& caller, absl::string_view actor,
                                          absl::string_view actor_role,
                                          absl::string_view actor_agency = "");

class ApiKeys {
 public:
  // INVALID_ARGUMENT naming the line that is malformed.
  static absl::StatusOr<ApiKeys> Parse(absl::string_view text);

  // From the authorization metadata value. UNAUTHENTICATED with reason API_KEY_MISSING or
  // API_KEY_INVALID.
  absl::StatusOr<Principal> Authenticate(absl::string_view authorization) const;
  size_t size() const;
  // The key file's keys are those of `other` from now on; calls in flight finish with the keys
  // they started with. Issued keys stay.
  void Replace(const ApiKeys& other);
  // A key an admin issued at the gateway (ams.access.v1), by its SHA-256 in hex, beside the
  // file's; and its revocation, for good (a revoked hash is never accepted again).
  void Issue(const std::string& sha256_hex, const Principal& holder);
  void Revoke(const std::string& sha256_hex);

 private:
  using ByHash = std::map<std::string, Principal>;
  std::shared_ptr<const ByHash> Current() const;
  void Merge() ABSL_EXCLUSIVE_LOCKS_REQUIRED(*mu_);
  std::unique_ptr<absl::Mutex> mu_ = std::make_unique<absl::Mutex>();
  std::shared_ptr<const ByHash> by_hash_ = std::make_shared<ByHash>();  // what callers use
  std::shared_ptr<const ByHash> file_ = std::make_shared<ByHash>();
  ByHash issued_;
  std::set<std::string> revoked_;
};

class Settings;
// AMS_API_KEYS_FILE's contents, or AMS_API_KEYS; `file` is the path ("" without one).
struct ApiKeySource {
  std::string text;
  std::string file;
};
ApiKeySource ReadApiKeySource(Settings& settings);

// Re-reads `path` every `interval` and replaces `keys` with its keys when it changed. A file
// that does not parse is logged and leaves the keys in force. Nothing to do for an empty path.
class ApiKeyFileWatcher {
 public:
  ApiKeyFileWatcher(ApiKeys* keys, std::string path, absl::Duration interval = absl::Seconds(5));
  ~ApiKeyFileWatcher();

 private:
  void Run(std::string applied);
  ApiKeys* keys_;
  const std::string path_;
  const absl::Duration interval_;
  absl::Mutex mu_;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::thread thread_;
};

}  // namespace ams

#endif  // AMS_COMMON_API_KEYS_H_
