// The page tokens of every List call: an offset into the listing, base64url so that callers
// treat it as opaque.
#ifndef AMS_COMMON_PAGE_TOKEN_H_
#define AMS_COMMON_PAGE_TOKEN_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace ams {

inline std::string PageToken(int64_t offset) {
  return absl::WebSafeBase64Escape(absl::StrCat(offset));
}

// The offset `token` stands for ("" is the first page, 0); nullopt when PageToken did not
// make it. Callers answer that as a field violation of page_token (kNotAPageToken).
inline std::optional<int64_t> PageOffset(absl::string_view token) {
  if (token.empty()) return 0;
  std::string decoded;
  int64_t offset = 0;
  if (!absl::WebSafeBase64Unescape(token, &decoded) || !absl::SimpleAtoi(decoded, &offset) ||
      offset < 0) {
    return std::nullopt;
  }
  return offset;
}

inline constexpr char kNotAPageToken[] = "is not a token this service gave out";

}  // namespace ams

#endif  // AMS_COMMON_PAGE_TOKEN_H_
