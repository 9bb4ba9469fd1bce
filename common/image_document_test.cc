#include "common/image_document.h"

#include "common/testing/image_fixtures.h"
#include "common/testing/pdf_fixtures.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace ams {
namespace {

using ::testing::HasSubstr;

TEST(CheckImage, KnowsPngAndJpegByContent) {
  EXPECT_EQ(*CheckImage(testing::MakePng(), 1 << 20), "image/png");
  EXPECT_EQ(*CheckImage(testing::MakeJpeg(), 1 << 20), "image/jpeg");
}

TEST(CheckImage, RefusesWhatOnlyLooksLikeAnImage) {
  std::string png = testing::MakePng();
  std::string bad_crc = png;
  bad_crc[png.size() - 20] ^= 1;
  std::string zero_size = testing::MakePng(0, 4);
  std::string jpeg = testing::MakeJpeg();
  const std::string cases[] = {
      "",
      "\x89PNG\r\n\x1a\n",             // signature only
      png.substr(0, png.size() - 12),  // no IEND
      bad_crc,
      zero_size,
      std::string("\xff\xd8\xff\xe0", 4),  // JPEG start only
      jpeg.substr(0, jpeg.size() - 2),     // no EOI
      testing::MakeJpeg(0, 8),
      testing::MakeUnsignedPdf("not an image"),
      "GIF89a....",
  };
  for (const std::string& c : cases) {
    absl::StatusOr<std::string> r = CheckImage(c, 1 << 20);
    EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument) << c.size();
  }
  EXPECT_THAT(CheckImage(png, 10).status().message(), HasSubstr("larger than"));
}

}  // namespace
}  // namespace ams
