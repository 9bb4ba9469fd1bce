#include "services/gateway/gateway.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include "ams/gateway/v1/session_service.pb.h"
#include "common/rpc_status.h"

namespace ams::gateway {
namespace {

namespace pb = ams::gateway::v1;

// Registers `f` for `method`, which must be in kMethodRoles (checked at start: a method
// without a rule is a programming error, not a request to answer).
template <typename Request, typename Response>
void Add(ConnectApi& api, const char* method,
         std::function<absl::StatusOr<Response>(const HttpRequest&, const Request&)> f) {
  const bool ruled =
      std::any_of(kMethodRoles.begin(), kMethodRoles.end(),
                  [&](const MethodRoles& m) { return std::string(m.method) == method; });
  if (!ruled) {
    std::fprintf(stderr, "gateway: %s has no entry in kMethodRoles\n", method);
    std::abort();
  }
  api.Register<Request, Response>(method, std::move(f));
}

}  // namespace

const std::vector<MethodRoles> kMethodRoles = {
    {"/ams.gateway.v1.SessionService/GetSession", {}},
};

void AddSecurityHeaders(HttpResponse& r) {
  r.set("Content-Security-Policy",
        "default-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; "
        "form-action 'self'");
  r.set("X-Content-Type-Options", "nosniff");
  r.set("Referrer-Policy", "no-referrer");
  r.set("Cross-Origin-Opener-Policy", "same-origin");
  r.set("Cross-Origin-Resource-Policy", "same-origin");
  r.set(http::field::server, "ams-gateway");
}

Gateway::Gateway(std::string web_root) : web_(std::move(web_root)) {
  Add<pb::GetSessionRequest, pb::GetSessionResponse>(
      api_, "/ams.gateway.v1.SessionService/GetSession",
      [](const HttpRequest&,
         const pb::GetSessionRequest&) -> absl::StatusOr<pb::GetSessionResponse> {
        // Operators' sign-in is the next slice of issue 12; until then nobody is signed in.
        return WithReason(absl::UnauthenticatedError("sign in first"),
                          ams::type::v1::ERROR_REASON_SESSION_INVALID);
      });
}

HttpResponse Gateway::Handle(const HttpRequest& request) const {
  HttpResponse response = api_.Handles(request) ? api_.Serve(request) : web_.Serve(request);
  response.keep_alive(request.keep_alive());
  AddSecurityHeaders(response);
  return response;
}

}  // namespace ams::gateway
