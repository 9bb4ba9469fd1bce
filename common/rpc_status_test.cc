#include "common/rpc_status.h"

#include "google/rpc/status.pb.h"
#include "gtest/gtest.h"

namespace ams {
namespace {

TEST(RpcStatus, InvalidFieldsCarriesEveryViolation) {
  absl::Status s = InvalidFields({{"applicant.nik", "must be 16 digits"},
                                  {"applicant.official_email", "must end in @kebumenkab.go.id"}});
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  google::rpc::BadRequest br;
  ASSERT_TRUE(GetBadRequest(s, &br));
  ASSERT_EQ(br.field_violations_size(), 2);
  EXPECT_EQ(br.field_violations(0).field(), "applicant.nik");
  google::rpc::ErrorInfo info;
  ASSERT_TRUE(GetErrorInfo(s, &info));
  EXPECT_EQ(info.reason(), "INVALID_FIELD");
  EXPECT_EQ(info.domain(), kErrorDomain);
}

TEST(RpcStatus, ToGrpcStatusPutsDetailsInTheTrailer) {
  absl::Status s = WithReason(absl::AlreadyExistsError("an application is active"),
                              ams::type::v1::ERROR_REASON_APPLICATION_ACTIVE,
                              {{"application", "applications/a1"}});
  grpc::Status g = ToGrpcStatus(s);
  EXPECT_EQ(g.error_code(), grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_EQ(g.error_message(), "an application is active");
  google::rpc::Status rich;
  ASSERT_TRUE(rich.ParseFromString(g.error_details()));
  ASSERT_EQ(rich.details_size(), 1);
  google::rpc::ErrorInfo info;
  ASSERT_TRUE(rich.details(0).UnpackTo(&info));
  EXPECT_EQ(info.reason(), "APPLICATION_ACTIVE");
  EXPECT_EQ(info.metadata().at("application"), "applications/a1");
}

TEST(RpcStatus, FromGrpcStatusKeepsTheDetails) {
  absl::Status back = FromGrpcStatus(ToGrpcStatus(InvalidFields({{"reason.text", "required"}})));
  EXPECT_EQ(back.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(back.message(), "reason.text: required");
  google::rpc::ErrorInfo info;
  ASSERT_TRUE(GetErrorInfo(back, &info));
  EXPECT_EQ(info.reason(), "INVALID_FIELD");
  google::rpc::BadRequest br;
  ASSERT_TRUE(GetBadRequest(back, &br));
  EXPECT_EQ(br.field_violations(0).field(), "reason.text");
}

TEST(RpcStatus, InternalMessagesStayInside) {
  grpc::Status g = ToGrpcStatus(absl::InternalError("redis: WRONGTYPE at intake:{a}:x"));
  EXPECT_EQ(g.error_code(), grpc::StatusCode::INTERNAL);
  EXPECT_EQ(g.error_message(), "internal error");
}

TEST(RpcStatus, OkIsOk) { EXPECT_TRUE(ToGrpcStatus(absl::OkStatus()).ok()); }

}  // namespace
}  // namespace ams
