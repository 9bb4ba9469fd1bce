#include "common/text_rules.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <set>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/field_rules.h"

namespace ams {
namespace {

std::string CodePoint(UChar32 c) { return absl::StrFormat("U+%04X", c); }

// The rule set's "text" rule in ICU's terms.
struct TextRule {
  uint32_t forbidden_categories = 0;  // U_GC_*_MASK bits
  std::vector<UProperty> forbidden_properties;
  std::set<UChar32> allowed;
};

const TextRule& Rule() {
  static const TextRule* const rule = [] {
    auto* r = new TextRule;
    const nlohmann::json& text = FieldRules().at("text");
    for (const std::string name : text.at("forbidden_general_categories")) {
      r->forbidden_categories |=
          static_cast<uint32_t>(u_getPropertyValueEnum(UCHAR_GENERAL_CATEGORY_MASK, name.c_str()));
    }
    for (const std::string name : text.at("forbidden_binary_properties")) {
      r->forbidden_properties.push_back(u_getPropertyEnum(name.c_str()));
    }
    for (UChar32 c : text.at("allowed_code_points")) r->allowed.insert(c);
    return r;
  }();
  return *rule;
}

// Why `c` may not stand in a single line of a name, or "".
std::string Forbidden(UChar32 c) {
  const TextRule& rule = Rule();
  if (rule.allowed.count(c) > 0) return "";
  for (UProperty p : rule.forbidden_properties) {
    if (!u_hasBinaryProperty(c, p)) continue;
    if (p == UCHAR_BIDI_CONTROL) {
      return absl::StrCat("contains a bidirectional control (", CodePoint(c), ")");
    }
    return absl::StrCat("contains a character not allowed here (", CodePoint(c), ")");
  }
  const int8_t type = u_charType(c);
  if ((U_MASK(type) & rule.forbidden_categories) == 0) return "";
  switch (type) {
    case U_CONTROL_CHAR:
      return absl::StrCat("contains a control character (", CodePoint(c), ")");
    case U_LINE_SEPARATOR:
    case U_PARAGRAPH_SEPARATOR:
      return absl::StrCat("contains a line separator (", CodePoint(c), ")");
    case U_FORMAT_CHAR:
      return absl::StrCat("contains an invisible format character (", CodePoint(c), ")");
    case U_UNASSIGNED:
    case U_PRIVATE_USE_CHAR:
      return absl::StrCat("contains a character with no meaning (", CodePoint(c), ")");
    default:
      return absl::StrCat("contains a character not allowed here (", CodePoint(c), ")");
  }
}

}  // namespace

absl::StatusOr<std::string> NormalizeText(absl::string_view text, size_t max_chars) {
  if (absl::StripAsciiWhitespace(text).empty()) return absl::InvalidArgumentError("is required");
  const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
  const int32_t length = static_cast<int32_t>(text.size());
  for (int32_t i = 0; i < length;) {
    UChar32 c;
    U8_NEXT(bytes, i, length, c);
    if (c < 0) return absl::InvalidArgumentError("is not valid UTF-8");
    if (std::string why = Forbidden(c); !why.empty()) return absl::InvalidArgumentError(why);
  }
  UErrorCode error = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(error);
  icu::UnicodeString normalized =
      nfc->normalize(icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), length)), error);
  if (U_FAILURE(error)) return absl::InvalidArgumentError("cannot be normalized");
  if (static_cast<size_t>(normalized.countChar32()) > max_chars) {
    return absl::InvalidArgumentError(absl::StrCat("is longer than ", max_chars, " characters"));
  }
  std::string out;
  normalized.toUTF8String(out);
  return out;
}

}  // namespace ams
