#include "common/image_document.h"

#include <zlib.h>

#include "absl/strings/str_cat.h"
#include "common/polyglot.h"

namespace ams {
namespace {

uint32_t BigEndian32(absl::string_view s, size_t at) {
  return (uint32_t{static_cast<unsigned char>(s[at])} << 24) |
         (uint32_t{static_cast<unsigned char>(s[at + 1])} << 16) |
         (uint32_t{static_cast<unsigned char>(s[at + 2])} << 8) |
         uint32_t{static_cast<unsigned char>(s[at + 3])};
}

// Larger images would cost whoever displays them (the verifier's browser) gigabytes to decode;
// a phone's camera makes at most ~8000 pixels a side.
constexpr uint32_t kMaxSide = 16384;

bool SaneSize(uint32_t width, uint32_t height) {
  return width > 0 && height > 0 && width <= kMaxSide && height <= kMaxSide;
}

// PNG: the signature, then chunks (length, type, data, CRC-32) from IHDR to IEND, each CRC
// right, a sane image size in IHDR, and nothing after IEND (where a polyglot hides a ZIP).
bool IsPng(absl::string_view b) {
  static constexpr char kSignature[] = "\x89PNG\r\n\x1a\n";
  if (b.size() < 8 + 25 + 12 || b.substr(0, 8) != absl::string_view(kSignature, 8)) return false;
  size_t at = 8;
  bool first = true;
  while (at + 12 <= b.size()) {
    const uint32_t length = BigEndian32(b, at);
    if (length > b.size() - at - 12) return false;
    absl::string_view type = b.substr(at + 4, 4);
    const uint32_t crc = crc32(0, reinterpret_cast<const Bytef*>(b.data() + at + 4), length + 4);
    if (crc != BigEndian32(b, at + 8 + length)) return false;
    if (first && (type != "IHDR" || length != 13 ||
                  !SaneSize(BigEndian32(b, at + 8), BigEndian32(b, at + 12)))) {
      return false;
    }
    first = false;
    if (type == "IEND") return at + 12 + length == b.size();
    at += 12 + length;
  }
  return false;
}

// JPEG: SOI, then marker segments up to a start-of-frame (which gives a sane size), and EOI
// at the end.
bool IsJpeg(absl::string_view b) {
  if (b.size() < 4 || b.substr(0, 3) != "\xff\xd8\xff" || b.substr(b.size() - 2) != "\xff\xd9") {
    return false;
  }
  size_t at = 2;
  while (at + 4 <= b.size()) {
    if (static_cast<unsigned char>(b[at]) != 0xff) return false;
    const unsigned char marker = static_cast<unsigned char>(b[at + 1]);
    const size_t length = (size_t{static_cast<unsigned char>(b[at + 2])} << 8) |
                          static_cast<unsigned char>(b[at + 3]);
    if (length < 2 || at + 2 + length > b.size()) return false;
    const bool start_of_frame =
        marker >= 0xc0 && marker <= 0xcf && marker != 0xc4 && marker != 0xc8 && marker != 0xcc;
    if (start_of_frame) {
      if (length < 8) return false;
      const size_t height = (size_t{static_cast<unsigned char>(b[at + 5])} << 8) |
                            static_cast<unsigned char>(b[at + 6]);
      const size_t width = (size_t{static_cast<unsigned char>(b[at + 7])} << 8) |
                           static_cast<unsigned char>(b[at + 8]);
      return SaneSize(static_cast<uint32_t>(width), static_cast<uint32_t>(height));
    }
    at += 2 + length;
  }
  return false;
}

}  // namespace

absl::StatusOr<std::string> CheckImage(absl::string_view bytes, size_t max_bytes) {
  if (bytes.empty()) return absl::InvalidArgumentError("is empty");
  if (bytes.size() > max_bytes) {
    return absl::InvalidArgumentError(absl::StrCat("is larger than ", max_bytes / 1024, " KiB"));
  }
  if (EndsLikeAZip(bytes)) {
    return absl::InvalidArgumentError("is not a plain image: it also reads as a ZIP archive");
  }
  if (IsPng(bytes)) return std::string("image/png");
  if (IsJpeg(bytes)) return std::string("image/jpeg");
  return absl::InvalidArgumentError("is not a readable JPEG or PNG image");
}

}  // namespace ams
