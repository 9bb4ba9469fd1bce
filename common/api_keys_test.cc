#include "common/api_keys.h"

#include <unistd.h>

#include <cstdio>
#include <fstream>

#include "absl/strings/str_cat.h"
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

TEST(ApiKeys, ServiceSubjectsTakeServiceRolesOnly) {
  EXPECT_TRUE(
      ApiKeys::Parse(absl::StrCat(Sha256Hex("k"), " SERVICE_LETTER_READER services/forwarding"))
          .ok());
  // A service key with a person's role is what let a service act as an operator.
  EXPECT_THAT(ApiKeys::Parse(absl::StrCat(Sha256Hex("k"), " DISKOMINFO_OP services/forwarding"))
                  .status()
                  .message(),
              HasSubstr("SERVICE_* or GATEWAY role"));
  EXPECT_FALSE(
      ApiKeys::Parse(absl::StrCat(Sha256Hex("k"), " SERVICE_LETTER_READER operators/siti")).ok());
}

TEST(ActingPrincipal, OnlyTheGatewayNamesAPerson) {
  const Principal gateway{"services/gateway", ams::type::v1::ROLE_GATEWAY, ""};
  absl::StatusOr<Principal> siti = ActingPrincipal(gateway, "operators/siti", "VERIFIER");
  ASSERT_TRUE(siti.ok()) << siti.status();
  EXPECT_EQ(siti->subject, "operators/siti");
  EXPECT_EQ(siti->role, ams::type::v1::ROLE_VERIFIER);
  EXPECT_EQ(siti->ToActor().via(), "services/gateway");
  // Without an actor, a caller is itself (and the gateway alone may do nothing).
  EXPECT_EQ(ActingPrincipal(gateway, "", "")->role, ams::type::v1::ROLE_GATEWAY);
  const Principal agency{"agencies/dinkes", ams::type::v1::ROLE_AGENCY, "agencies/dinkes"};
  EXPECT_EQ(ActingPrincipal(agency, "operators/siti", "VERIFIER").status().code(),
            absl::StatusCode::kPermissionDenied);
  const Principal operator_key{"operators/budi", ams::type::v1::ROLE_ADMIN, ""};
  EXPECT_EQ(ActingPrincipal(operator_key, "operators/siti", "ADMIN").status().code(),
            absl::StatusCode::kPermissionDenied);
  for (auto [actor, role] : {std::pair{"agencies/dinkes", "VERIFIER"},
                             {"operators/../x", "VERIFIER"},
                             {"operators/siti", "GATEWAY"},
                             {"operators/siti", "SERVICE_LETTER_READER"},
                             {"operators/siti", "AGENCY"},
                             {"operators/siti", ""}}) {
    EXPECT_EQ(ActingPrincipal(gateway, actor, role).status().code(),
              absl::StatusCode::kInvalidArgument)
        << actor << " " << role;
  }
  // An agency's user acts for their agency, named with it; nobody else names an agency.
  absl::StatusOr<Principal> ani =
      ActingPrincipal(gateway, "operators/ani", "AGENCY", "agencies/dinkes");
  ASSERT_TRUE(ani.ok()) << ani.status();
  EXPECT_EQ(ani->role, ams::type::v1::ROLE_AGENCY);
  EXPECT_EQ(ani->agency, "agencies/dinkes");
  EXPECT_EQ(ani->ToActor().via(), "services/gateway");
  EXPECT_EQ(ActingPrincipal(gateway, "operators/ani", "AGENCY", "dinkes").status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(
      ActingPrincipal(gateway, "operators/siti", "VERIFIER", "agencies/dinkes").status().code(),
      absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ActingPrincipal(agency, "operators/ani", "AGENCY", "agencies/dinkes").status().code(),
            absl::StatusCode::kPermissionDenied);
}

// Keys an admin issued at the gateway stand beside the file's, survive the file's reloads, and
// once revoked are never accepted again.
TEST(ApiKeys, IssuedKeysStandBesideTheFilesUntilRevoked) {
  absl::StatusOr<ApiKeys> keys = ApiKeys::Parse(
      absl::StrCat(Sha256Hex("file-key"), " AGENCY agencies/dinkes agencies/dinkes"));
  ASSERT_TRUE(keys.ok());
  const Principal bappeda{"agencies/bappeda", ams::type::v1::ROLE_AGENCY, "agencies/bappeda"};
  keys->Issue(Sha256Hex("issued-key"), bappeda);
  EXPECT_EQ(keys->Authenticate("Bearer issued-key")->agency, "agencies/bappeda");
  keys->Replace(*ApiKeys::Parse(
      absl::StrCat(Sha256Hex("new-file-key"), " AGENCY agencies/dinkes agencies/dinkes")));
  EXPECT_FALSE(keys->Authenticate("Bearer file-key").ok());
  EXPECT_TRUE(keys->Authenticate("Bearer new-file-key").ok());
  EXPECT_TRUE(keys->Authenticate("Bearer issued-key").ok());
  keys->Revoke(Sha256Hex("issued-key"));
  EXPECT_FALSE(keys->Authenticate("Bearer issued-key").ok());
  keys->Issue(Sha256Hex("issued-key"), bappeda);  // an old issue read again: still revoked
  EXPECT_FALSE(keys->Authenticate("Bearer issued-key").ok());
}

// Rotation and revocation while the service runs: the file changes, the keys follow.
TEST(ApiKeyFileWatcher, RotatesAndRevokesWithoutARestart) {
  const std::string path = absl::StrCat(::testing::TempDir(), "/keys-", getpid(), ".txt");
  auto write = [&](const std::string& text) {
    std::ofstream out(path + ".tmp");
    out << text;
    out.close();
    std::rename((path + ".tmp").c_str(), path.c_str());  // as a Secret volume swaps it
  };
  const std::string old_key = absl::StrCat(Sha256Hex("old"), " AGENCY agencies/a agencies/a\n");
  const std::string new_key = absl::StrCat(Sha256Hex("new"), " AGENCY agencies/a agencies/a\n");
  write(old_key);
  absl::StatusOr<ApiKeys> keys = ApiKeys::Parse(old_key);
  ASSERT_TRUE(keys.ok());
  ApiKeyFileWatcher watcher(&*keys, path, absl::Milliseconds(20));
  auto eventually = [&](const std::string& key, bool valid) {
    for (absl::Time end = absl::Now() + absl::Seconds(5); absl::Now() < end;
         absl::SleepFor(absl::Milliseconds(10))) {
      if (keys->Authenticate("Bearer " + key).ok() == valid) return true;
    }
    return false;
  };
  write(old_key + new_key);  // rotation: both for a while
  EXPECT_TRUE(eventually("new", true));
  EXPECT_TRUE(keys->Authenticate("Bearer old").ok());
  write(new_key);  // revocation of the old one
  EXPECT_TRUE(eventually("old", false));
  write("");  // a file caught mid-rewrite keeps the keys in force
  absl::SleepFor(absl::Milliseconds(100));
  EXPECT_TRUE(keys->Authenticate("Bearer new").ok());
  write("not a key file");  // so does a broken one
  absl::SleepFor(absl::Milliseconds(100));
  EXPECT_TRUE(keys->Authenticate("Bearer new").ok());
}

}  // namespace
}  // namespace ams
