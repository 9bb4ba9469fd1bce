#include "services/gateway/static_files.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "re2/re2.h"

namespace ams::gateway {
namespace {

std::string ContentType(const std::string& path) {
  static const std::pair<const char*, const char*> kTypes[] = {
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".woff2", "font/woff2"},
      {".json", "application/json"},
      {".ico", "image/x-icon"},
      {".txt", "text/plain; charset=utf-8"}};
  for (const auto& [ending, type] : kTypes) {
    if (absl::EndsWith(path, ending)) return type;
  }
  return "application/octet-stream";
}

bool Read(const std::string& path, std::string* out) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) return false;  // a folder reads as empty
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream text;
  text << in.rdbuf();
  *out = text.str();
  return true;
}

HttpResponse Status(const HttpRequest& request, http::status status) {
  HttpResponse r(status, request.version());
  r.set(http::field::content_type, "text/plain; charset=utf-8");
  r.body() = std::string(http::obsolete_reason(status));
  return r;
}

}  // namespace

HttpResponse StaticFiles::Serve(const HttpRequest& request) const {
  if (request.method() != http::verb::get && request.method() != http::verb::head) {
    HttpResponse r = Status(request, http::status::method_not_allowed);
    r.set(http::field::allow, "GET, HEAD");
    return r;
  }
  std::string path(request.target().substr(0, request.target().find_first_of("?#")));
  // Plain names only: no "..", no percent-escapes, no backslashes, nothing hidden.
  static const RE2* const kSafe = new RE2("(/[A-Za-z0-9_-][A-Za-z0-9._-]*)*/?");
  if (!RE2::FullMatch(path, *kSafe) || absl::StrContains(path, "..")) {
    return Status(request, http::status::not_found);
  }
  const bool asset = absl::StartsWith(path, "/assets/");
  // A page of the app itself ("/antrian/123"): the app routes it.
  if (path == "/" || (!asset && path.rfind('.') == std::string::npos)) path = "/index.html";
  std::string body;
  if (!Read(root_ + path, &body)) return Status(request, http::status::not_found);
  HttpResponse r(http::status::ok, request.version());
  r.set(http::field::content_type, ContentType(path));
  r.set(http::field::cache_control,
        asset ? "public, max-age=31536000, immutable" : "no-cache, no-store, must-revalidate");
  if (request.method() == http::verb::head) {
    r.content_length(body.size());
  } else {
    r.body() = std::move(body);
  }
  return r;
}

}  // namespace ams::gateway
