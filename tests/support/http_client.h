// Plain HTTP calls (libcurl) for tests and tools: maildev's REST API, /metrics.
#ifndef AMS_TESTS_SUPPORT_HTTP_CLIENT_H_
#define AMS_TESTS_SUPPORT_HTTP_CLIENT_H_

#include <string>

namespace ams::testing {

// The body of a GET, or "" on any failure.
std::string HttpGet(const std::string& url);
// True if a DELETE was answered 2xx.
bool HttpDelete(const std::string& url);

}  // namespace ams::testing

#endif  // AMS_TESTS_SUPPORT_HTTP_CLIENT_H_
