// The gateway's HTTP/1.1 server on Boost.Beast: keep-alive, a bounded request (headers and
// body), an idle timeout. Each request is answered by the handler on a work pool, so a slow
// call to a service never holds up the I/O of other connections.
#ifndef AMS_SERVICES_GATEWAY_HTTP_SERVER_H_
#define AMS_SERVICES_GATEWAY_HTTP_SERVER_H_

#include <boost/beast/http.hpp>
#include <functional>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace ams::gateway {

namespace http = boost::beast::http;
using HttpRequest = http::request<http::string_body>;
using HttpResponse = http::response<http::string_body>;
// The body of a response that stays open (Server-Sent Events), written chunk by chunk.
class StreamWriter {
 public:
  virtual ~StreamWriter() = default;
  // Queues `bytes` as the next chunk; false once the client has gone or is too far behind
  // (the stream is then closed: forget the writer).
  virtual bool Write(std::string bytes) = 0;
  // Ends the response after what is queued.
  virtual void Close() = 0;
  // False once the client has gone.
  virtual bool IsOpen() const = 0;
};

// What the handler answers: a response, or with `open` the head of one that stays open:
// `open` gets its writer once the head is out.
struct HttpReply {
  HttpReply(HttpResponse r) : response(std::move(r)) {}  // NOLINT: a plain response converts
  HttpResponse response;
  std::function<void(std::shared_ptr<StreamWriter>)> open;
};

// Blocking is allowed: it runs on the server's work pool. `peer` is the client's address.
using HttpHandler = std::function<HttpReply(const HttpRequest&, const std::string& peer)>;

struct HttpServerOptions {
  std::string address = "127.0.0.1:8080";  // port 0 picks a free one
  int io_threads = 1;
  int workers = 8;
  uint64_t max_body_bytes = 1 << 20;
  absl::Duration idle_timeout = absl::Seconds(60);
  // Connections open at once (live update streams included); one more is closed at accept.
  int max_connections = 2000;
};

class HttpServer {
 public:
  // UNAVAILABLE when the address cannot be listened on.
  static absl::StatusOr<std::unique_ptr<HttpServer>> Start(const HttpServerOptions& options,
                                                           HttpHandler handler);
  ~HttpServer();
  int port() const;
  // Stops accepting, closes connections, joins every thread.
  void Stop();

 private:
  struct Impl;
  explicit HttpServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace ams::gateway

#endif  // AMS_SERVICES_GATEWAY_HTTP_SERVER_H_
