// Structured logging: one JSON object per line on stderr, with the service's name.
// Personal data is masked before it reaches a log line (MaskNik, MaskNip, MaskEmail);
// passwords and tokens are never logged at all.
#ifndef AMS_COMMON_LOGGING_H_
#define AMS_COMMON_LOGGING_H_

#include <functional>
#include <initializer_list>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace ams {

enum class LogLevel { kDebug = 0, kInfo = 1, kWarning = 2, kError = 3 };

// A key and a value of a log line. Numbers and strings convert implicitly.
struct LogField {
  template <typename T>
  LogField(absl::string_view k, const T& v) : key(k), value(absl::StrCat(v)) {}
  LogField(absl::string_view k, const absl::Status& s) : key(k), value(s.ToString()) {}
  absl::string_view key;
  std::string value;
};

// Process-wide settings, set once in main().
void SetLogService(absl::string_view service);
void SetLogLevel(LogLevel level);
// Parses "debug", "info", "warning", "error".
bool ParseLogLevel(absl::string_view text, LogLevel* level);
// Where lines go (default: stderr). Tests capture lines here.
void SetLogSink(std::function<void(absl::string_view line)> sink);

void Log(LogLevel level, absl::string_view message, std::initializer_list<LogField> fields = {});
inline void LogInfo(absl::string_view m, std::initializer_list<LogField> f = {}) {
  Log(LogLevel::kInfo, m, f);
}
inline void LogWarning(absl::string_view m, std::initializer_list<LogField> f = {}) {
  Log(LogLevel::kWarning, m, f);
}
inline void LogError(absl::string_view m, std::initializer_list<LogField> f = {}) {
  Log(LogLevel::kError, m, f);
}

// "3305014107900001" -> "3305**********01": region prefix and last two digits only.
std::string MaskNik(absl::string_view nik);
// "198507142010011003" -> "1985************03".
std::string MaskNip(absl::string_view nip);
// "siti.aminah@kebumenkab.go.id" -> "s***@kebumenkab.go.id".
std::string MaskEmail(absl::string_view email);

}  // namespace ams

#endif  // AMS_COMMON_LOGGING_H_
