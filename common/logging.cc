#include "common/logging.h"

#include <atomic>
#include <cstdio>
#include <string>

#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "nlohmann/json.hpp"

namespace ams {
namespace {

struct LogState {
  absl::Mutex mu;
  std::string service ABSL_GUARDED_BY(mu) = "ams";
  std::function<void(absl::string_view)> sink ABSL_GUARDED_BY(mu);
};

LogState& State() {
  static LogState* state = new LogState();
  return *state;
}

std::atomic<int> min_level{static_cast<int>(LogLevel::kInfo)};

const char* LevelName(LogLevel level) {
  switch (level) {
    case LogLevel::kDebug:
      return "debug";
    case LogLevel::kInfo:
      return "info";
    case LogLevel::kWarning:
      return "warning";
    case LogLevel::kError:
      return "error";
  }
  return "info";
}

// Keeps `head` leading and `tail` trailing characters, stars in between.
std::string MaskMiddle(absl::string_view s, size_t head, size_t tail) {
  if (s.size() <= head + tail) return std::string(s.size(), '*');
  return absl::StrCat(s.substr(0, head), std::string(s.size() - head - tail, '*'),
                      s.substr(s.size() - tail));
}

}  // namespace

void SetLogService(absl::string_view service) {
  absl::MutexLock lock(&State().mu);
  State().service = std::string(service);
}

void SetLogLevel(LogLevel level) { min_level = static_cast<int>(level); }

bool ParseLogLevel(absl::string_view text, LogLevel* level) {
  for (LogLevel l : {LogLevel::kDebug, LogLevel::kInfo, LogLevel::kWarning, LogLevel::kError}) {
    if (text == LevelName(l)) {
      *level = l;
      return true;
    }
  }
  return false;
}

void SetLogSink(std::function<void(absl::string_view)> sink) {
  absl::MutexLock lock(&State().mu);
  State().sink = std::move(sink);
}

void Log(LogLevel level, absl::string_view message, std::initializer_list<LogField> fields) {
  if (static_cast<int>(level) < min_level) return;
  nlohmann::ordered_json line;
  line["ts"] = absl::FormatTime("%Y-%m-%dT%H:%M:%E3SZ", absl::Now(), absl::UTCTimeZone());
  line["level"] = LevelName(level);
  LogState& state = State();
  absl::MutexLock lock(&state.mu);
  line["service"] = state.service;
  line["msg"] = std::string(message);
  for (const LogField& f : fields) line[std::string(f.key)] = f.value;
  // Invalid UTF-8 from outside is replaced rather than thrown on.
  std::string text = line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  if (state.sink) {
    state.sink(text);
  } else {
    text.push_back('\n');
    std::fwrite(text.data(), 1, text.size(), stderr);
  }
}

std::string MaskNik(absl::string_view nik) { return MaskMiddle(nik, 4, 2); }

std::string MaskNip(absl::string_view nip) { return MaskMiddle(nip, 4, 2); }

std::string MaskEmail(absl::string_view email) {
  size_t at = email.rfind('@');
  if (at == absl::string_view::npos) return MaskMiddle(email, 1, 0);
  absl::string_view local = email.substr(0, at);
  return absl::StrCat(local.empty() ? "" : local.substr(0, 1), "***", email.substr(at));
}

}  // namespace ams
