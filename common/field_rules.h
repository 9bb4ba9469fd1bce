// The field rules of common/field_rules.json: what the servers enforce on free text and what
// the web forms check as the user types (the web app imports the same file). Built into the
// binary, so a service and its forms cannot disagree.
#ifndef AMS_COMMON_FIELD_RULES_H_
#define AMS_COMMON_FIELD_RULES_H_

#include <cstddef>

#include "absl/strings/string_view.h"
#include "nlohmann/json.hpp"

namespace ams {

// The whole rule set, parsed once.
const nlohmann::json& FieldRules();

// The "max_chars" of a field, by its path in the rule set ("activation.address"). A path
// that is not there is a programming error, found at first use: the process stops.
size_t MaxChars(absl::string_view path);

}  // namespace ams

#endif  // AMS_COMMON_FIELD_RULES_H_
