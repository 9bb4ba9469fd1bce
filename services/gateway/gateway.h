// What the gateway answers on its one port: the dashboard's API (Connect, connect_api.h) and
// the built web app (static_files.h), every response with the security headers below.
//
// Authorization is deny by default: kMethodRoles names the roles of every API method, and a
// method that is not in it cannot be registered.
#ifndef AMS_SERVICES_GATEWAY_GATEWAY_H_
#define AMS_SERVICES_GATEWAY_GATEWAY_H_

#include <string>
#include <vector>

#include "ams/type/v1/sop.pb.h"
#include "services/gateway/connect_api.h"
#include "services/gateway/http_server.h"
#include "services/gateway/static_files.h"

namespace ams::gateway {

struct MethodRoles {
  const char* method;  // "/ams.gateway.v1.SessionService/GetSession"
  // Any one of these may call it; empty: any signed-in operator.
  std::vector<ams::type::v1::Role> roles;
};
extern const std::vector<MethodRoles> kMethodRoles;

// Content-Security-Policy and friends: no script, style or frame from elsewhere, never framed.
void AddSecurityHeaders(HttpResponse& response);

class Gateway {
 public:
  explicit Gateway(std::string web_root);
  HttpResponse Handle(const HttpRequest& request) const;

 private:
  StaticFiles web_;
  ConnectApi api_;
};

}  // namespace ams::gateway

#endif  // AMS_SERVICES_GATEWAY_GATEWAY_H_
