#ifndef AMS_COMMON_TESTING_IMAGE_FIXTURES_H_
#define AMS_COMMON_TESTING_IMAGE_FIXTURES_H_

#include <string>

namespace ams::testing {

// A small valid PNG (w x h, grey) and a minimal structurally valid JPEG (SOI, SOF0, EOI).
std::string MakePng(int width = 4, int height = 4);
std::string MakeJpeg(int width = 8, int height = 8);

}  // namespace ams::testing

#endif  // AMS_COMMON_TESTING_IMAGE_FIXTURES_H_
