#include "services/gateway/static_files.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "re2/re2.h"
#include "zlib.h"

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

// Text compresses to a quarter or less: what a phone on a slow line waits for.
bool Compressible(const std::string& path) {
  for (const char* ending : {".html", ".js", ".css", ".svg", ".json", ".txt"}) {
    if (absl::EndsWith(path, ending)) return true;
  }
  return false;
}

bool AcceptsGzip(const HttpRequest& request) {
  const std::string accepted(request[http::field::accept_encoding]);
  for (absl::string_view coding : absl::StrSplit(accepted, ',')) {
    coding = absl::StripAsciiWhitespace(coding);
    if (absl::StartsWith(coding, "gzip") && !absl::StrContains(coding, "q=0")) return true;
  }
  return false;
}

std::string Gzip(const std::string& bytes) {
  z_stream z{};
  // 15 window bits + 16: a gzip header and trailer.
  if (deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) return "";
  std::string out(deflateBound(&z, bytes.size()), '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  z.avail_in = static_cast<uInt>(bytes.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  const int done = deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  return done == Z_STREAM_END ? out : "";
}

HttpResponse Status(const HttpRequest& request, http::status status) {
  HttpResponse r(status, request.version());
  r.set(http::field::content_type, "text/plain; charset=utf-8");
  r.body() = std::string(http::obsolete_reason(status));
  return r;
}

}  // namespace

std::string StaticFiles::Compressed(const std::string& path, const std::string& body,
                                    bool immutable) const {
  // A hashed asset never changes under its name: compressed once. index.html is small and
  // changes with each build: compressed each time.
  if (!immutable) return Gzip(body);
  {
    absl::MutexLock lock(&mu_);
    auto it = gzipped_.find(path);
    if (it != gzipped_.end()) return it->second;
  }
  std::string gzipped = Gzip(body);
  absl::MutexLock lock(&mu_);
  if (gzipped_.size() < 1000) gzipped_[path] = gzipped;
  return gzipped;
}

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
  if (Compressible(path)) {
    r.set(http::field::vary, "Accept-Encoding");
    if (AcceptsGzip(request)) {
      std::string gzipped = Compressed(path, body, asset);
      if (!gzipped.empty()) {
        body = std::move(gzipped);
        r.set(http::field::content_encoding, "gzip");
      }
    }
  }
  if (request.method() == http::verb::head) {
    r.content_length(body.size());
  } else {
    r.body() = std::move(body);
  }
  return r;
}

}  // namespace ams::gateway
