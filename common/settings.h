// Configuration: AMS_* settings from the environment, overridden by `--set KEY=VALUE`
// flags, read through typed getters that validate as they read. Every problem is
// collected, and Validate() reports them all at once, naming each setting, so a process
// with bad configuration stops at start with one clear message.
#ifndef AMS_COMMON_SETTINGS_H_
#define AMS_COMMON_SETTINGS_H_

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace ams {

class Settings {
 public:
  // `environ`-style array; only AMS_* entries are kept. `overrides` are "KEY=VALUE".
  static absl::StatusOr<Settings> Load(char** envp, const std::vector<std::string>& overrides);
  static Settings FromMap(std::map<std::string, std::string> values);

  std::string String(absl::string_view key, absl::string_view default_value);
  // Missing or empty is an error.
  std::string RequiredString(absl::string_view key);
  int64_t Int(absl::string_view key, int64_t default_value, int64_t min, int64_t max);
  bool Bool(absl::string_view key, bool default_value);
  // Go-style durations: "250ms", "10s", "72h".
  absl::Duration Duration(absl::string_view key, absl::Duration default_value, absl::Duration min,
                          absl::Duration max);
  // "host:port" with port 0..65535 (0 = pick a free port).
  std::string Address(absl::string_view key, absl::string_view default_value);
  // The contents of the file named by `file_key` if that is set (an unreadable file is an
  // error), else the required value of `value_key`. For secrets kept in mounted files.
  std::string FileOrValue(absl::string_view file_key, absl::string_view value_key);
  // One of `choices`.
  std::string OneOf(absl::string_view key, absl::string_view default_value,
                    std::initializer_list<absl::string_view> choices);
  // Comma-separated, non-empty items.
  std::vector<std::string> List(absl::string_view key, absl::string_view default_value);

  // InvalidArgument naming every bad value read and every AMS_* setting this project
  // does not know (a typo would otherwise be silently ignored).
  absl::Status Validate() const;

 private:
  const std::string* Find(absl::string_view key);
  void Error(absl::string_view key, absl::string_view what);

  std::map<std::string, std::string, std::less<>> values_;
  std::set<std::string, std::less<>> read_;
  std::vector<std::string> errors_;
};

// Every setting name the project's processes read; Settings::Validate() rejects others.
bool IsKnownSetting(absl::string_view key);

}  // namespace ams

#endif  // AMS_COMMON_SETTINGS_H_
