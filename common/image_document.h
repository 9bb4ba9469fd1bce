// Images the applicant uploads at SOP step 4 (KTP scan, specimen signature): JPEG or PNG,
// judged by content (structure, not name or extension), within a size limit.
#ifndef AMS_COMMON_IMAGE_DOCUMENT_H_
#define AMS_COMMON_IMAGE_DOCUMENT_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace ams {

// "image/jpeg" or "image/png"; INVALID_ARGUMENT with a reason for a person otherwise.
absl::StatusOr<std::string> CheckImage(absl::string_view bytes, size_t max_bytes);

}  // namespace ams

#endif  // AMS_COMMON_IMAGE_DOCUMENT_H_
