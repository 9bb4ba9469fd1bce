#include "common/logging.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace ams {
namespace {

class LoggingTest : public ::testing::Test {
 protected:
  void SetUp() override {
    SetLogService("intake");
    SetLogLevel(LogLevel::kInfo);
    SetLogSink([this](absl::string_view line) { lines_.emplace_back(line); });
  }
  void TearDown() override { SetLogSink(nullptr); }
  std::vector<std::string> lines_;
};

TEST_F(LoggingTest, WritesOneJsonObjectPerLine) {
  LogInfo("application submitted", {{"application", "applications/a1"}, {"revision", 2}});
  ASSERT_EQ(lines_.size(), 1u);
  auto json = nlohmann::json::parse(lines_[0]);
  EXPECT_EQ(json["level"], "info");
  EXPECT_EQ(json["service"], "intake");
  EXPECT_EQ(json["msg"], "application submitted");
  EXPECT_EQ(json["application"], "applications/a1");
  EXPECT_EQ(json["revision"], "2");
  EXPECT_TRUE(json.contains("ts"));
}

TEST_F(LoggingTest, EscapesQuotesAndNewlines) {
  LogWarning("bad \"input\"\nnext", {{"detail", "a\tb"}});
  ASSERT_EQ(lines_.size(), 1u);
  EXPECT_EQ(lines_[0].find('\n'), std::string::npos);
  EXPECT_EQ(nlohmann::json::parse(lines_[0])["msg"], "bad \"input\"\nnext");
}

TEST_F(LoggingTest, DropsLinesBelowTheLevel) {
  Log(LogLevel::kDebug, "noise");
  SetLogLevel(LogLevel::kError);
  LogWarning("also dropped");
  LogError("kept", {{"status", absl::UnavailableError("redis down")}});
  ASSERT_EQ(lines_.size(), 1u);
  EXPECT_THAT(lines_[0], ::testing::HasSubstr("UNAVAILABLE: redis down"));
}

TEST_F(LoggingTest, SurvivesInvalidUtf8) {
  LogInfo("x", {{"name", std::string("\xff\xfe")}});
  ASSERT_EQ(lines_.size(), 1u);
  EXPECT_NO_THROW(nlohmann::json::parse(lines_[0]));
}

TEST(ParseLogLevel, KnowsEveryLevel) {
  LogLevel level;
  EXPECT_TRUE(ParseLogLevel("warning", &level));
  EXPECT_EQ(level, LogLevel::kWarning);
  EXPECT_FALSE(ParseLogLevel("verbose", &level));
}

TEST(Mask, NikShowsRegionAndLastTwoDigits) {
  EXPECT_EQ(MaskNik("3305014107900001"), "3305**********01");
  EXPECT_EQ(MaskNik("123"), "***");
}

TEST(Mask, NipHidesBirthDateAndSequence) {
  EXPECT_EQ(MaskNip("198507142010011003"), "1985************03");
}

TEST(Mask, EmailKeepsTheDomain) {
  EXPECT_EQ(MaskEmail("siti.aminah@kebumenkab.go.id"), "s***@kebumenkab.go.id");
  EXPECT_EQ(MaskEmail("@x.id"), "***@x.id");
  EXPECT_EQ(MaskEmail("nodomain"), "n*******");
}

}  // namespace
}  // namespace ams
