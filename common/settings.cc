#include "common/settings.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace ams {
namespace {

// The catalog of settings. Shared ones first, then each service's (added with the
// service). README.md documents them.
constexpr absl::string_view kKnownSettings[] = {
    // Every process.
    "AMS_GRPC_ADDR",
    "AMS_METRICS_ADDR",
    "AMS_KAFKA_BROKERS",
    "AMS_KAFKA_LINGER_MS",
    "AMS_KAFKA_PARTITIONS",
    "AMS_REDIS_ADDR",
    "AMS_REDIS_POOL_SIZE",
    "AMS_LOG_LEVEL",
    "AMS_SHUTDOWN_GRACE",
    "AMS_DEDUPE_WINDOW",
    "AMS_OUTBOX_POLL_INTERVAL",
    "AMS_WORKER_THREADS",
    "AMS_API_KEYS",
    "AMS_API_KEYS_FILE",
    // Services that mail.
    "AMS_SMTP_URL",
    "AMS_SMTP_USERNAME",
    "AMS_SMTP_PASSWORD",
    "AMS_SMTP_REQUIRE_TLS",
    "AMS_MAIL_FROM",
    "AMS_MAIL_SEAL_KEY",
    // Services that check PDFs (intake, enrollment).
    "AMS_PDF_CHECK_BINARY",
    "AMS_PDF_CHECK_TIMEOUT",
    "AMS_PDF_CHECK_MEMORY_MIB",
    "AMS_TRUST_STORE_FILE",
    // intake (SOP step 1).
    "AMS_INTAKE_EMAIL_DOMAINS",
    "AMS_INTAKE_MAX_LETTER_BYTES",
    "AMS_NIK_FINGERPRINT_KEY",
    // forwarding (SOP step 2).
    "AMS_BSRE_MAILBOX",
    "AMS_INTAKE_ADDR",
    "AMS_FORWARDING_INTAKE_KEY",
    // enrollment (SOP steps 3-4).
    "AMS_ACTIVATION_LINK_TTL",
    "AMS_ACTIVATION_REMINDER_LEAD",
    "AMS_ACTIVATION_BASE_URL",
    "AMS_ACTIVATION_MAX_FAILURES_PER_MINUTE",
    "AMS_ACTIVATION_REMINDER_INTERVAL",
    // verification (SOP step 5).
    "AMS_VERIFICATION_INTAKE_KEY",
    "AMS_VERIFICATION_SEPARATION_OF_DUTIES",
    // credential (SOP steps 6-8).
    "AMS_CREDENTIAL_PASSWORD_LENGTH",
    "AMS_CREDENTIAL_MIN_PASSWORD_LENGTH",
    "AMS_CREDENTIAL_MAX_FAILURES",
    "AMS_CREDENTIAL_CLIENT_MAX_FAILURES",
    "AMS_CREDENTIAL_CLIENT_WINDOW",
    "AMS_CREDENTIAL_COMMON_PASSWORDS_FILE",
    "AMS_CREDENTIAL_LOCK_BASE",
    "AMS_CREDENTIAL_LOCK_MAX",
    "AMS_CREDENTIAL_SESSION_TTL",
    "AMS_CREDENTIAL_LOGIN_URL",
    "AMS_CREDENTIAL_CONSUMERS",
    "AMS_ARGON2_MEMORY_KIB",
    "AMS_ARGON2_ITERATIONS",
    "AMS_ARGON2_PARALLEL",
    "AMS_AUDIT_SIGNING_KEY",
    "AMS_AUDIT_SIGNING_KEY_FILE",
    "AMS_AUDIT_LEDGER",
    "AMS_AUDIT_SLA_FACTOR_PERCENT",
    "AMS_AUDIT_SIGN_INTERVAL",
    "AMS_AUDIT_SWEEP_INTERVAL",
    "AMS_AUDIT_ORDER_GRACE",
    // gateway (issue 12).
    "AMS_GATEWAY_ADDR",
    "AMS_GATEWAY_WEB_ROOT",
    "AMS_GATEWAY_API_KEY",
    "AMS_GATEWAY_SECRET_KEY",
    "AMS_GATEWAY_TRUSTED_PROXIES",
    "AMS_GATEWAY_MAX_CONNECTIONS",
    "AMS_FORWARDING_ADDR",
    "AMS_ENROLLMENT_ADDR",
    "AMS_VERIFICATION_ADDR",
    "AMS_AUDIT_ADDR",
    "AMS_CREDENTIAL_ADDR",
    // `make run`'s own (deploy/run.sh), which services ignore.
    "AMS_RUN_DATA",
    "AMS_RUN_KAFKA_PORT",
    "AMS_RUN_REDIS_PORT",
};

}  // namespace

bool IsKnownSetting(absl::string_view key) {
  return std::find(std::begin(kKnownSettings), std::end(kKnownSettings), key) !=
         std::end(kKnownSettings);
}

