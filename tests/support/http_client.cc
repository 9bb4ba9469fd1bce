#include "tests/support/http_client.h"

#include <curl/curl.h>

namespace ams::testing {
namespace {

// Runs `method` on `url`; the body goes to `body` when given. Returns the HTTP status, 0 on
// a transport failure.
long Call(const char* method, const std::string& url, std::string* body) {
  CURL* curl = curl_easy_init();
  if (curl == nullptr) return 0;
  std::string ignored;
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, 5000L);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(
      curl, CURLOPT_WRITEFUNCTION, +[](char* data, size_t size, size_t n, void* out) {
        static_cast<std::string*>(out)->append(data, size * n);
        return size * n;
      });
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, body != nullptr ? body : &ignored);
  long status = 0;
  if (curl_easy_perform(curl) == CURLE_OK) curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
  curl_easy_cleanup(curl);
  return status;
}

}  // namespace

std::string HttpGet(const std::string& url) {
  std::string body;
  return Call("GET", url, &body) != 0 ? body : "";
}

bool HttpDelete(const std::string& url) {
  long status = Call("DELETE", url, nullptr);
  return status >= 200 && status < 300;
}

}  // namespace ams::testing
