#include "common/status_macros.h"

#include <memory>
#include <string>

#include "gtest/gtest.h"

namespace ams {
namespace {

absl::StatusOr<std::unique_ptr<int>> MakeInt(bool ok) {
  if (!ok) return absl::NotFoundError("no int");
  return std::make_unique<int>(7);
}

absl::StatusOr<int> Doubled(bool ok) {
  ASSIGN_OR_RETURN(std::unique_ptr<int> value, MakeInt(ok));
  return *value * 2;
}

absl::Status Check(bool ok) {
  RETURN_IF_ERROR(Doubled(ok).status());
  return absl::OkStatus();
}

TEST(StatusMacros, AssignOrReturnMovesTheValue) { EXPECT_EQ(*Doubled(true), 14); }

TEST(StatusMacros, AssignOrReturnPropagatesTheError) {
  EXPECT_EQ(Doubled(false).status(), absl::NotFoundError("no int"));
}

TEST(StatusMacros, ReturnIfErrorPropagates) {
  EXPECT_TRUE(Check(true).ok());
  EXPECT_EQ(Check(false).code(), absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace ams
