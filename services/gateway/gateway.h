// What the gateway answers on its one port: the dashboard's API (Connect, connect_api.h) and
// the built web app (static_files.h), every response with the security headers below.
//
// Authorization is deny by default: kMethodRoles names who may call every API method, and a
// method that is not in it cannot be registered. Operators are known by their session cookie
// (`__Host-ams_session`: Secure, HttpOnly, SameSite=Strict, Path=/).
#ifndef AMS_SERVICES_GATEWAY_GATEWAY_H_
#define AMS_SERVICES_GATEWAY_GATEWAY_H_

#include <string>
#include <vector>

#include "ams/type/v1/sop.pb.h"
#include "services/gateway/connect_api.h"
#include "services/gateway/http_server.h"
#include "services/gateway/operators.h"
#include "services/gateway/sessions.h"
#include "services/gateway/static_files.h"

namespace ams::gateway {

inline constexpr char kSessionCookie[] = "__Host-ams_session";

struct MethodRoles {
  const char* method;  // "/ams.gateway.v1.SessionService/GetSession"
  bool signed_in;      // false: anyone (signing in, out)
  // With signed_in, any one of these may call it; empty: any signed-in operator.
  std::vector<ams::type::v1::Role> roles;
};
extern const std::vector<MethodRoles> kMethodRoles;

// Content-Security-Policy and friends: no script, style or frame from elsewhere, never framed.
void AddSecurityHeaders(HttpResponse& response);

// The value of cookie `name` in the request's Cookie headers, or "".
std::string CookieOf(const HttpRequest& request, absl::string_view name);

// Who calls a method that needs a session (empty for one anyone may call).
struct Caller {
  ams::gateway::v1::Operator op;
  Session session;
};

class Gateway {
 public:
  Gateway(std::string web_root, Operators* operators, Sessions* sessions);
  HttpResponse Handle(const HttpRequest& request, const std::string& peer) const;

 private:
  // Registers `f` for `method` behind its rule in kMethodRoles; `f` gets the caller (empty
  // for a method anyone may call).
  template <typename Request, typename Response>
  void Add(const char* method,
           std::function<absl::StatusOr<Response>(Call&, const Caller&, const Request&)> f);

  StaticFiles web_;
  ConnectApi api_;
  Operators* operators_;
  Sessions* sessions_;
};

}  // namespace ams::gateway

#endif  // AMS_SERVICES_GATEWAY_GATEWAY_H_
