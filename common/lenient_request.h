// Requests that protobuf refuses to parse still reach the service, so that the caller learns
// why: gRPC's callback API answers a request it cannot deserialize with UNIMPLEMENTED and no
// message. The usual cause is a string field that is not UTF-8 (proto3 requires it), which is
// answered INVALID_ARGUMENT naming the field, like every other invalid input.
//
// AMS_SERVE_UNARY (unary_call.h) installs LenientHandler for each method it serves.
#ifndef AMS_COMMON_LENIENT_REQUEST_H_
#define AMS_COMMON_LENIENT_REQUEST_H_

#include <functional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "common/rpc_status.h"
#include "google/protobuf/descriptor.h"
#include "grpcpp/grpcpp.h"
#include "grpcpp/support/server_callback.h"

namespace ams {

template <typename Message>
struct LenientRequest {
  Message message;
  bool parsed = true;
  std::string invalid_utf8_field;  // "applicant.full_name", when that is why it did not parse
};

// The path of the first string field of `bytes` (a serialized `type`) that is not valid
// UTF-8, or "" when there is none or the bytes are not even well-formed.
std::string FindInvalidUtf8Field(absl::string_view bytes, const google::protobuf::Descriptor* type);

// INVALID_ARGUMENT for a request that did not parse: the field when known.
absl::Status UnparsedRequestError(const std::string& invalid_utf8_field,
                                  const google::protobuf::Descriptor* type);

// The index of the method taking `request_type` in the service declared beside it.
int MethodIndexOf(const google::protobuf::Descriptor* request_type);

template <typename Request, typename Response>
grpc::internal::MethodHandler* LenientHandler(
    std::function<grpc::ServerUnaryReactor*(grpc::CallbackServerContext*, const Request*,
                                            Response*)>
        serve) {
  return new grpc::internal::CallbackUnaryHandler<LenientRequest<Request>, Response>(
      [serve = std::move(serve)](grpc::CallbackServerContext* ctx,
                                 const LenientRequest<Request>* request, Response* response) {
        if (request->parsed) return serve(ctx, &request->message, response);
        grpc::ServerUnaryReactor* reactor = ctx->DefaultReactor();
        reactor->Finish(
            ToGrpcStatus(UnparsedRequestError(request->invalid_utf8_field, Request::descriptor())));
        return reactor;
      });
}

}  // namespace ams

template <typename Message>
class grpc::SerializationTraits<ams::LenientRequest<Message>, void> {
 public:
  static grpc::Status Serialize(const ams::LenientRequest<Message>& request,
                                grpc::ByteBuffer* buffer, bool* own_buffer) {
    return grpc::SerializationTraits<Message>::Serialize(request.message, buffer, own_buffer);
  }
  static grpc::Status Deserialize(grpc::ByteBuffer* buffer, ams::LenientRequest<Message>* request) {
    std::vector<grpc::Slice> slices;
    std::string bytes;
    if (buffer->Valid() && buffer->Dump(&slices).ok()) {
      for (const grpc::Slice& s : slices) {
        bytes.append(reinterpret_cast<const char*>(s.begin()), s.size());
      }
    }
    buffer->Clear();
    request->parsed = request->message.ParseFromString(bytes);
    if (!request->parsed) {
      request->invalid_utf8_field = ams::FindInvalidUtf8Field(bytes, Message::descriptor());
    }
    return grpc::Status::OK;
  }
};

#endif  // AMS_COMMON_LENIENT_REQUEST_H_
