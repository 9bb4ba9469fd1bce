#include "common/lenient_request.h"

#include "ams/intake/v1/intake_service.pb.h"
#include "common/rpc_status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace ams {
namespace {

using ams::intake::v1::SubmitApplicationRequest;

// The bytes of a request whose applicant's name is `bad`, which protobuf refuses.
std::string WithName(const std::string& bad) {
  SubmitApplicationRequest r;
  r.mutable_applicant()->set_full_name(std::string(bad.size(), 'A'));
  r.mutable_applicant()->set_nik("3305011507900001");
  r.set_request_id("id");
  std::string bytes = r.SerializeAsString();
  bytes.replace(bytes.find(std::string(bad.size(), 'A')), bad.size(), bad);
  return bytes;
}

TEST(FindInvalidUtf8Field, NamesTheNestedField) {
  const std::string bytes = WithName("Bud\xff\xfe");
  SubmitApplicationRequest r;
  ASSERT_FALSE(r.ParseFromString(bytes));  // what gRPC's own parse runs into
  EXPECT_EQ(FindInvalidUtf8Field(bytes, SubmitApplicationRequest::descriptor()),
            "applicant.full_name");
  // An overlong encoding and a lone surrogate are not UTF-8 either.
  EXPECT_EQ(FindInvalidUtf8Field(WithName("\xc0\xaf"), SubmitApplicationRequest::descriptor()),
            "applicant.full_name");
  EXPECT_EQ(FindInvalidUtf8Field(WithName("\xed\xa0\x80"), SubmitApplicationRequest::descriptor()),
            "applicant.full_name");
}

TEST(FindInvalidUtf8Field, FindsNothingInValidOrTruncatedBytes) {
  SubmitApplicationRequest r;
  r.mutable_applicant()->set_full_name("Siti Nurhalizah \xc3\xa9");
  const std::string bytes = r.SerializeAsString();
  EXPECT_EQ(FindInvalidUtf8Field(bytes, SubmitApplicationRequest::descriptor()), "");
  EXPECT_EQ(FindInvalidUtf8Field(bytes.substr(0, bytes.size() - 3),
                                 SubmitApplicationRequest::descriptor()),
            "");
}

TEST(UnparsedRequestError, IsInvalidArgumentNamingTheField) {
  absl::Status s =
      UnparsedRequestError("applicant.full_name", SubmitApplicationRequest::descriptor());
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  google::rpc::BadRequest bad;
  ASSERT_TRUE(GetBadRequest(s, &bad));
  EXPECT_EQ(bad.field_violations(0).field(), "applicant.full_name");
  absl::Status unreadable = UnparsedRequestError("", SubmitApplicationRequest::descriptor());
  EXPECT_EQ(unreadable.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(unreadable.message(), ::testing::HasSubstr("SubmitApplicationRequest"));
}

TEST(MethodIndexOf, FollowsTheServicesDeclarationOrder) {
  EXPECT_EQ(MethodIndexOf(SubmitApplicationRequest::descriptor()), 0);
  EXPECT_EQ(MethodIndexOf(ams::intake::v1::GetApplicationRequest::descriptor()),
            ams::intake::v1::GetApplicationRequest::descriptor()
                ->file()
                ->FindServiceByName("IntakeService")
                ->FindMethodByName("GetApplication")
                ->index());
}

}  // namespace
}  // namespace ams
