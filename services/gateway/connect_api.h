// The dashboard's API as Connect unary JSON (connectrpc.com/docs/protocol): POST
// /<package>.<Service>/<Method> with `Content-Type: application/json`, the body in protobuf's
// JSON mapping (protobuf's own json_util, unknown fields refused), and
// `Connect-Protocol-Version: 1`. A page of another site can send neither that content type nor
// that header without a CORS preflight this server never grants: with SameSite cookies, that
// is the CSRF defence. Errors are `{code, message, details}` with Connect's codes and the same
// google.rpc details (ErrorInfo reason, BadRequest fields) as the gRPC APIs.
#ifndef AMS_SERVICES_GATEWAY_CONNECT_API_H_
#define AMS_SERVICES_GATEWAY_CONNECT_API_H_

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "google/protobuf/message.h"
#include "services/gateway/http_server.h"

namespace ams::gateway {

// One API call as its method sees it.
struct Call {
  const HttpRequest& http;
  std::string peer;                                                   // the client's address
  std::vector<std::pair<std::string, std::string>> response_headers;  // e.g. Set-Cookie
};

class ConnectApi {
 public:
  // `request` is the parsed body; the answer is the response message or a status.
  using Method = std::function<absl::StatusOr<std::unique_ptr<google::protobuf::Message>>(
      Call& call, const google::protobuf::Message& request)>;

  // `path` is "/ams.gateway.v1.SessionService/GetSession"; the request's type is the
  // method's input type in the generated descriptor pool.
  template <typename Request, typename Response>
  void Register(const std::string& path,
                std::function<absl::StatusOr<Response>(Call&, const Request&)> f) {
    methods_.insert_or_assign(
        path, Entry{&Request::default_instance(),
                    [f = std::move(f)](Call& call, const google::protobuf::Message& m)
                        -> absl::StatusOr<std::unique_ptr<google::protobuf::Message>> {
                      absl::StatusOr<Response> r = f(call, static_cast<const Request&>(m));
                      if (!r.ok()) return r.status();
                      return std::make_unique<Response>(*std::move(r));
                    }});
  }

  bool Handles(const HttpRequest& request) const;
  HttpResponse Serve(const HttpRequest& request, const std::string& peer) const;

 private:
  struct Entry {
    const google::protobuf::Message* prototype;
    Method method;
  };
  std::map<std::string, Entry, std::less<>> methods_;
};

// Connect's code name ("not_found") and HTTP status (404) for a status
// (connectrpc.com/docs/protocol#error-codes).
std::pair<const char*, http::status> ConnectCodeOf(absl::StatusCode code);

// The Connect error body for `status`, and its HTTP status.
HttpResponse ConnectError(const absl::Status& status, unsigned version);

}  // namespace ams::gateway

#endif  // AMS_SERVICES_GATEWAY_CONNECT_API_H_
