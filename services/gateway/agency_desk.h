// What an agency's user does at the gateway (ams.gateway.v1.AgencyService): SOP step 1 through
// intake's own SubmitApplication, acting as the agency (role AGENCY, the user's agency), so
// intake applies to the page exactly what it applies to an agency's system.
#ifndef AMS_SERVICES_GATEWAY_AGENCY_DESK_H_
#define AMS_SERVICES_GATEWAY_AGENCY_DESK_H_

#include "absl/status/statusor.h"
#include "ams/gateway/v1/agency_service.pb.h"
#include "ams/gateway/v1/session_service.pb.h"
#include "services/gateway/service_clients.h"

namespace ams::gateway {

class AgencyDesk {
 public:
  explicit AgencyDesk(ServiceClients* services) : services_(services) {}

  absl::StatusOr<v1::SubmittedApplication> Submit(const v1::Operator& user,
                                                  const v1::SubmitApplicationRequest& r);
  absl::StatusOr<v1::ListApplicationsResponse> List(const v1::Operator& user,
                                                    const v1::ListApplicationsRequest& r);

 private:
  ServiceClients* services_;
};

}  // namespace ams::gateway

#endif  // AMS_SERVICES_GATEWAY_AGENCY_DESK_H_
