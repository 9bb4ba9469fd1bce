#include "services/gateway/http_server.h"

#include <array>
#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <deque>
#include <optional>
#include <thread>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/work_pool.h"

namespace ams::gateway {
namespace {

namespace beast = boost::beast;
namespace net = boost::asio;
using tcp = net::ip::tcp;

// Chunks a stream may have queued for a client that reads too slowly before it is dropped.
constexpr size_t kMaxQueuedChunks = 256;

// One connection: read a request, answer it on the pool, write, and again while kept alive;
// or, for a response that stays open, write its chunks as they come until the client goes.
class Connection : public StreamWriter, public std::enable_shared_from_this<Connection> {
 public:
  Connection(tcp::socket socket, const HttpServerOptions& options, const HttpHandler& handler,
             WorkPool& pool, std::shared_ptr<std::atomic<int>> open)
      : stream_(std::move(socket)),
        options_(options),
        handler_(handler),
        pool_(pool),
        open_(std::move(open)) {
    ++*open_;
  }
  ~Connection() override { --*open_; }

  void Start() {
    net::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->Read(); });
  }

 private:
  void Read() {
    parser_.emplace();
    parser_->body_limit(options_.max_body_bytes);
    parser_->header_limit(16 * 1024);
    stream_.expires_after(absl::ToChronoSeconds(options_.idle_timeout));
    http::async_read(
        stream_, buffer_, *parser_,
        [self = shared_from_this()](beast::error_code ec, size_t) { self->OnRead(ec); });
  }

  void OnRead(beast::error_code ec) {
    if (ec == http::error::body_limit) return Reply(Plain(http::status::payload_too_large));
    if (ec == http::error::end_of_stream || ec) return EndConnection();
    stream_.expires_never();
    request_ = parser_->release();
    beast::error_code ignored;
    peer_ = stream_.socket().remote_endpoint(ignored).address().to_string();
    pool_.Submit([self = shared_from_this()] {
      HttpReply reply = self->handler_(self->request_, self->peer_);
      net::post(self->stream_.get_executor(), [self, reply = std::move(reply)]() mutable {
        if (reply.open) return self->OpenStream(std::move(reply));
        self->Reply(std::move(reply.response));
      });
    });
  }

 public:
  bool Write(std::string bytes) override {
    if (closed_) return false;
    net::post(stream_.get_executor(), [self = shared_from_this(), bytes = std::move(bytes)] {
      if (self->closed_) return;
      if (self->chunks_.size() >= kMaxQueuedChunks) return self->CloseStream();
      self->chunks_.push_back(std::move(bytes));
      if (self->chunks_.size() == 1) self->WriteChunk();
    });
    return true;
  }

  bool IsOpen() const override { return !closed_; }

  void Close() override {
    net::post(stream_.get_executor(), [self = shared_from_this()] {
      self->close_when_written_ = true;
      if (self->chunks_.empty()) self->FinishStream();
    });
  }

 private:
  void OpenStream(HttpReply reply) {
    stream_head_.emplace(std::move(reply.response.base()));
    stream_head_->chunked(true);
    head_serializer_.emplace(*stream_head_);
    stream_.expires_never();  // heartbeats keep it alive; a dead client fails a write
    http::async_write_header(
        stream_, *head_serializer_,
        [self = shared_from_this(), open = std::move(reply.open)](beast::error_code ec, size_t) {
          if (ec) return self->CloseStream();
          self->WatchForHangUp();
          open(self);
        });
  }

  // Nothing more is read from a stream's client: a read ends only when it hangs up.
  void WatchForHangUp() {
    stream_.async_read_some(net::buffer(hang_up_buffer_),
                            [self = shared_from_this()](beast::error_code ec, size_t) {
                              if (ec) return self->CloseStream();
                              self->WatchForHangUp();
                            });
  }

  void WriteChunk() {
    net::async_write(stream_, http::make_chunk(net::buffer(chunks_.front())),
                     [self = shared_from_this()](beast::error_code ec, size_t) {
                       if (ec) return self->CloseStream();
                       self->chunks_.pop_front();
                       if (!self->chunks_.empty()) return self->WriteChunk();
                       if (self->close_when_written_) self->FinishStream();
                     });
  }

  // The last chunk, then the connection closes: the response is complete, not cut off.
  void FinishStream() {
    if (closed_) return;
    net::async_write(
        stream_, http::make_chunk_last(),
        [self = shared_from_this()](beast::error_code, size_t) { self->CloseStream(); });
  }

  void CloseStream() {
    if (closed_.exchange(true)) return;
    chunks_.clear();
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
    stream_.socket().close(ignored);
  }

