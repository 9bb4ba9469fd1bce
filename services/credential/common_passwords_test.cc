#include "services/credential/common_passwords.h"

#include <cstdio>
#include <fstream>

#include "gtest/gtest.h"

namespace ams::credential {
namespace {

// A list file the test writes, removed at the end; named after the test, since ctest runs
// this binary's tests at once.
class ListFile {
 public:
  explicit ListFile(const std::string& text)
      : path_(::testing::TempDir() + "common-passwords-" +
              ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".txt") {
    std::ofstream(path_) << text;
  }
  ~ListFile() { std::remove(path_.c_str()); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

TEST(CommonPasswordsTest, ListedPasswordsAndTheirDressedUpFormsAreFound) {
  ListFile file("password\r\nqwerty\n\nletmein123\n");
  absl::StatusOr<CommonPasswords> list = CommonPasswords::Load(file.path());
  ASSERT_TRUE(list.ok()) << list.status();
  EXPECT_EQ(list->size(), 3u);
  for (const char* p : {"password", "Password", "QWERTY", "Password123!", "password!!",
                        "qwerty2026", "LetMeIn123", "letmein123#"}) {
    EXPECT_TRUE(list->Contains(p)) << p;
  }
  for (const char* p :
       {"Gunung-Merapi#Tinggi7", "my-password-is-long", "passwordx", "letmein", "123!", ""}) {
    EXPECT_FALSE(list->Contains(p)) << p;
  }
}

TEST(CommonPasswordsTest, AMissingOrEmptyListIsAnError) {
  EXPECT_FALSE(CommonPasswords::Load(::testing::TempDir() + "no-such-list.txt").ok());
  ListFile empty("\n\n");
  EXPECT_FALSE(CommonPasswords::Load(empty.path()).ok());
}

TEST(CommonPasswordsTest, ListGivenInMemoryIsLowercased) {
  CommonPasswords list({"Dragon"});
  EXPECT_TRUE(list.Contains("DRAGON"));
  EXPECT_TRUE(list.Contains("dragon#1"));
}

}  // namespace
}  // namespace ams::credential
