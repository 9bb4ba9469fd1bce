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
#include "services/gateway/agency_desk.h"
#include "services/gateway/agency_keys.h"
#include "services/gateway/applicant_desk.h"
#include "services/gateway/connect_api.h"
#include "services/gateway/http_server.h"
#include "services/gateway/live_updates.h"
#include "services/gateway/operator_admin.h"
#include "services/gateway/operators.h"
#include "services/gateway/second_factor.h"
#include "services/gateway/sessions.h"
#include "services/gateway/static_files.h"
#include "services/gateway/work_desk.h"

namespace ams::gateway {

inline constexpr char kSessionCookie[] = "__Host-ams_session";
// Applicants' sessions (applicant_sessions.h): the activation page's, and the account's.
inline constexpr char kActivationCookie[] = "__Host-ams_activation";
inline constexpr char kAccountCookie[] = "__Host-ams_account";

// The page the mailed activation link opens, GET /aktivasi?token=…: answered with a redirect
// to the page without the token (into an activation session), to "?status=limited" after too
// many tries, or to the bare page (which says the link cannot be used).
inline constexpr char kActivationPath[] = "/aktivasi";

struct MethodRoles {
  // "/ams.gateway.v1.SessionService/GetSession", or a document path's prefix
  // ("/documents/letters/").
  const char* method;
  bool signed_in;  // false: anyone (signing in, out)
  // With signed_in, any one of these may call it; empty: any signed-in operator.
  std::vector<ams::type::v1::Role> roles;
  // Whether an operator whose roles need a second factor may call it before enrolling one.
  bool before_second_factor = false;
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
  ams::gateway::v1::SecondFactorState second_factor;
};

// Live updates (Server-Sent Events): GET /events.
inline constexpr char kEventsPath[] = "/events";

// Documents (kLettersPath, kCaseDocumentsPath in work_desk.h), GET only. Any other path under
// /documents/ is not found.

// What the gateway answers with, each owned by the caller.
struct GatewayParts {
  Operators* operators;
  Sessions* sessions;
  SecondFactor* second_factor;
  WorkDesk* work;
  LiveUpdates* live;
  ApplicantDesk* applicants;
  AgencyDesk* agencies;
  OperatorAdmin* admin;
  AgencyKeys* agency_keys;
};

class Gateway {
 public:
  Gateway(std::string web_root, GatewayParts parts);
  // Every request: the live updates' stream, or Handle's response.
  HttpReply Serve(const HttpRequest& request, const std::string& peer) const;
  HttpResponse Handle(const HttpRequest& request, const std::string& peer) const;

 private:
  // The signed-in operator of `request` if `rule` lets them in: UNAUTHENTICATED without a
  // live session, PERMISSION_DENIED when their roles are not the rule's.
  absl::StatusOr<Caller> Authorize(const MethodRoles& rule, const HttpRequest& request) const;
  // Whether the operator has a second factor, and whether their roles need one.
  absl::StatusOr<v1::SecondFactorState> SecondFactorOf(const v1::Operator& op) const;
  // A document, streamed so that it cannot run as a page of this origin: sandboxed by its
  // own Content-Security-Policy, never sniffed, named for saving.
  HttpResponse ServeDocument(const HttpRequest& request) const;
  // GET /aktivasi?token=…
  HttpResponse OpenActivation(const HttpRequest& request, const std::string& token,
                              const std::string& peer) const;
  // The ApplicantService's methods.
  void AddApplicantMethods();
  // A WorkService method that takes the operator and the request.
  template <typename Request, typename Response>
  void AddWork(const std::string& method,
               absl::StatusOr<Response> (WorkDesk::*f)(const v1::Operator&, const Request&));

  // An AdminService method of `desk` that takes the admin and the request.
  template <typename Desk, typename Request, typename Response>
  void AddAdmin(const char* name, Desk* desk,
                absl::StatusOr<Response> (Desk::*f)(const v1::Operator&, const Request&));

  // Registers `f` for `method` behind its rule in kMethodRoles; `f` gets the caller (empty
  // for a method anyone may call).
  template <typename Request, typename Response>
  void Add(const std::string& method,
           std::function<absl::StatusOr<Response>(Call&, const Caller&, const Request&)> f);

  StaticFiles web_;
  ConnectApi api_;
  Operators* operators_;
  Sessions* sessions_;
  SecondFactor* second_factor_;
  WorkDesk* work_;
  LiveUpdates* live_;
  ApplicantDesk* applicants_;
  AgencyDesk* agencies_;
  OperatorAdmin* admin_;
  AgencyKeys* agency_keys_;
};

}  // namespace ams::gateway

#endif  // AMS_SERVICES_GATEWAY_GATEWAY_H_
