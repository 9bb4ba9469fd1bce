// The list of common and breached passwords a new password must not be (NIST SP 800-63B
// §5.1.1.2), read once at start from the file deploy/passwords/fetch.sh writes (zxcvbn-ts's
// list, lowercased, one a line).
#ifndef AMS_SERVICES_CREDENTIAL_COMMON_PASSWORDS_H_
#define AMS_SERVICES_CREDENTIAL_COMMON_PASSWORDS_H_

#include <string>

#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace ams::credential {

class CommonPasswords {
 public:
  // Reads `path`; an unreadable or empty list is an error (production must not run without).
  static absl::StatusOr<CommonPasswords> Load(const std::string& path);
  // From passwords already in memory (tests); they are lowercased here.
  explicit CommonPasswords(absl::flat_hash_set<std::string> passwords);

  // True if `password`, lowercased, is in the list, or is a listed one with digits or symbols
  // appended ("Password123!" is "password123" or "password" dressed up).
  bool Contains(absl::string_view password) const;
  size_t size() const { return passwords_.size(); }

 private:
  absl::flat_hash_set<std::string> passwords_;
};

}  // namespace ams::credential

#endif  // AMS_SERVICES_CREDENTIAL_COMMON_PASSWORDS_H_
