#include "common/random.h"

#include <set>

#include "common/testing/fake_random.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace ams {
namespace {

using ::testing::MatchesRegex;

TEST(NewUuid, IsVersion4InCanonicalForm) {
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    std::string id = NewUuid(SecureRandom());
    EXPECT_THAT(id, MatchesRegex("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-"
                                 "[0-9a-f]{12}"));
    seen.insert(id);
  }
  EXPECT_EQ(seen.size(), 100u);
}

TEST(NewTraceparent, StartsANewTraceWithoutParent) {
  EXPECT_THAT(NewTraceparent(SecureRandom()), MatchesRegex("00-[0-9a-f]{32}-[0-9a-f]{16}-01"));
}

TEST(NewTraceparent, KeepsTheParentsTraceId) {
  const std::string parent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
  std::string child = NewTraceparent(SecureRandom(), parent);
  EXPECT_EQ(child.substr(0, 36), parent.substr(0, 36));
  EXPECT_NE(child.substr(36, 16), parent.substr(36, 16));
}

TEST(NewTraceparent, ReplacesAMalformedParent) {
  std::string child = NewTraceparent(SecureRandom(), "00-zz-00f067aa0ba902b7-01");
  EXPECT_THAT(child, MatchesRegex("00-[0-9a-f]{32}-[0-9a-f]{16}-01"));
  EXPECT_EQ(NewTraceparent(SecureRandom(),
                           "00-00000000000000000000000000000000-"
                           "00f067aa0ba902b7-01")
                .find("00-00000000000000000000000000000000"),
            std::string::npos);
}

TEST(FakeRandom, IsReproducible) {
  testing::FakeRandom a(42), b(42);
  EXPECT_EQ(a.Bytes(33), b.Bytes(33));
  EXPECT_EQ(NewUuid(a), NewUuid(b));
}

}  // namespace
}  // namespace ams
