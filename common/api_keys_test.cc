#include "common/api_keys.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace ams {
namespace {

using ::testing::HasSubstr;

TEST(ApiKeys, AuthenticatesByTheKeysHash) {
  auto keys = ApiKeys::Parse(absl::StrCat("# agencies\n", Sha256Hex("k-dinkes"),
                                          "  AGENCY  agencies/dinkes  agencies/dinkes\n",
                                          Sha256Hex("k-siti"), " DISKOMINFO_OP operators/siti"));
  ASSERT_TRUE(keys.ok()) << keys.status();
  auto p = keys->Authenticate("Bearer k-dinkes");
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->agency, "agencies/dinkes");
  EXPECT_EQ(p->role, ams::type::v1::ROLE_AGENCY);
  EXPECT_EQ(keys->Authenticate("Bearer k-siti")->role, ams::type::v1::ROLE_DISKOMINFO_OP);
}

TEST(ApiKeys, RefusesMissingAndWrongKeys) {
  auto keys = ApiKeys::Parse(absl::StrCat(Sha256Hex("k"), " AGENCY agencies/a agencies/a"));
  ASSERT_TRUE(keys.ok());
  EXPECT_EQ(keys->Authenticate("").status().code(), absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(keys->Authenticate("Basic k").status().code(), absl::StatusCode::kUnauthenticated);
  EXPECT_THAT(keys->Authenticate("Bearer nope").status().message(), HasSubstr("not valid"));
}

TEST(ApiKeys, NamesTheBadLine) {
  EXPECT_THAT(ApiKeys::Parse("\nabc AGENCY x").status().message(), HasSubstr("line 2"));
  EXPECT_THAT(ApiKeys::Parse(absl::StrCat(Sha256Hex("k"), " KING x")).status().message(),
              HasSubstr("unknown role"));
  EXPECT_THAT(ApiKeys::Parse(absl::StrCat(Sha256Hex("k"), " AGENCY agencies/a")).status().message(),
              HasSubstr("needs its agency"));
}

TEST(Hashing, MatchesKnownVectors) {
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  // RFC 4231 test case 2.
  EXPECT_EQ(HmacSha256Hex("Jefe", "what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

}  // namespace
}  // namespace ams
