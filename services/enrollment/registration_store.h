// Enrollment's state in Redis, one hash per application (all in its slot):
//   enrollment:{<app>}:record   registration (PendingRegistration), forwarded_by (Actor),
//                               existing_account, identity (Identity, once registered),
//                               link_hash, link_id, link_expire_ms, link_used,
//                               link_reminded, links_issued, version, request:<id> records
//   enrollment:pending          sorted set: forwarded, not yet registered (forward time)
//   enrollment:identities       sorted set: registered (registration time)
//   enrollment:link:<sha256>    the application a token hash belongs to (written once)
//   enrollment:username:<name>  the application holding a username
//   enrollment:document:<sha>   an uploaded document's bytes, content-addressed
//   enrollment:failures:<peer>:<minute>  failed token attempts, for rate limiting
#ifndef AMS_SERVICES_ENROLLMENT_REGISTRATION_STORE_H_
#define AMS_SERVICES_ENROLLMENT_REGISTRATION_STORE_H_

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "ams/enrollment/v1/enrollment_service.pb.h"
#include "common/kv_store.h"
#include "common/outbox.h"
#include "common/request_ids.h"
#include "services/enrollment/activation_link.h"

namespace ams::enrollment {

namespace pb = ams::enrollment::v1;

struct Record {
  std::string application_id;
  pb::PendingRegistration registration;
  ams::type::v1::Actor forwarded_by;
  std::string existing_account;
  std::optional<pb::Identity> identity;
  std::optional<std::string> link_hash;
  StoredLink link;
  int64_t links_issued = 0;  // numbers each link's mail (its Message-ID)
  int64_t version = 0;
  RequestHashes request_hashes;
};

class RegistrationStore {
 public:
  RegistrationStore(KvStore* kv, Outbox* outbox) : kv_(kv), outbox_(outbox) {}

  absl::StatusOr<std::optional<Record>> Get(const std::string& application_id);
  // The record whose current or past link has this token hash.
  absl::StatusOr<std::optional<Record>> GetByTokenHash(const std::string& token_hash);

  // Writes `after` (registration, identity, link) if the record is still at `before`'s
  // version (0: new), with events and extra commands in the same transaction.
  absl::Status Put(const std::optional<Record>& before, const Record& after,
                   std::vector<EventEnvelope> events, KvWrites extra = {});

  // Claims `username` for the application; false if another holds it.
  absl::StatusOr<bool> ClaimUsername(const std::string& username,
                                     const std::string& application_id);
  absl::Status PutDocument(const std::string& sha256, const std::string& bytes);
  absl::StatusOr<std::optional<std::string>> GetDocument(const std::string& sha256);

  // Counts one failed token attempt against `counter` ("token:<hash>", "identity:<id>");
  // returns the count this minute.
  absl::StatusOr<int64_t> CountFailure(const std::string& counter, absl::Time now);
  absl::StatusOr<int64_t> Failures(const std::string& counter, absl::Time now);

  // Application ids in `index` ("pending" or "identities") from `offset`.
  absl::StatusOr<std::vector<std::string>> Page(const std::string& index, int64_t offset,
                                                int64_t count);

  static std::string Key(const std::string& application_id);

 private:
  KvStore* kv_;
  Outbox* outbox_;
};

}  // namespace ams::enrollment

#endif  // AMS_SERVICES_ENROLLMENT_REGISTRATION_STORE_H_
