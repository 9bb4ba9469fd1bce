#include "services/gateway/gateway.h"

#include <filesystem>
#include <fstream>
#include <set>

#include "absl/strings/str_cat.h"
#include "ams/gateway/v1/session_service.pb.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace ams::gateway {
namespace {

using ::testing::HasSubstr;

class GatewayTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    root_ = new std::string(absl::StrCat(::testing::TempDir(), "/web"));
    std::filesystem::create_directories(*root_ + "/assets");
    std::ofstream(*root_ + "/index.html") << "<!doctype html><title>AMS</title>";
    std::ofstream(*root_ + "/assets/app-3f9a1c.js") << "console.log(1)";
    std::ofstream(::testing::TempDir() + "/secret.txt") << "outside the root";
  }

  static HttpRequest Get(const std::string& target) {
    return HttpRequest(http::verb::get, target, 11);
  }
  static HttpRequest Call(const std::string& method, const std::string& body = "{}") {
    HttpRequest r(http::verb::post, absl::StrCat("/ams.gateway.v1.", method), 11);
    r.set(http::field::content_type, "application/json");
    r.set("Connect-Protocol-Version", "1");
    r.body() = body;
    return r;
  }
  static nlohmann::json Json(const HttpResponse& r) { return nlohmann::json::parse(r.body()); }

  Gateway gateway_{*root_};
  static std::string* root_;
};

std::string* GatewayTest::root_ = nullptr;

TEST_F(GatewayTest, ServesTheAppNeverCachedAndItsHashedAssetsForAYear) {
  HttpResponse index = gateway_.Handle(Get("/"));
  EXPECT_EQ(index.result(), http::status::ok);
  EXPECT_THAT(index.body(), HasSubstr("<title>AMS</title>"));
  EXPECT_EQ(index[http::field::content_type], "text/html; charset=utf-8");
  EXPECT_THAT(std::string(index[http::field::cache_control]), HasSubstr("no-store"));
  HttpResponse asset = gateway_.Handle(Get("/assets/app-3f9a1c.js"));
  EXPECT_EQ(asset.result(), http::status::ok);
  EXPECT_EQ(asset[http::field::cache_control], "public, max-age=31536000, immutable");
  // A page the app routes itself gets the app.
  EXPECT_THAT(gateway_.Handle(Get("/antrian/diskominfo?page=2")).body(), HasSubstr("AMS"));
  EXPECT_EQ(gateway_.Handle(Get("/assets/missing-1234.js")).result(), http::status::not_found);
}

TEST_F(GatewayTest, NothingOutsideTheRootIsRead) {
  for (const char* target :
       {"/../secret.txt", "/assets/../../secret.txt", "/%2e%2e/secret.txt",
        "/assets/..%2f..%2fsecret.txt", "/.hidden", "//etc/passwd", "/assets\\..\\secret.txt"}) {
    HttpResponse r = gateway_.Handle(Get(target));
    EXPECT_EQ(r.result(), http::status::not_found) << target;
    EXPECT_THAT(r.body(), ::testing::Not(HasSubstr("outside the root"))) << target;
  }
}

TEST_F(GatewayTest, EveryResponseCarriesTheSecurityHeaders) {
  for (const HttpResponse& r : {gateway_.Handle(Get("/")), gateway_.Handle(Get("/nope.js")),
                                gateway_.Handle(Call("SessionService/GetSession"))}) {
    EXPECT_EQ(r["Content-Security-Policy"],
              "default-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; "
              "form-action 'self'");
    EXPECT_EQ(r["X-Content-Type-Options"], "nosniff");
  }
}

TEST_F(GatewayTest, TheApiSpeaksConnectJsonWithTheGrpcReasons) {
  HttpResponse r = gateway_.Handle(Call("SessionService/GetSession"));
  EXPECT_EQ(r.result(), http::status::unauthorized);
  nlohmann::json body = Json(r);
  EXPECT_EQ(body["code"], "unauthenticated");
  EXPECT_EQ(body["message"], "sign in first");
  EXPECT_EQ(body["details"][0]["type"], "google.rpc.ErrorInfo");
  EXPECT_EQ(body["details"][0]["debug"]["reason"], "SESSION_INVALID");
}

// Without the JSON content type and the Connect header, a call could come from a form or a
// plain cross-site request: refused (the CSRF defence beside SameSite cookies).
TEST_F(GatewayTest, CallsWithoutTheJsonTypeOrTheConnectHeaderAreRefused) {
  HttpRequest form = Call("SessionService/GetSession");
  form.set(http::field::content_type, "application/x-www-form-urlencoded");
  EXPECT_EQ(gateway_.Handle(form).result(), http::status::unsupported_media_type);
  HttpRequest no_header = Call("SessionService/GetSession");
  no_header.erase("Connect-Protocol-Version");
  HttpResponse refused = gateway_.Handle(no_header);
  EXPECT_EQ(refused.result(), http::status::forbidden);
  EXPECT_EQ(Json(refused)["code"], "permission_denied");
  HttpRequest get = Get("/ams.gateway.v1.SessionService/GetSession");
  EXPECT_EQ(gateway_.Handle(get).result(), http::status::method_not_allowed);
}

TEST_F(GatewayTest, BadBodiesAndUnknownMethodsAreNamed) {
  for (const char* body : {"{", "[]", "{\"nope\": 1}", "{\"a\":", "\xff\xfe"}) {
    HttpResponse r = gateway_.Handle(Call("SessionService/GetSession", body));
    EXPECT_EQ(r.result(), http::status::bad_request) << body;
    EXPECT_EQ(Json(r)["code"], "invalid_argument") << body;
  }
  std::string deep(100000, '[');
  EXPECT_EQ(gateway_.Handle(Call("SessionService/GetSession", deep)).result(),
            http::status::bad_request);
  HttpResponse unknown = gateway_.Handle(Call("SessionService/DropEverything"));
  EXPECT_EQ(unknown.result(), http::status::not_implemented);
  EXPECT_EQ(Json(unknown)["code"], "unimplemented");
}

// Deny by default: every method the gateway's protos declare has a rule in the table (and
// Gateway refuses to register one without).
TEST(MethodRoles, EveryMethodOfTheGatewaysProtosHasARule) {
  std::set<std::string> ruled;
  for (const MethodRoles& m : kMethodRoles) ruled.insert(m.method);
  const auto* file = ams::gateway::v1::GetSessionRequest::descriptor()->file();
  int methods = 0;
  for (int s = 0; s < file->service_count(); ++s) {
    for (int m = 0; m < file->service(s)->method_count(); ++m, ++methods) {
      const std::string path = absl::StrCat("/", file->service(s)->full_name(), "/",
                                            file->service(s)->method(m)->name());
      EXPECT_EQ(ruled.count(path), 1u) << path;
    }
  }
  EXPECT_EQ(static_cast<int>(kMethodRoles.size()), methods);
}

}  // namespace
}  // namespace ams::gateway
