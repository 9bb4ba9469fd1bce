// Free text from other agencies (SOP step 1) and applicants (step 4) that ends up in records,
// mails and certificates: names, positions, addresses. It must be valid UTF-8, is stored in
// Unicode normalization form C (so "é" typed as one character or as "e" + accent is one
// name), is counted in characters (code points after NFC), not bytes, and holds none of the
// characters that change how the text around them reads: controls (C0, C1 such as U+0085),
// line and paragraph separators (U+2028, U+2029), bidirectional controls (U+202E and kin) and
// other invisible format characters. Which characters those are is the rule set's
// (common/field_rules.json), which the web forms check with too.
#ifndef AMS_COMMON_TEXT_RULES_H_
#define AMS_COMMON_TEXT_RULES_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace ams {

// The NFC form of a required single-line `text` of at most `max_chars` characters, or
// INVALID_ARGUMENT with the reason for a person ("contains a bidirectional control (U+202E)").
absl::StatusOr<std::string> NormalizeText(absl::string_view text, size_t max_chars);

}  // namespace ams

#endif  // AMS_COMMON_TEXT_RULES_H_