absl::StatusOr<Settings> Settings::Load(char** envp, const std::vector<std::string>& overrides) {
  std::map<std::string, std::string> values;
  for (char** e = envp; e != nullptr && *e != nullptr; ++e) {
    std::pair<std::string, std::string> kv = absl::StrSplit(*e, absl::MaxSplits('=', 1));
    if (absl::StartsWith(kv.first, "AMS_")) values[kv.first] = kv.second;
  }
  for (const std::string& o : overrides) {
    std::pair<std::string, std::string> kv = absl::StrSplit(o, absl::MaxSplits('=', 1));
    if (kv.first.empty() || o.find('=') == std::string::npos) {
      return absl::InvalidArgumentError(
          absl::StrCat("--set \"", o, "\": expected KEY=VALUE, e.g. --set AMS_LOG_LEVEL=debug"));
    }
    values[kv.first] = kv.second;
  }
  return FromMap(std::move(values));
}

Settings Settings::FromMap(std::map<std::string, std::string> values) {
  Settings s;
  for (auto& [k, v] : values) s.values_.emplace(k, std::move(v));
  return s;
}

const std::string* Settings::Find(absl::string_view key) {
  read_.emplace(key);
  auto it = values_.find(key);
  return it == values_.end() ? nullptr : &it->second;
}

void Settings::Error(absl::string_view key, absl::string_view what) {
  errors_.push_back(absl::StrCat(key, ": ", what));
}

std::string Settings::String(absl::string_view key, absl::string_view default_value) {
  const std::string* v = Find(key);
  return v ? *v : std::string(default_value);
}

std::string Settings::RequiredString(absl::string_view key) {
  const std::string* v = Find(key);
  if (v == nullptr || v->empty()) {
    Error(key, "is required");
    return "";
  }
  return *v;
}

int64_t Settings::Int(absl::string_view key, int64_t default_value, int64_t min, int64_t max) {
  const std::string* v = Find(key);
  if (v == nullptr) return default_value;
  int64_t out;
  if (!absl::SimpleAtoi(*v, &out)) {
    Error(key, absl::StrCat("\"", *v, "\" is not a whole number"));
    return default_value;
  }
  if (out < min || out > max) {
    Error(key, absl::StrCat(out, " is outside ", min, "..", max));
    return default_value;
  }
  return out;
}

bool Settings::Bool(absl::string_view key, bool default_value) {
  const std::string* v = Find(key);
  if (v == nullptr) return default_value;
  bool out;
  if (!absl::SimpleAtob(*v, &out)) {
    Error(key, absl::StrCat("\"", *v, "\" is not true or false"));
    return default_value;
  }
  return out;
}

absl::Duration Settings::Duration(absl::string_view key, absl::Duration default_value,
                                  absl::Duration min, absl::Duration max) {
  const std::string* v = Find(key);
  if (v == nullptr) return default_value;
  absl::Duration out;
  if (!absl::ParseDuration(*v, &out)) {
    Error(key, absl::StrCat("\"", *v, "\" is not a duration such as 500ms, 10s or 72h"));
    return default_value;
  }
  if (out < min || out > max) {
    Error(key, absl::StrCat(absl::FormatDuration(out), " is outside ", absl::FormatDuration(min),
                            "..", absl::FormatDuration(max)));
    return default_value;
  }
  return out;
}

std::string Settings::Address(absl::string_view key, absl::string_view default_value) {
  std::string v = String(key, default_value);
  size_t colon = v.rfind(':');
  int port = -1;
  if (colon == std::string::npos || colon == 0 ||
      !absl::SimpleAtoi(absl::string_view(v).substr(colon + 1), &port) || port < 0 ||
      port > 65535) {
    Error(key, absl::StrCat("\"", v, "\" is not host:port (port 0..65535)"));
  }
  return v;
}

std::string Settings::FileOrValue(absl::string_view file_key, absl::string_view value_key) {
  std::string path = String(file_key, "");
  if (path.empty()) return RequiredString(value_key);
  std::ifstream in(path);
  if (!in) {
    Error(file_key, absl::StrCat("cannot read \"", path, "\""));
    return "";
  }
  std::stringstream contents;
  contents << in.rdbuf();
  return contents.str();
}

std::string Settings::OneOf(absl::string_view key, absl::string_view default_value,
                            std::initializer_list<absl::string_view> choices) {
  std::string v = String(key, default_value);
  if (std::find(choices.begin(), choices.end(), v) == choices.end()) {
    Error(key, absl::StrCat("\"", v, "\" is not one of ", absl::StrJoin(choices, ", ")));
    return std::string(default_value);
  }
  return v;
}

std::vector<std::string> Settings::List(absl::string_view key, absl::string_view default_value) {
  std::string v = String(key, default_value);
  std::vector<std::string> items;
  for (absl::string_view item : absl::StrSplit(v, ',')) {
    item = absl::StripAsciiWhitespace(item);
    if (item.empty()) {
      Error(key, absl::StrCat("\"", v, "\" has an empty item"));
      return {};
    }
    items.emplace_back(item);
  }
  return items;
}

absl::Status Settings::Validate() const {
  std::vector<std::string> problems = errors_;
  for (const auto& [key, value] : values_) {
    if (!IsKnownSetting(key)) problems.push_back(absl::StrCat(key, ": unknown setting"));
  }
  if (problems.empty()) return absl::OkStatus();
  return absl::InvalidArgumentError(
      absl::StrCat("bad configuration: ", absl::StrJoin(problems, "; ")));
}

}  // namespace ams
