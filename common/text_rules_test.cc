#include "common/text_rules.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace ams {
namespace {

using ::testing::HasSubstr;

std::string Why(absl::string_view text, size_t max = 120) {
  absl::StatusOr<std::string> r = NormalizeText(text, max);
  return r.ok() ? "" : std::string(r.status().message());
}

// The attack: lengths in bytes made a 70-letter accented name "longer than 120 characters".
TEST(NormalizeText, CountsCharactersNotBytes) {
  std::string name;
  for (int i = 0; i < 70; ++i) name += "\xc3\xa9";  // é, two bytes each
  EXPECT_EQ(name.size(), 140u);
  EXPECT_EQ(Why(name), "");
  EXPECT_THAT(Why(name + std::string(51, 'a')), HasSubstr("longer than 120 characters"));
}

TEST(NormalizeText, OneNameWhateverTheSpelling) {
  const std::string composed = "Ren\xc3\xa9 Sitompul";     // é as U+00E9
  const std::string decomposed = "Rene\xcc\x81 Sitompul";  // e + U+0301
  ASSERT_NE(composed, decomposed);
  EXPECT_EQ(*NormalizeText(decomposed, 120), composed);
  EXPECT_EQ(*NormalizeText(composed, 120), composed);
}

TEST(NormalizeText, RefusesWhatChangesHowTextReads) {
  EXPECT_THAT(Why("Budi \xe2\x80\xae"
                  "gnp.exe"),
              HasSubstr("bidirectional control (U+202E)"));
  EXPECT_THAT(Why("Budi \xe2\x81\xa6x"), HasSubstr("bidirectional control (U+2066)"));
  EXPECT_THAT(Why("Budi\xc2\x85Santoso"), HasSubstr("control character (U+0085)"));
  EXPECT_THAT(Why("Budi\xe2\x80\xa8Santoso"), HasSubstr("line separator (U+2028)"));
  EXPECT_THAT(Why("Budi\nBcc: x@y"), HasSubstr("control character (U+000A)"));
  EXPECT_THAT(Why("Bu\xe2\x80\x8b"
                  "di"),
              HasSubstr("invisible format character (U+200B)"));
  EXPECT_THAT(Why("\xef\xa3\xbf"), HasSubstr("no meaning"));  // private use
}

TEST(NormalizeText, RefusesInvalidUtf8AndEmptiness) {
  EXPECT_EQ(Why("Bud\xff"), "is not valid UTF-8");
  EXPECT_EQ(Why("\xc0\xaf"), "is not valid UTF-8");      // overlong "/"
  EXPECT_EQ(Why("\xed\xa0\x80"), "is not valid UTF-8");  // a surrogate
  EXPECT_EQ(Why("   "), "is required");
}

TEST(NormalizeText, KeepsOrdinaryNames) {
  for (const char* name : {"Dr. Siti Aminah, S.Kom., M.T.", "Ni Luh Putu Ayu", "O'Neil",
                           "\xe0\xa4\x95\xe0\xa5\x8d\xe2\x80\x8d\xe0\xa4\xb7"}) {
    EXPECT_EQ(Why(name), "") << name;
  }
}

}  // namespace
}  // namespace ams
