#include "services/gateway/connect_api.h"

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/rpc_status.h"
#include "google/protobuf/util/json_util.h"
#include "nlohmann/json.hpp"

namespace ams::gateway {

std::pair<const char*, http::status> ConnectCodeOf(absl::StatusCode code) {
  switch (code) {
    case absl::StatusCode::kCancelled:
      return {"canceled", http::status(499)};
    case absl::StatusCode::kInvalidArgument:
      return {"invalid_argument", http::status::bad_request};
    case absl::StatusCode::kDeadlineExceeded:
      return {"deadline_exceeded", http::status::gateway_timeout};
    case absl::StatusCode::kNotFound:
      return {"not_found", http::status::not_found};
    case absl::StatusCode::kAlreadyExists:
      return {"already_exists", http::status::conflict};
    case absl::StatusCode::kPermissionDenied:
      return {"permission_denied", http::status::forbidden};
    case absl::StatusCode::kResourceExhausted:
      return {"resource_exhausted", http::status::too_many_requests};
    case absl::StatusCode::kFailedPrecondition:
      return {"failed_precondition", http::status::precondition_failed};
    case absl::StatusCode::kAborted:
      return {"aborted", http::status::conflict};
    case absl::StatusCode::kOutOfRange:
      return {"out_of_range", http::status::bad_request};
    case absl::StatusCode::kUnimplemented:
      return {"unimplemented", http::status::not_implemented};
    case absl::StatusCode::kUnavailable:
      return {"unavailable", http::status::service_unavailable};
    case absl::StatusCode::kDataLoss:
      return {"data_loss", http::status::internal_server_error};
    case absl::StatusCode::kUnauthenticated:
      return {"unauthenticated", http::status::unauthorized};
    default:
      return {"internal", http::status::internal_server_error};
  }
}

namespace {

// A detail as Connect writes it: the type, the message's bytes (base64, unpadded), and the
// message as JSON for people reading the wire.
nlohmann::json Detail(const google::protobuf::Message& m) {
  std::string value = absl::Base64Escape(m.SerializeAsString());
  while (!value.empty() && value.back() == '=') value.pop_back();
  std::string debug;
  (void)google::protobuf::util::MessageToJsonString(m, &debug);
  return {{"type", m.GetDescriptor()->full_name()},
          {"value", value},
          {"debug", nlohmann::json::parse(debug, nullptr, false)}};
}

}  // namespace

HttpResponse ConnectError(const absl::Status& status, unsigned version) {
  // The same wording and details as the gRPC APIs (INTERNAL's message is not shown).
  const grpc::Status g = ToGrpcStatus(status);
  auto [code, http_status] = ConnectCodeOf(status.code());
  nlohmann::json body = {{"code", code}, {"message", g.error_message()}};
  nlohmann::json details = nlohmann::json::array();
  google::rpc::ErrorInfo info;
  if (GetErrorInfo(status, &info)) details.push_back(Detail(info));
  google::rpc::BadRequest bad;
  if (GetBadRequest(status, &bad)) details.push_back(Detail(bad));
  if (!details.empty()) body["details"] = details;
  HttpResponse r(http_status, version);
  r.set(http::field::content_type, "application/json");
  r.body() = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return r;
}

bool ConnectApi::Handles(const HttpRequest& request) const {
  const auto target = request.target();
  return absl::StartsWith(absl::string_view(target.data(), target.size()), "/ams.gateway.");
}

HttpResponse ConnectApi::Serve(const HttpRequest& request, const std::string& peer) const {
  auto it = methods_.find(std::string(request.target()));
  if (it == methods_.end()) {
    return ConnectError(
        absl::UnimplementedError(absl::StrCat("no method ", std::string(request.target()))),
        request.version());
  }
  if (request.method() != http::verb::post) {
    HttpResponse r = ConnectError(absl::UnimplementedError("use POST"), request.version());
    r.result(http::status::method_not_allowed);
    r.set(http::field::allow, "POST");
    return r;
  }
  const std::string content_type(request[http::field::content_type]);
  const std::string type = absl::AsciiStrToLower(content_type.substr(0, content_type.find(';')));
  if (type != "application/json") {
    HttpResponse r = ConnectError(
        absl::InvalidArgumentError("send the request as Content-Type: application/json"),
        request.version());
    r.result(http::status::unsupported_media_type);
    return r;
  }
  if (request["Connect-Protocol-Version"] != "1") {
    return ConnectError(
        WithReason(absl::PermissionDeniedError("send the header Connect-Protocol-Version: 1"),
                   ams::type::v1::ERROR_REASON_PERMISSION_DENIED),
        request.version());
  }
  std::unique_ptr<google::protobuf::Message> message(it->second.prototype->New());
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = false;
  const std::string body = request.body().empty() ? "{}" : request.body();
  if (!google::protobuf::util::JsonStringToMessage(body, message.get(), options).ok()) {
    return ConnectError(WithReason(absl::InvalidArgumentError(absl::StrCat(
                                       "the body is not a ", message->GetDescriptor()->full_name(),
                                       " in protobuf's JSON mapping")),
                                   ams::type::v1::ERROR_REASON_INVALID_FIELD),
                        request.version());
  }
  Call call{request, peer, {}};
  absl::StatusOr<std::unique_ptr<google::protobuf::Message>> answer =
      it->second.method(call, *message);
  HttpResponse r = answer.ok() ? HttpResponse(http::status::ok, request.version())
                               : ConnectError(answer.status(), request.version());
  for (const auto& [name, value] : call.response_headers) r.insert(name, value);
  if (!answer.ok()) return r;
  std::string json;
  if (!google::protobuf::util::MessageToJsonString(**answer, &json).ok()) {
    return ConnectError(absl::InternalError("the answer could not be written"), request.version());
  }
  r.set(http::field::content_type, "application/json");
  r.body() = std::move(json);
  return r;
}

}  // namespace ams::gateway
