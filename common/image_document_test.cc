#include "common/image_document.h"

#include <zlib.h>

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

// `png` claiming another size in its IHDR (with the chunk's CRC made right again).
std::string PngClaiming(std::string png, uint32_t width, uint32_t height) {
  for (int i = 0; i < 4; ++i) {
    png[16 + i] = static_cast<char>(width >> (24 - 8 * i));
    png[20 + i] = static_cast<char>(height >> (24 - 8 * i));
  }
  const uint32_t crc = crc32(0, reinterpret_cast<const Bytef*>(png.data() + 12), 17);
  for (int i = 0; i < 4; ++i) png[29 + i] = static_cast<char>(crc >> (24 - 8 * i));
  return png;
}

// `jpeg` claiming another size in its start-of-frame segment.
std::string JpegClaiming(std::string jpeg, uint16_t width, uint16_t height) {
  const size_t sof = jpeg.find("\xff\xc0");
  jpeg[sof + 5] = static_cast<char>(height >> 8);
  jpeg[sof + 6] = static_cast<char>(height);
  jpeg[sof + 7] = static_cast<char>(width >> 8);
  jpeg[sof + 8] = static_cast<char>(width);
  return jpeg;
}

// A PNG chunk: length, type, data, CRC-32 of type and data.
std::string Chunk(const std::string& type, const std::string& data) {
  auto be32 = [](uint32_t v) {
    return std::string{static_cast<char>(v >> 24), static_cast<char>(v >> 16),
                       static_cast<char>(v >> 8), static_cast<char>(v)};
  };
  const std::string body = type + data;
  return be32(static_cast<uint32_t>(data.size())) + body +
         be32(crc32(0, reinterpret_cast<const Bytef*>(body.data()), body.size()));
}

// Hostile uploads at SOP step 4: each refused, in time linear in its size.
TEST(CheckImage, RefusesHostileImages) {
  const std::string png = testing::MakePng();
  const std::string zip_end = std::string("PK\x05\x06", 4) + std::string(18, '\0');
  std::string huge_chunk = png;
  huge_chunk.replace(33, 4, "\x7f\xff\xff\xff");  // the chunk after IHDR claims 2 GiB
  const std::string cases[] = {
      png + zip_end,  // a ZIP after IEND: a polyglot
      // A ZIP's end record in a well-formed ancillary chunk: every chunk and CRC is right.
      png.substr(0, png.size() - 12) + Chunk("tEXt", "c" + zip_end) + png.substr(png.size() - 12),
      PngClaiming(png, 100000, 100000),                 // 10^10 pixels for the verifier's browser
      JpegClaiming(testing::MakeJpeg(), 65535, 65535),  // the same in JPEG
      huge_chunk,                                       // a length past the end of the file
      std::string(1 << 20, '\xff'),                     // a megabyte of markers and nothing else
  };
  for (const std::string& c : cases) {
    absl::StatusOr<std::string> r = CheckImage(c, 2 << 20);
    EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument) << c.size();
  }
  EXPECT_TRUE(CheckImage(PngClaiming(png, 4000, 3000), 2 << 20).ok());  // a phone's photo
  EXPECT_TRUE(CheckImage(JpegClaiming(testing::MakeJpeg(), 4000, 3000), 2 << 20).ok());
}

}  // namespace
}  // namespace ams
