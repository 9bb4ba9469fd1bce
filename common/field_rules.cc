#include "common/field_rules.h"

#include <cstdio>
#include <cstdlib>
#include <string>

#include "absl/strings/str_split.h"
#include "common/field_rules_json.h"  // generated from field_rules.json (CMakeLists.txt)

namespace ams {

const nlohmann::json& FieldRules() {
  static const nlohmann::json* const rules =
      new nlohmann::json(nlohmann::json::parse(kFieldRulesJson));
  return *rules;
}

size_t MaxChars(absl::string_view path) {
  const nlohmann::json* node = &FieldRules();
  for (absl::string_view part : absl::StrSplit(path, '.')) {
    auto it = node->find(std::string(part));
    if (it == node->end()) {
      std::fprintf(stderr, "field_rules.json has no %s\n", std::string(path).c_str());
      std::abort();
    }
    node = &*it;
  }
  return node->at("max_chars").get<size_t>();
}

}  // namespace ams
