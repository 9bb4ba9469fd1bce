#include "common/testing/image_fixtures.h"

#include <zlib.h>

#include <string>

namespace ams::testing {
namespace {

void Put32(std::string& s, uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) s.push_back(static_cast<char>((v >> shift) & 0xff));
}

void Chunk(std::string& png, const std::string& type, const std::string& data) {
  Put32(png, static_cast<uint32_t>(data.size()));
  std::string body = type + data;
  png += body;
  Put32(png, crc32(0, reinterpret_cast<const Bytef*>(body.data()), body.size()));
}

}  // namespace

std::string MakePng(int width, int height) {
  std::string png("\x89PNG\r\n\x1a\n", 8);
  std::string ihdr;
  Put32(ihdr, width);
  Put32(ihdr, height);
  ihdr += std::string("\x08\x00\x00\x00\x00", 5);  // 8-bit greyscale
  Chunk(png, "IHDR", ihdr);
  std::string raw;
  for (int y = 0; y < height; ++y) raw += std::string(1, '\0') + std::string(width, '\x80');
  uLongf size = compressBound(raw.size());
  std::string idat(size, '\0');
  compress(reinterpret_cast<Bytef*>(idat.data()), &size, reinterpret_cast<const Bytef*>(raw.data()),
           raw.size());
  idat.resize(size);
  Chunk(png, "IDAT", idat);
  Chunk(png, "IEND", "");
  return png;
}

std::string MakeJpeg(int width, int height) {
  std::string jpeg("\xff\xd8", 2);
  // SOF0: length 11, precision 8, height, width, 1 component.
  jpeg += std::string("\xff\xc0\x00\x0b\x08", 5);
  jpeg.push_back(static_cast<char>(height >> 8));
  jpeg.push_back(static_cast<char>(height & 0xff));
  jpeg.push_back(static_cast<char>(width >> 8));
  jpeg.push_back(static_cast<char>(width & 0xff));
  jpeg += std::string("\x01\x01\x11\x00", 4);
  jpeg += std::string("\xff\xd9", 2);
  return jpeg;
}

}  // namespace ams::testing
