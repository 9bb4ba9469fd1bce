// Agencies' API keys as the admin manages them (ams.gateway.v1.AdminService's key methods): a
// new key is 256 random bits shown once; what is published (ams.access.v1, read by every
// service) and kept is its SHA-256 (common/issued_api_keys.h). The topic is the record: the
// key is answered only after the broker acknowledged its issue, so a key that was shown works.
#ifndef AMS_SERVICES_GATEWAY_AGENCY_KEYS_H_
#define AMS_SERVICES_GATEWAY_AGENCY_KEYS_H_

#include "absl/status/statusor.h"
#include "ams/gateway/v1/admin_service.pb.h"
#include "common/clock.h"
#include "common/event_bus.h"
#include "common/issued_api_keys.h"
#include "common/random.h"

namespace ams::gateway {

class AgencyKeys {
 public:
  AgencyKeys(EventPublisher* publisher, IssuedApiKeys* issued, Clock* clock, RandomSource* random)
      : publisher_(publisher), issued_(issued), clock_(clock), random_(random) {}

  using Admin = v1::Operator;
  absl::StatusOr<v1::ListAgencyKeysResponse> List(const Admin& admin,
                                                  const v1::ListAgencyKeysRequest& r);
  absl::StatusOr<v1::CreateAgencyKeyResponse> Create(const Admin& admin,
                                                     const v1::CreateAgencyKeyRequest& r);
  absl::StatusOr<v1::AgencyKey> Revoke(const Admin& admin, const v1::RevokeAgencyKeyRequest& r);

 private:
  // Publishes `event` keyed by the key's hash and waits (a few seconds at most) until this
  // gateway's follower has read it back (issued, or `revoked`), so the list shows it.
  absl::Status Publish(const std::string& sha256_hex, const google::protobuf::Message& event,
                       bool revoked);

  EventPublisher* publisher_;
  IssuedApiKeys* issued_;
  Clock* clock_;
  RandomSource* random_;
};

}  // namespace ams::gateway

#endif  // AMS_SERVICES_GATEWAY_AGENCY_KEYS_H_