  HttpResponse Plain(http::status status) const {
    HttpResponse r(status, 11);
    r.set(http::field::content_type, "text/plain; charset=utf-8");
    r.body() = std::string(http::obsolete_reason(status));
    r.keep_alive(false);
    r.prepare_payload();
    return r;
  }

  void Reply(HttpResponse response) {
    response_ = std::make_shared<HttpResponse>(std::move(response));
    if (!response_->has_content_length()) response_->prepare_payload();
    stream_.expires_after(absl::ToChronoSeconds(options_.idle_timeout));
    http::async_write(stream_, *response_,
                      [self = shared_from_this()](beast::error_code ec, size_t) {
                        if (ec || !self->response_->keep_alive()) return self->EndConnection();
                        self->Read();
                      });
  }

  void EndConnection() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  HttpRequest request_;
  std::string peer_;
  std::shared_ptr<HttpResponse> response_;
  // A response that stays open: its head, and the chunks waiting to be written.
  std::optional<http::response<http::empty_body>> stream_head_;
  std::optional<http::response_serializer<http::empty_body>> head_serializer_;
  std::deque<std::string> chunks_;
  std::array<char, 512> hang_up_buffer_;
  std::atomic<bool> closed_{false};
  bool close_when_written_ = false;
  const HttpServerOptions& options_;
  const HttpHandler& handler_;
  WorkPool& pool_;
  std::shared_ptr<std::atomic<int>> open_;  // the server's count of open connections
};

}  // namespace

// Members in the order they must outlive each other: the pool finishes its queued requests
// (which post to `io`) before `io` goes; both before the handler and options they use.
struct HttpServer::Impl {
  Impl(const HttpServerOptions& o, HttpHandler h)
      : options(o), handler(std::move(h)), acceptor(io), retry(io), pool(o.workers) {}
  void Accept() {
    acceptor.async_accept(net::make_strand(io), [this](beast::error_code ec, tcp::socket socket) {
      if (ec == net::error::operation_aborted) return;
      if (ec) {
        // Out of file descriptors, say: wait a little rather than spin.
        retry.expires_after(std::chrono::milliseconds(100));
        retry.async_wait([this](beast::error_code wait) {
          if (!wait) Accept();
        });
        return;
      }
      if (*open >= options.max_connections) {
        // Full: closed at once, before any of its bytes are read.
        beast::error_code ignored;
        socket.close(ignored);
      } else {
        std::make_shared<Connection>(std::move(socket), options, handler, pool, open)->Start();
      }
      Accept();
    });
  }

  HttpServerOptions options;
  HttpHandler handler;
  net::io_context io;
  tcp::acceptor acceptor;
  net::steady_timer retry;
  WorkPool pool;
  std::shared_ptr<std::atomic<int>> open = std::make_shared<std::atomic<int>>(0);
  std::vector<std::thread> threads;
  bool stopped = false;
};

absl::StatusOr<std::unique_ptr<HttpServer>> HttpServer::Start(const HttpServerOptions& options,
                                                              HttpHandler handler) {
  auto impl = std::make_unique<Impl>(options, std::move(handler));
  const size_t colon = options.address.rfind(':');
  int port = 0;
  beast::error_code ec;
  const auto host = colon == std::string::npos
                        ? net::ip::address()
                        : net::ip::make_address(options.address.substr(0, colon), ec);
  if (colon == std::string::npos || ec ||
      !absl::SimpleAtoi(options.address.substr(colon + 1), &port)) {
    return absl::InvalidArgumentError(
        absl::StrCat("gateway address \"", options.address, "\": expected host:port"));
  }
  tcp::endpoint endpoint(host, static_cast<unsigned short>(port));
  impl->acceptor.open(endpoint.protocol(), ec);
  if (!ec) impl->acceptor.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) impl->acceptor.bind(endpoint, ec);
  if (!ec) impl->acceptor.listen(net::socket_base::max_listen_connections, ec);
  if (ec) {
    return absl::UnavailableError(
        absl::StrCat("gateway: cannot listen on ", options.address, ": ", ec.message()));
  }
  impl->Accept();
  for (int i = 0; i < options.io_threads; ++i) {
    impl->threads.emplace_back([io = &impl->io] { io->run(); });
  }
  return std::unique_ptr<HttpServer>(new HttpServer(std::move(impl)));
}

HttpServer::HttpServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
HttpServer::~HttpServer() { Stop(); }

int HttpServer::port() const { return impl_->acceptor.local_endpoint().port(); }

void HttpServer::Stop() {
  if (impl_->stopped) return;
  impl_->stopped = true;
  impl_->io.stop();
  for (std::thread& t : impl_->threads) t.join();
  beast::error_code ignored;
  impl_->acceptor.close(ignored);
}

}  // namespace ams::gateway
