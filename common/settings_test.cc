#include "common/settings.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace ams {
namespace {

using ::testing::HasSubstr;

TEST(Settings, ReadsTypedValuesWithDefaults) {
  Settings s = Settings::FromMap({{"AMS_REDIS_POOL_SIZE", "8"},
                                  {"AMS_SHUTDOWN_GRACE", "2s"},
                                  {"AMS_KAFKA_BROKERS", "127.0.0.1:9092, 127.0.0.1:9093"}});
  EXPECT_EQ(s.Int("AMS_REDIS_POOL_SIZE", 4, 1, 64), 8);
  EXPECT_EQ(
      s.Duration("AMS_SHUTDOWN_GRACE", absl::Seconds(10), absl::ZeroDuration(), absl::Minutes(5)),
      absl::Seconds(2));
  EXPECT_THAT(s.List("AMS_KAFKA_BROKERS", ""),
              ::testing::ElementsAre("127.0.0.1:9092", "127.0.0.1:9093"));
  EXPECT_EQ(s.Address("AMS_GRPC_ADDR", "127.0.0.1:0"), "127.0.0.1:0");
  EXPECT_TRUE(s.Bool("AMS_DEDUPE_WINDOW", true));
  EXPECT_TRUE(s.Validate().ok()) << s.Validate();
}

TEST(Settings, NamesEveryBadValue) {
  Settings s = Settings::FromMap({{"AMS_REDIS_POOL_SIZE", "many"},
                                  {"AMS_SHUTDOWN_GRACE", "10 minutes"},
                                  {"AMS_GRPC_ADDR", "localhost"},
                                  {"AMS_KAFKA_LINGER_MS", "5000"}});
  s.Int("AMS_REDIS_POOL_SIZE", 4, 1, 64);
  s.Duration("AMS_SHUTDOWN_GRACE", absl::Seconds(10), absl::ZeroDuration(), absl::Minutes(5));
  s.Address("AMS_GRPC_ADDR", "127.0.0.1:0");
  s.Int("AMS_KAFKA_LINGER_MS", 1, 0, 1000);
  s.RequiredString("AMS_REDIS_ADDR");
  absl::Status status = s.Validate();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(), HasSubstr("AMS_REDIS_POOL_SIZE: \"many\" is not a whole number"));
  EXPECT_THAT(status.message(), HasSubstr("AMS_SHUTDOWN_GRACE: \"10 minutes\""));
  EXPECT_THAT(status.message(), HasSubstr("AMS_GRPC_ADDR: \"localhost\" is not host:port"));
  EXPECT_THAT(status.message(), HasSubstr("AMS_KAFKA_LINGER_MS: 5000 is outside 0..1000"));
  EXPECT_THAT(status.message(), HasSubstr("AMS_REDIS_ADDR: is required"));
}

TEST(Settings, OneOfNamesTheChoices) {
  Settings s = Settings::FromMap({{"AMS_LOG_LEVEL", "verbose"}});
  EXPECT_EQ(s.OneOf("AMS_LOG_LEVEL", "info", {"debug", "info"}), "info");
  EXPECT_THAT(s.Validate().message(),
              HasSubstr("AMS_LOG_LEVEL: \"verbose\" is not one of debug, info"));
}

TEST(Settings, RejectsUnknownSettings) {
  Settings s = Settings::FromMap({{"AMS_REDIS_ADRR", "127.0.0.1:6379"}});
  EXPECT_THAT(s.Validate().message(), HasSubstr("AMS_REDIS_ADRR: unknown setting"));
}

TEST(Settings, FlagsOverrideTheEnvironment) {
  char a[] = "AMS_LOG_LEVEL=info";
  char b[] = "PATH=/usr/bin";
  char* envp[] = {a, b, nullptr};
  absl::StatusOr<Settings> s = Settings::Load(envp, {"AMS_LOG_LEVEL=debug"});
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->String("AMS_LOG_LEVEL", "info"), "debug");
  EXPECT_TRUE(s->Validate().ok());
}

TEST(Settings, RejectsAMalformedOverride) {
  EXPECT_EQ(Settings::Load(nullptr, {"AMS_LOG_LEVEL"}).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Settings::Load(nullptr, {"=x"}).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(Settings, FileOrValueReadsTheFileOrNamesIt) {
  Settings inline_value = Settings::FromMap({{"AMS_API_KEYS", "abc"}});
  EXPECT_EQ(inline_value.FileOrValue("AMS_API_KEYS_FILE", "AMS_API_KEYS"), "abc");
  Settings missing = Settings::FromMap({{"AMS_API_KEYS_FILE", "/nonexistent/keys"}});
  missing.FileOrValue("AMS_API_KEYS_FILE", "AMS_API_KEYS");
  EXPECT_THAT(missing.Validate().message(), HasSubstr("AMS_API_KEYS_FILE: cannot read"));
  Settings neither = Settings::FromMap({});
  neither.FileOrValue("AMS_API_KEYS_FILE", "AMS_API_KEYS");
  EXPECT_THAT(neither.Validate().message(), HasSubstr("AMS_API_KEYS: is required"));
}

TEST(Settings, RejectsAnEmptyListItem) {
  Settings s = Settings::FromMap({{"AMS_KAFKA_BROKERS", "a:1,,b:2"}});
  s.List("AMS_KAFKA_BROKERS", "");
  EXPECT_THAT(s.Validate().message(), HasSubstr("has an empty item"));
}

}  // namespace
}  // namespace ams
