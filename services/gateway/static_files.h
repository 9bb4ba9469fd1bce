// The built web app (Vite's dist/): `index.html` for every page the app routes itself, never
// cached so a release reaches the browser at once; hashed assets (`/assets/name-<hash>.js`)
// cached for a year, as their name changes with their content. Text goes gzipped to a browser
// that takes it. Nothing outside the root is ever read.
#ifndef AMS_SERVICES_GATEWAY_STATIC_FILES_H_
#define AMS_SERVICES_GATEWAY_STATIC_FILES_H_

#include <map>
#include <string>

#include "absl/synchronization/mutex.h"
#include "services/gateway/http_server.h"

namespace ams::gateway {

class StaticFiles {
 public:
  explicit StaticFiles(std::string root) : root_(std::move(root)) {}
  // GET and HEAD; 404 for a file that is not there, 405 for another method.
  HttpResponse Serve(const HttpRequest& request) const;

 private:
  // `body` gzipped ("" if zlib fails); an immutable asset's is kept.
  std::string Compressed(const std::string& path, const std::string& body, bool immutable) const;

  const std::string root_;
  mutable absl::Mutex mu_;
  mutable std::map<std::string, std::string> gzipped_ ABSL_GUARDED_BY(mu_);
};

}  // namespace ams::gateway

#endif  // AMS_SERVICES_GATEWAY_STATIC_FILES_H_
