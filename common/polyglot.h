// A file that is also another kind of file. ZIP readers look for the end-of-central-directory
// record ("PK\5\6") in a file's last 65,557 bytes (22 and a comment of up to 65,535), whatever
// the file starts with: a PDF or an image with one there opens as a ZIP too.
#ifndef AMS_COMMON_POLYGLOT_H_
#define AMS_COMMON_POLYGLOT_H_

#include "absl/strings/string_view.h"

namespace ams {

inline bool EndsLikeAZip(absl::string_view bytes) {
  constexpr size_t kZipTail = 22 + 65535;
  const size_t from = bytes.size() > kZipTail ? bytes.size() - kZipTail : 0;
  return bytes.find(absl::string_view("PK\x05\x06", 4), from) != absl::string_view::npos;
}

}  // namespace ams

#endif  // AMS_COMMON_POLYGLOT_H_
