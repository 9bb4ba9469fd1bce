#include "services/credential/passwords.h"

#include <set>

#include "absl/strings/match.h"
#include "common/testing/fake_random.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace ams::credential {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

constexpr Argon2Params kCheap{64, 1};  // tests measure behaviour, not cost

TEST(InitialPasswordTest, LengthAlphabetAndClasses) {
  ams::testing::FakeRandom random(7);
  std::set<std::string> seen;
  for (int i = 0; i < 200; ++i) {
    std::string p = InitialPassword(12, random);
    ASSERT_EQ(p.size(), 12u);
    for (char c : std::string("0O1lI5S2Z8Bo")) EXPECT_EQ(p.find(c), std::string::npos) << p;
    EXPECT_TRUE(std::any_of(p.begin(), p.end(), ::islower)) << p;
    EXPECT_TRUE(std::any_of(p.begin(), p.end(), ::isupper)) << p;
    EXPECT_TRUE(std::any_of(p.begin(), p.end(), ::isdigit)) << p;
    seen.insert(p);
  }
  EXPECT_EQ(seen.size(), 200u);
}

TEST(PasswordHasherTest, Argon2idHashVerifiesOnlyItsPassword) {
  PasswordHasher hasher(kCheap);
  absl::StatusOr<std::string> hash = hasher.Hash("Kebumen-Beriman-2026");
  ASSERT_TRUE(hash.ok());
  EXPECT_THAT(*hash, StartsWith("$argon2id$v=19$m=64,t=1,p=1$"));
  EXPECT_EQ(hash->find("Kebumen"), std::string::npos);
  EXPECT_TRUE(hasher.Verify(*hash, "Kebumen-Beriman-2026"));
  EXPECT_FALSE(hasher.Verify(*hash, "kebumen-beriman-2026"));
  EXPECT_NE(*hasher.Hash("Kebumen-Beriman-2026"), *hash);  // a fresh salt each time
}

TEST(PasswordHasherTest, DefaultsAreOwaspMinimum) {
  Argon2Params defaults;
  EXPECT_EQ(defaults.memory_kib, 19456u);
  EXPECT_EQ(defaults.iterations, 2u);
}

TEST(CheckNewPasswordTest, Rules) {
  const PasswordOwner owner{"budi.santoso", "Budi Santoso"};
  const CommonPasswords common({"password", "qwerty"});
  struct Case {
    std::string password, why;
  };
  for (const Case& c : std::vector<Case>{
           {"Pj4#kT9!wQ", "differ from the current"},  // same as current below
           {"xx-budi.santoso-77Q!", "username"},
           {"Santoso#Kuat2026!", "name"},
           {"Ab#199007152015", "8 digits"},
           {"aaaaaaaaaaaaaa", ""},  // libpwquality: too simple / too few classes
           {"Ab1#", ""},            // libpwquality: too short
           {"Password123!", "commonly used or breached"},  // libpwquality alone accepts it
       }) {
    absl::Status s = CheckNewPassword(c.password, "Pj4#kT9!wQ", owner, 10, common);
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << c.password;
    EXPECT_THAT(s.message(), HasSubstr("new_password")) << c.password;
    if (!c.why.empty()) {
      EXPECT_THAT(s.message(), HasSubstr(c.why)) << c.password;
    }
  }
  EXPECT_TRUE(CheckNewPassword("Gunung-Merapi#Tinggi7", "Pj4#kT9!wQ", owner, 10, common).ok());
}

}  // namespace
}  // namespace ams::credential
