#include "common/issued_api_keys.h"

#include <algorithm>

#include "common/cloud_event.h"
#include "common/logging.h"

namespace ams {

IssuedApiKeys::~IssuedApiKeys() {
  if (tail_ != nullptr) tail_->Stop();
}

absl::Status IssuedApiKeys::Follow(const KafkaOptions& options) {
  absl::StatusOr<std::unique_ptr<KafkaTail>> tail = KafkaTail::Start(
      options, {kAccessTopic}, [this](const ConsumedRecord& r) { Apply(r); }, /*from_start=*/true);
  if (!tail.ok()) return tail.status();
  tail_ = *std::move(tail);
  return absl::OkStatus();
}

void IssuedApiKeys::Apply(const ConsumedRecord& record) {
  absl::StatusOr<EventEnvelope> event =
      FromKafkaRecord(record.topic, record.key, record.value, record.headers);
  ams::gateway::v1::ApiKeyIssued issued;
  ams::gateway::v1::ApiKeyRevoked revoked;
  if (event.ok() && UnpackEvent(*event, &issued).ok() && issued.key_sha256().size() == 64) {
    {
      absl::MutexLock lock(&mu_);
      IssuedKey& entry = by_hash_[issued.key_sha256()];
      entry.issued = issued;
      if (entry.revoked.has_revoke_time()) return;  // revoked for good
    }
    keys_->Issue(issued.key_sha256(),
                 Principal{issued.agency(), ams::type::v1::ROLE_AGENCY, issued.agency()});
    return;
  }
  if (event.ok() && UnpackEvent(*event, &revoked).ok() && revoked.key_sha256().size() == 64) {
    keys_->Revoke(revoked.key_sha256());
    absl::MutexLock lock(&mu_);
    IssuedKey& entry = by_hash_[revoked.key_sha256()];
    entry.revoked = revoked;
    if (entry.issued.key_sha256().empty()) {
      // Compaction kept only the revocation: what the list shows comes from it.
      entry.issued.set_key_sha256(revoked.key_sha256());
      entry.issued.set_agency(revoked.agency());
      entry.issued.set_label(revoked.label());
      *entry.issued.mutable_issue_time() = revoked.issue_time();
      entry.issued.set_issued_by(revoked.issued_by());
    }
    return;
  }
  LogWarning("ignored a record on the access topic that is no access event",
             {{"offset", std::to_string(record.offset)}});
}

std::vector<IssuedKey> IssuedApiKeys::List() const {
  std::vector<IssuedKey> out;
  {
    absl::MutexLock lock(&mu_);
    for (const auto& [hash, key] : by_hash_) out.push_back(key);
  }
  std::sort(out.begin(), out.end(), [](const IssuedKey& a, const IssuedKey& b) {
    return a.issued.issue_time().seconds() > b.issued.issue_time().seconds();
  });
  return out;
}

bool IssuedApiKeys::Seen(const std::string& sha256_hex, bool revoked) const {
  absl::MutexLock lock(&mu_);
  auto it = by_hash_.find(sha256_hex);
  return it != by_hash_.end() && (!revoked || it->second.revoked.has_revoke_time());
}

}  // namespace ams
