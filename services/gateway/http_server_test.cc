#include "services/gateway/http_server.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace ams::gateway {
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
using tcp = net::ip::tcp;

// A real socket, as a browser would connect.
class Client {
 public:
  explicit Client(int port) : socket_(io_) {
    socket_.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port));
  }
  HttpResponse Send(HttpRequest request) {
    request.set(http::field::host, "127.0.0.1");
    request.prepare_payload();
    http::write(socket_, request);
    HttpResponse response;
    beast::error_code ec;
    http::read(socket_, buffer_, response, ec);
    return response;
  }

 private:
  net::io_context io_;
  tcp::socket socket_;
  beast::flat_buffer buffer_;
};

TEST(HttpServer, AnswersKeepsAliveAndRefusesOversizedBodies) {
  HttpServerOptions options;
  options.address = "127.0.0.1:0";
  options.max_body_bytes = 1024;
  absl::StatusOr<std::unique_ptr<HttpServer>> server =
      HttpServer::Start(options, [](const HttpRequest& r, const std::string&) {
        HttpResponse response(http::status::ok, r.version());
        response.body() = absl::StrCat("you asked for ", std::string(r.target()));
        response.keep_alive(r.keep_alive());
        return response;
      });
  ASSERT_TRUE(server.ok()) << server.status();
  Client client((*server)->port());
  for (int i = 0; i < 3; ++i) {  // one connection, three requests
    HttpResponse r = client.Send(HttpRequest(http::verb::get, absl::StrCat("/", i), 11));
    EXPECT_EQ(r.result(), http::status::ok);
    EXPECT_EQ(r.body(), absl::StrCat("you asked for /", i));
  }
  HttpRequest big(http::verb::post, "/x", 11);
  big.body() = std::string(4096, 'x');
  EXPECT_EQ(Client((*server)->port()).Send(big).result(), http::status::payload_too_large);
  (*server)->Stop();
}

// A response that stays open: its head at once, then each chunk as it is written.
TEST(HttpServer, StreamsAResponseChunkByChunk) {
  HttpServerOptions options;
  options.address = "127.0.0.1:0";
  absl::StatusOr<std::unique_ptr<HttpServer>> server =
      HttpServer::Start(options, [](const HttpRequest& r, const std::string&) {
        HttpReply reply(HttpResponse(http::status::ok, r.version()));
        reply.response.set(http::field::content_type, "text/event-stream");
        reply.open = [](std::shared_ptr<StreamWriter> writer) {
          EXPECT_TRUE(writer->IsOpen());
          writer->Write("data: one\n\n");
          writer->Write("data: two\n\n");
          writer->Close();
        };
        return reply;
      });
  ASSERT_TRUE(server.ok()) << server.status();
  HttpResponse r = Client((*server)->port()).Send(HttpRequest(http::verb::get, "/events", 11));
  EXPECT_EQ(r.result(), http::status::ok);
  EXPECT_EQ(r[http::field::content_type], "text/event-stream");
  EXPECT_EQ(r.body(), "data: one\n\ndata: two\n\n");
}

TEST(HttpServer, ClosesConnectionsPastItsCap) {
  HttpServerOptions options;
  options.address = "127.0.0.1:0";
  options.max_connections = 1;
  absl::StatusOr<std::unique_ptr<HttpServer>> server =
      HttpServer::Start(options, [](const HttpRequest& r, const std::string&) {
        HttpResponse response(http::status::ok, r.version());
        response.set("X-Served", "yes");
        response.keep_alive(true);
        return response;
      });
  ASSERT_TRUE(server.ok());
  Client first((*server)->port());
  EXPECT_EQ(first.Send(HttpRequest(http::verb::get, "/", 11))["X-Served"], "yes");
  Client second((*server)->port());  // the first is still open: closed unanswered
  EXPECT_EQ(second.Send(HttpRequest(http::verb::get, "/", 11))["X-Served"], "");
}

TEST(HttpServer, RefusesAnAddressItCannotUse) {
  HttpServerOptions options;
  options.address = "not-an-address";
  EXPECT_EQ(HttpServer::Start(options, nullptr).status().code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace ams::gateway
