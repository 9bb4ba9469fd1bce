// ams-sample-request: prints a valid SubmitApplicationRequest as protobuf JSON (the 4 KiB
// letter inside as base64), for load tools (ghz) and for trying the API with grpcurl. The
// NIK is left as {{NIK}} for the caller to fill per request.
#include <cstdio>
#include <string>

#include "google/protobuf/util/json_util.h"
#include "services/intake/testing/sample_request.h"

int main() {
  ams::intake::v1::SubmitApplicationRequest r = ams::intake::testing::SampleRequest();
  r.mutable_applicant()->set_nik("{{NIK}}");
  // An employee type whose number does not have to agree with each generated NIK.
  r.mutable_applicant()->set_employee_type(ams::type::v1::EMPLOYEE_TYPE_OTHER);
  r.mutable_applicant()->set_employee_number("TKD-2026-001");
  std::string json;
  if (!google::protobuf::util::MessageToJsonString(r, &json).ok()) return 1;
  std::printf("%s\n", json.c_str());
  return 0;
}
