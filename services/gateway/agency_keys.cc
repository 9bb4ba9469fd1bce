#include "services/gateway/agency_keys.h"

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "common/cloud_event.h"
#include "common/hashing.h"
#include "common/kafka_event_bus.h"
#include "common/rpc_status.h"
#include "common/status_macros.h"
#include "common/text_rules.h"
#include "re2/re2.h"

namespace ams::gateway {
namespace {

namespace pb = ams::gateway::v1;

pb::AgencyKey Shown(const IssuedKey& k) {
  pb::AgencyKey key;
  key.set_name(absl::StrCat("agencyKeys/", k.issued.key_sha256()));
  key.set_agency(k.issued.agency());
  key.set_label(k.issued.label());
  *key.mutable_issue_time() = k.issued.issue_time();
  key.set_issued_by(k.issued.issued_by());
  if (k.revoked.has_revoke_time()) {
    *key.mutable_revoke_time() = k.revoked.revoke_time();
    key.set_revoked_by(k.revoked.revoked_by());
  }
  return key;
}

absl::StatusOr<IssuedKey> Find(const IssuedApiKeys& issued, absl::string_view name) {
  absl::string_view hash = name;
  if (absl::ConsumePrefix(&hash, "agencyKeys/") && hash.size() == 64) {
    for (const IssuedKey& k : issued.List()) {
      if (k.issued.key_sha256() == hash) return k;
    }
  }
  return WithReason(absl::NotFoundError(absl::StrCat(name, " is no agency key")),
                    ams::type::v1::ERROR_REASON_NOT_FOUND);
}

}  // namespace

absl::Status AgencyKeys::Publish(const std::string& sha256_hex,
                                 const google::protobuf::Message& message, bool revoked) {
  EventEnvelope event = MakeEvent("gateway", sha256_hex, message, clock_->Now(), *random_);
  event.set_topic(kAccessTopic);
  std::vector<absl::Status> published = publisher_->PublishAll({event});
  if (published.empty() || !published[0].ok()) {
    return WithReason(absl::UnavailableError("the key could not be recorded; try again"),
                      ams::type::v1::ERROR_REASON_DEPENDENCY_UNAVAILABLE);
  }
  for (int i = 0; i < 100 && !issued_->Seen(sha256_hex, revoked); ++i) {
    absl::SleepFor(absl::Milliseconds(50));
  }
  return absl::OkStatus();
}

absl::StatusOr<pb::ListAgencyKeysResponse> AgencyKeys::List(const Admin&,
                                                            const pb::ListAgencyKeysRequest&) {
  pb::ListAgencyKeysResponse response;
  for (const IssuedKey& k : issued_->List()) *response.add_keys() = Shown(k);
  return response;
}

absl::StatusOr<pb::CreateAgencyKeyResponse> AgencyKeys::Create(
    const Admin& admin, const pb::CreateAgencyKeyRequest& r) {
  std::vector<FieldViolation> v;
  if (!IsAgencyName(r.agency())) {
    v.push_back({"agency", "must be agencies/{id}: lowercase letters, digits, -"});
  }
  absl::StatusOr<std::string> label = NormalizeText(r.label(), 100);
  if (!label.ok()) v.push_back({"label", std::string(label.status().message())});
  if (!v.empty()) return InvalidFields(v);
  const std::string api_key = absl::StrCat("ams_", absl::WebSafeBase64Escape(random_->Bytes(32)));
  pb::ApiKeyIssued issued;
  issued.set_key_sha256(Sha256Hex(api_key));
  issued.set_agency(r.agency());
  issued.set_label(*label);
  *issued.mutable_issue_time() = ToTimestamp(clock_->Now());
  issued.set_issued_by(admin.name());
  RETURN_IF_ERROR(Publish(issued.key_sha256(), issued, false));
  pb::CreateAgencyKeyResponse response;
  *response.mutable_key() = Shown({issued, {}});
  response.set_api_key(api_key);
  return response;
}

absl::StatusOr<pb::AgencyKey> AgencyKeys::Revoke(const Admin& admin,
                                                 const pb::RevokeAgencyKeyRequest& r) {
  ASSIGN_OR_RETURN(IssuedKey key, Find(*issued_, r.name()));
  if (key.revoked.has_revoke_time()) return Shown(key);  // already: the same answer again
  pb::ApiKeyRevoked revoked;
  revoked.set_key_sha256(key.issued.key_sha256());
  revoked.set_agency(key.issued.agency());
  revoked.set_label(key.issued.label());
  *revoked.mutable_issue_time() = key.issued.issue_time();
  revoked.set_issued_by(key.issued.issued_by());
  *revoked.mutable_revoke_time() = ToTimestamp(clock_->Now());
  revoked.set_revoked_by(admin.name());
  RETURN_IF_ERROR(Publish(revoked.key_sha256(), revoked, true));
  key.revoked = revoked;
  return Shown(key);
}

}  // namespace ams::gateway
