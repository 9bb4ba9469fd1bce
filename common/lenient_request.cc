#include "common/lenient_request.h"

#include <cstdio>
#include <cstdlib>

#include "absl/strings/str_cat.h"
#include "ams/type/v1/error_reason.pb.h"
#include "common/rpc_status.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/stubs/common.h"
#include "google/protobuf/wire_format_lite.h"

namespace ams {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::internal::WireFormatLite;

// Deeper than protobuf's own parser goes (100) is not a request it would have read either.
constexpr int kMaxDepth = 100;

std::string Find(absl::string_view bytes, const Descriptor* type, const std::string& prefix,
                 int depth) {
  google::protobuf::io::CodedInputStream in(reinterpret_cast<const uint8_t*>(bytes.data()),
                                            static_cast<int>(bytes.size()));
  while (true) {
    const uint32_t tag = in.ReadTag();
    if (tag == 0) return "";
    const FieldDescriptor* field = type->FindFieldByNumber(WireFormatLite::GetTagFieldNumber(tag));
    if (WireFormatLite::GetTagWireType(tag) != WireFormatLite::WIRETYPE_LENGTH_DELIMITED) {
      if (!WireFormatLite::SkipField(&in, tag)) return "";
      continue;
    }
    uint32_t length = 0;
    std::string value;
    if (!in.ReadVarint32(&length) || !in.ReadString(&value, static_cast<int>(length))) return "";
    if (field == nullptr) continue;
    const std::string path = absl::StrCat(prefix, field->name());
    if (field->type() == FieldDescriptor::TYPE_STRING &&
        !google::protobuf::internal::IsStructurallyValidUTF8(value.data(),
                                                             static_cast<int>(value.size()))) {
      return path;
    }
    if (field->type() == FieldDescriptor::TYPE_MESSAGE && depth < kMaxDepth) {
      std::string found = Find(value, field->message_type(), path + ".", depth + 1);
      if (!found.empty()) return found;
    }
  }
}

}  // namespace

std::string FindInvalidUtf8Field(absl::string_view bytes, const Descriptor* type) {
  return Find(bytes, type, "", 0);
}

absl::Status UnparsedRequestError(const std::string& invalid_utf8_field, const Descriptor* type) {
  if (!invalid_utf8_field.empty()) {
    return InvalidFields({{invalid_utf8_field, "is not valid UTF-8"}});
  }
  return WithReason(absl::InvalidArgumentError(absl::StrCat("the request is not a readable ",
                                                            type->full_name(), " message")),
                    ams::type::v1::ERROR_REASON_INVALID_FIELD);
}

int MethodIndexOf(const Descriptor* request_type) {
  const google::protobuf::FileDescriptor* file = request_type->file();
  for (int s = 0; s < file->service_count(); ++s) {
    for (int m = 0; m < file->service(s)->method_count(); ++m) {
      if (file->service(s)->method(m)->input_type() == request_type) return m;
    }
  }
  // A programming error, found at the first start: the macro names a request of no method.
  std::fprintf(stderr, "no method takes %s\n", request_type->full_name().c_str());
  std::abort();
}

}  // namespace ams
