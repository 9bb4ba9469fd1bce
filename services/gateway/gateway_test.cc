#include "services/gateway/gateway.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>

#include "absl/strings/str_cat.h"
#include "ams/gateway/v1/session_service.pb.h"
#include "ams/gateway/v1/work_service.pb.h"
#include "common/testing/fake_clock.h"
#include "common/testing/fake_kv_store.h"
#include "common/testing/fake_random.h"
#include "common/testing/recording_publisher.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "zlib.h"

namespace ams::gateway {
namespace {

using ::testing::HasSubstr;

class GatewayTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    // One folder per process: ctest runs this binary's tests at once.
    root_ = new std::string(absl::StrCat(::testing::TempDir(), "/web-", getpid()));
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

  // A request carrying the cookies of `response`'s Set-Cookie headers.
  static HttpRequest WithCookieFrom(HttpRequest request, const HttpResponse& response) {
    for (auto it = response.find(http::field::set_cookie);
         it != response.end() && it->name() == http::field::set_cookie; ++it) {
      const std::string cookie(it->value());
      request.set(http::field::cookie, cookie.substr(0, cookie.find(';')));
    }
    return request;
  }
  HttpResponse SignIn(const std::string& who, const std::string& password) {
    return gateway_.Handle(
        Call("SessionService/SignIn",
             absl::StrCat(R"({"operator":")", who, R"(","password":")", password, R"("})")),
        "10.0.0.7");
  }

  testing::FakeClock clock_;
  testing::FakeKvStore kv_{&clock_};
  testing::FakeRandom random_;
  PasswordHasher hasher_{{8, 1, 2}};
  Operators operators_{&kv_, &hasher_};
  Sessions sessions_{&kv_, &clock_, &random_};
  // No service listens there: a call the rules let through fails UNAVAILABLE at once.
  ServiceClients services_{
      {"127.0.0.1:1", "127.0.0.1:1", "127.0.0.1:1", "127.0.0.1:1", "127.0.0.1:1", "127.0.0.1:1"},
      "gateway-key",
      absl::Milliseconds(500)};
  Claims claims_{&kv_, &clock_};
  WorkDesk work_{&services_, &claims_, &operators_};
  SecondFactor second_factor_{&kv_, &clock_, &random_, std::string(32, 's')};
  LiveUpdates live_{"test"};
  ApplicantSessions activations_{&kv_, &clock_, &random_, "activation", NoActivation()};
  ApplicantSessions accounts_{&kv_, &clock_, &random_, "account", NoAccountSession()};
  ApplicantDesk applicants_{&services_, &activations_, &accounts_, &clock_};
  AgencyDesk agencies_{&services_};
  OperatorAdmin admin_{&operators_, &sessions_, &second_factor_, &live_, &random_};
  testing::RecordingPublisher access_topic_;
  ApiKeys issued_keys_;
  IssuedApiKeys issued_{&issued_keys_};
  AgencyKeys agency_keys_{&access_topic_, &issued_, &clock_, &random_};
  Gateway gateway_{*root_,
                   {&operators_, &sessions_, &second_factor_, &work_, &live_, &applicants_,
                    &agencies_, &admin_, &agency_keys_}};
  static std::string* root_;
};

std::string* GatewayTest::root_ = nullptr;

TEST_F(GatewayTest, ServesTheAppNeverCachedAndItsHashedAssetsForAYear) {
  HttpResponse index = gateway_.Handle(Get("/"), "");
  EXPECT_EQ(index.result(), http::status::ok);
  EXPECT_THAT(index.body(), HasSubstr("<title>AMS</title>"));
  EXPECT_EQ(index[http::field::content_type], "text/html; charset=utf-8");
  EXPECT_THAT(std::string(index[http::field::cache_control]), HasSubstr("no-store"));
  HttpResponse asset = gateway_.Handle(Get("/assets/app-3f9a1c.js"), "");
  EXPECT_EQ(asset.result(), http::status::ok);
  EXPECT_EQ(asset[http::field::cache_control], "public, max-age=31536000, immutable");
  // A page the app routes itself gets the app.
  EXPECT_THAT(gateway_.Handle(Get("/antrian/diskominfo?page=2"), "").body(), HasSubstr("AMS"));
  EXPECT_EQ(gateway_.Handle(Get("/assets/missing-1234.js"), "").result(), http::status::not_found);
  EXPECT_EQ(gateway_.Handle(Get("/assets/"), "").result(), http::status::not_found);  // a folder
}

// A phone on a slow line gets the app gzipped when it says it takes gzip.
TEST_F(GatewayTest, TextGoesGzippedToABrowserThatTakesIt) {
  HttpRequest get = Get("/assets/app-3f9a1c.js");
  get.set(http::field::accept_encoding, "gzip, deflate, br");
  for (int twice = 0; twice < 2; ++twice) {  // the second from the cache
    HttpResponse r = gateway_.Handle(get, "");
    EXPECT_EQ(r[http::field::content_encoding], "gzip");
    EXPECT_EQ(r[http::field::vary], "Accept-Encoding");
    std::string plain(64, '\0');
    uLongf size = plain.size();
    z_stream z{};
    ASSERT_EQ(inflateInit2(&z, 15 + 16), Z_OK);
    z.next_in = reinterpret_cast<Bytef*>(r.body().data());
    z.avail_in = static_cast<uInt>(r.body().size());
    z.next_out = reinterpret_cast<Bytef*>(plain.data());
    z.avail_out = static_cast<uInt>(size);
    EXPECT_EQ(inflate(&z, Z_FINISH), Z_STREAM_END);
    plain.resize(z.total_out);
    inflateEnd(&z);
    EXPECT_EQ(plain, "console.log(1)");
  }
  get.set(http::field::accept_encoding, "gzip;q=0, identity");
  EXPECT_EQ(gateway_.Handle(get, "").body(), "console.log(1)");
  EXPECT_EQ(gateway_.Handle(Get("/assets/app-3f9a1c.js"), "").body(), "console.log(1)");
}

TEST_F(GatewayTest, NothingOutsideTheRootIsRead) {
  for (const char* target :
       {"/../secret.txt", "/assets/../../secret.txt", "/%2e%2e/secret.txt",
        "/assets/..%2f..%2fsecret.txt", "/.hidden", "//etc/passwd", "/assets\\..\\secret.txt"}) {
    HttpResponse r = gateway_.Handle(Get(target), "");
    EXPECT_EQ(r.result(), http::status::not_found) << target;
    EXPECT_THAT(r.body(), ::testing::Not(HasSubstr("outside the root"))) << target;
  }
}

TEST_F(GatewayTest, EveryResponseCarriesTheSecurityHeaders) {
  for (const HttpResponse& r : {gateway_.Handle(Get("/"), ""), gateway_.Handle(Get("/nope.js"), ""),
                                gateway_.Handle(Call("SessionService/GetSession"), "")}) {
    EXPECT_EQ(r["Content-Security-Policy"],
              "default-src 'self'; img-src 'self' blob:; object-src 'none'; frame-ancestors "
              "'none'; base-uri 'none'; form-action 'self'");
    EXPECT_EQ(r["X-Content-Type-Options"], "nosniff");
  }
}

TEST_F(GatewayTest, SignInGivesAHostOnlyCookieAndTheSessionKnowsTheOperator) {
  ASSERT_TRUE(operators_
                  .Create("operators/siti", "Siti Aminah", {ams::type::v1::ROLE_DISKOMINFO_OP},
                          "kebumen-beriman-2026")
                  .ok());
  HttpResponse wrong = SignIn("siti", "nope");
  EXPECT_EQ(wrong.result(), http::status::unauthorized);
  EXPECT_EQ(wrong.count(http::field::set_cookie), 0u);

  HttpResponse in = SignIn("siti", "kebumen-beriman-2026");
  ASSERT_EQ(in.result(), http::status::ok) << in.body();
  const std::string cookie(in[http::field::set_cookie]);
  EXPECT_THAT(cookie, ::testing::StartsWith("__Host-ams_session="));
  for (const char* attribute : {"; Path=/", "; Secure", "; HttpOnly", "; SameSite=Strict"}) {
    EXPECT_THAT(cookie, HasSubstr(attribute));
  }
  EXPECT_THAT(cookie, ::testing::Not(HasSubstr("Domain")));
  EXPECT_EQ(Json(in)["operator"]["displayName"], "Siti Aminah");

  HttpResponse session = gateway_.Handle(WithCookieFrom(Call("SessionService/GetSession"), in), "");
  ASSERT_EQ(session.result(), http::status::ok) << session.body();
  EXPECT_EQ(Json(session)["operator"]["name"], "operators/siti");
  EXPECT_EQ(Json(session)["operator"]["roles"][0], "ROLE_DISKOMINFO_OP");

  // A session id held before signing in is not kept after it (session fixation).
  HttpResponse again = gateway_.Handle(
      WithCookieFrom(
          Call("SessionService/SignIn", R"({"operator":"siti","password":"kebumen-beriman-2026"})"),
          in),
      "");
  EXPECT_NE(std::string(again[http::field::set_cookie]), cookie);
  EXPECT_EQ(gateway_.Handle(WithCookieFrom(Call("SessionService/GetSession"), in), "").result(),
            http::status::unauthorized);

  // Signing out ends the session on the server and clears the cookie.
  HttpResponse out = gateway_.Handle(WithCookieFrom(Call("SessionService/SignOut"), again), "");
  EXPECT_EQ(out.result(), http::status::ok);
  EXPECT_THAT(std::string(out[http::field::set_cookie]), HasSubstr("Max-Age=0"));
  EXPECT_EQ(gateway_.Handle(WithCookieFrom(Call("SessionService/GetSession"), again), "").result(),
            http::status::unauthorized);
}

TEST_F(GatewayTest, TheApiSpeaksConnectJsonWithTheGrpcReasons) {
  HttpResponse r = gateway_.Handle(Call("SessionService/GetSession"), "");
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
  EXPECT_EQ(gateway_.Handle(form, "").result(), http::status::unsupported_media_type);
  HttpRequest no_header = Call("SessionService/GetSession");
  no_header.erase("Connect-Protocol-Version");
  HttpResponse refused = gateway_.Handle(no_header, "");
  EXPECT_EQ(refused.result(), http::status::forbidden);
  EXPECT_EQ(Json(refused)["code"], "permission_denied");
  HttpRequest get = Get("/ams.gateway.v1.SessionService/GetSession");
  EXPECT_EQ(gateway_.Handle(get, "").result(), http::status::method_not_allowed);
}

TEST_F(GatewayTest, BadBodiesAndUnknownMethodsAreNamed) {
  for (const char* body : {"{", "[]", "{\"nope\": 1}", "{\"a\":", "\xff\xfe"}) {
    HttpResponse r = gateway_.Handle(Call("SessionService/GetSession", body), "");
    EXPECT_EQ(r.result(), http::status::bad_request) << body;
    EXPECT_EQ(Json(r)["code"], "invalid_argument") << body;
  }
  std::string deep(100000, '[');
  EXPECT_EQ(gateway_.Handle(Call("SessionService/GetSession", deep), "").result(),
            http::status::bad_request);
  HttpResponse unknown = gateway_.Handle(Call("SessionService/DropEverything"), "");
  EXPECT_EQ(unknown.result(), http::status::not_implemented);
  EXPECT_EQ(Json(unknown)["code"], "unimplemented");
}

// Deny by default: every method the gateway's protos declare has a rule in the table (and
// Gateway refuses to register one without).
TEST(MethodRoles, EveryMethodOfTheGatewaysProtosHasARule) {
  std::set<std::string> ruled;
  for (const MethodRoles& m : kMethodRoles) ruled.insert(m.method);
  int methods = 0;
  for (const auto* file : {ams::gateway::v1::GetSessionRequest::descriptor()->file(),
                           ams::gateway::v1::ListQueueRequest::descriptor()->file(),
                           ams::gateway::v1::GetActivationRequest::descriptor()->file(),
                           ams::gateway::v1::ListApplicationsRequest::descriptor()->file(),
                           ams::gateway::v1::ListOperatorsRequest::descriptor()->file()}) {
    for (int s = 0; s < file->service_count(); ++s) {
      for (int m = 0; m < file->service(s)->method_count(); ++m, ++methods) {
        const std::string path = absl::StrCat("/", file->service(s)->full_name(), "/",
                                              file->service(s)->method(m)->name());
        EXPECT_EQ(ruled.count(path), 1u) << path;
      }
    }
  }
  EXPECT_EQ(ruled.count(kLettersPath), 1u);
  EXPECT_EQ(ruled.count(kEventsPath), 1u);
  EXPECT_EQ(ruled.count(kCaseDocumentsPath), 1u);
  EXPECT_EQ(ruled.count(kLedgerPath), 1u);
  EXPECT_EQ(static_cast<int>(kMethodRoles.size()), methods + 4);
}

// Every role against every method, through HTTP as the browser calls: what each role may do is
// written out here on its own, not read from kMethodRoles, so a slip in the table fails.
TEST_F(GatewayTest, EveryRoleMayCallItsMethodsAndIsRefusedTheRest) {
  using ams::type::v1::Role;
  const std::vector<std::string> work = {
      "ListReviewItems",   "GetReviewItem",    "ForwardApplication",   "ReturnApplication",
      "ListRegistrations", "RegisterIdentity", "ResendActivationLink", "ListCases",
      "GetCase",           "ApproveCase",      "RejectCase",           "ClaimItem",
      "ReleaseItem",       "GetTimeline",      "GetQueueCounts",       "ListParkedMails",
      "ResendParkedMail",  "SearchLedger",     "VerifyLedger",         "GetSlaReport",
      "GetOverview"};
  const std::map<Role, std::set<std::string>> allowed = {
      {Role::ROLE_DISKOMINFO_OP,
       {"ListReviewItems", "GetReviewItem", "ForwardApplication", "ReturnApplication", "ClaimItem",
        "ReleaseItem", "GetTimeline", "GetQueueCounts", "GetOverview"}},
      {Role::ROLE_BSRE_OP,
       {"ListRegistrations", "RegisterIdentity", "ResendActivationLink", "ClaimItem", "ReleaseItem",
        "GetTimeline", "GetQueueCounts", "GetOverview"}},
      {Role::ROLE_VERIFIER,
       {"ListCases", "GetCase", "ApproveCase", "RejectCase", "ClaimItem", "ReleaseItem",
        "GetTimeline", "GetQueueCounts", "GetOverview"}},
      {Role::ROLE_AUDITOR,
       {"GetTimeline", "GetQueueCounts", "SearchLedger", "VerifyLedger", "GetSlaReport",
        "GetOverview"}},
      {Role::ROLE_ADMIN,
       {"GetTimeline", "GetQueueCounts", "ListParkedMails", "ResendParkedMail", "SearchLedger",
        "VerifyLedger", "GetSlaReport", "GetOverview"}},
  };
  for (const auto& [role, may] : allowed) {
    const std::string id = absl::AsciiStrToLower(Role_Name(role).substr(5));
    ASSERT_TRUE(operators_.Create("operators/" + id, id, {role}, "long-enough-password").ok());
    HttpResponse in = SignIn(id, "long-enough-password");
    ASSERT_EQ(in.result(), http::status::ok);
    for (const std::string& m : work) {
      HttpResponse r = gateway_.Handle(WithCookieFrom(Call("WorkService/" + m), in), "");
      if (role == Role::ROLE_ADMIN) {
        // Nothing before a second factor (AnAdminWorksOnlyWithASecondFactor goes on from here).
        EXPECT_EQ(r.result(), http::status::forbidden) << m;
        EXPECT_EQ(Json(r)["details"][0]["debug"]["reason"],
                  may.count(m) ? "SECOND_FACTOR_REQUIRED" : "PERMISSION_DENIED")
            << m;
      } else if (may.count(m)) {
        // Let in: what follows is the method's own answer (here: a bad request, or the
        // services out of reach).
        EXPECT_NE(r.result(), http::status::forbidden) << id << " " << m << " " << r.body();
        EXPECT_NE(r.result(), http::status::unauthorized) << id << " " << m;
      } else {
        EXPECT_EQ(r.result(), http::status::forbidden) << id << " " << m << " " << r.body();
        EXPECT_EQ(Json(r)["details"][0]["debug"]["reason"], "PERMISSION_DENIED");
      }
    }
    HttpResponse letter =
        gateway_.Handle(WithCookieFrom(Get("/documents/letters/0b6c9e2a-1"), in), "");
    EXPECT_EQ(letter.result() == http::status::forbidden, role != Role::ROLE_DISKOMINFO_OP) << id;
    HttpResponse ktp =
        gateway_.Handle(WithCookieFrom(Get("/documents/cases/0b6c9e2a-1/ktp"), in), "");
    EXPECT_EQ(ktp.result() == http::status::forbidden, role != Role::ROLE_VERIFIER) << id;
    HttpResponse ledger = gateway_.Handle(WithCookieFrom(Get("/documents/ledger/csv"), in), "");
    // (An admin is refused everything before a second factor.)
    EXPECT_EQ(ledger.result() == http::status::forbidden, role != Role::ROLE_AUDITOR) << id;
  }
  // Without a session: 401 for every method and for documents.
  for (const std::string& m : work) {
    EXPECT_EQ(gateway_.Handle(Call("WorkService/" + m), "").result(), http::status::unauthorized)
        << m;
  }
  EXPECT_EQ(gateway_.Handle(Get("/documents/letters/x"), "").result(), http::status::unauthorized);
}

// An agency's user submits for their agency and does no operator's work; operators do not
// submit.
TEST_F(GatewayTest, AnAgencysUserSubmitsAndDoesNothingElse) {
  EXPECT_EQ(
      operators_
          .Create("operators/ani", "Ani", {ams::type::v1::ROLE_AGENCY}, "long-enough-password")
          .status()
          .code(),
      absl::StatusCode::kInvalidArgument);  // without an agency
  EXPECT_EQ(operators_
                .Create("operators/ani", "Ani",
                        {ams::type::v1::ROLE_AGENCY, ams::type::v1::ROLE_VERIFIER},
                        "long-enough-password", "agencies/dinkes")
                .status()
                .code(),
            absl::StatusCode::kInvalidArgument);
  ASSERT_TRUE(operators_
                  .Create("operators/ani", "Ani", {ams::type::v1::ROLE_AGENCY},
                          "long-enough-password", "agencies/dinkes")
                  .ok());
  HttpResponse in = SignIn("ani", "long-enough-password");
  ASSERT_EQ(in.result(), http::status::ok);
  EXPECT_EQ(Json(in)["operator"]["agency"], "agencies/dinkes");
  for (const char* m : {"AgencyService/SubmitApplication", "AgencyService/ListApplications"}) {
    HttpResponse r = gateway_.Handle(WithCookieFrom(Call(m), in), "");
    // Let in: intake is out of reach here.
    EXPECT_EQ(r.result(), http::status::service_unavailable) << m << " " << r.body();
  }
  for (const char* m : {"WorkService/ListReviewItems", "WorkService/ListCases",
                        "WorkService/GetTimeline", "WorkService/SearchLedger"}) {
    EXPECT_EQ(gateway_.Handle(WithCookieFrom(Call(m), in), "").result(), http::status::forbidden)
        << m;
  }
  ASSERT_TRUE(operators_
                  .Create("operators/siti", "Siti", {ams::type::v1::ROLE_DISKOMINFO_OP},
                          "long-enough-password")
                  .ok());
  HttpResponse siti = SignIn("siti", "long-enough-password");
  EXPECT_EQ(
      gateway_.Handle(WithCookieFrom(Call("AgencyService/SubmitApplication"), siti), "").result(),
      http::status::forbidden);
}

// The mailed link's token leaves the address bar at once: whatever becomes of it, the answer
// is a redirect to the bare page, never cached, never kept.
TEST_F(GatewayTest, TheActivationLinkIsAnsweredWithARedirectWithoutItsToken) {
  for (const char* target : {"/aktivasi?token=AAAA", "/aktivasi?lang=en&token=%00%ff",
                             "/aktivasi?token="
                             "\xff\xfe<script>"}) {
    HttpResponse r = gateway_.Handle(Get(target), "10.0.0.7");
    EXPECT_EQ(r.result(), http::status::see_other) << target;
    // Enrollment is out of reach here: the page says to try again later.
    EXPECT_EQ(r[http::field::location], "/aktivasi?status=unavailable") << target;
    EXPECT_EQ(r[http::field::cache_control], "no-store");
    EXPECT_EQ(r["Referrer-Policy"], "no-referrer");
    EXPECT_THAT(std::string(r[http::field::set_cookie]), HasSubstr("__Host-ams_activation=;"));
  }
  // Without a token it is the page itself.
  EXPECT_EQ(gateway_.Handle(Get("/aktivasi"), "").result(), http::status::ok);
  EXPECT_EQ(gateway_.Handle(Get("/aktivasi?status=limited"), "").result(), http::status::ok);
}

TEST_F(GatewayTest, ApplicantsCallsNeedTheirOwnSession) {
  HttpResponse activation = gateway_.Handle(Call("ApplicantService/GetActivation"), "");
  EXPECT_EQ(activation.result(), http::status::unauthorized);
  EXPECT_EQ(Json(activation)["details"][0]["debug"]["reason"], "ACTIVATION_LINK_INVALID");
  for (const char* m : {"GetAccount", "CheckNewPassword", "ChangePassword"}) {
    HttpResponse r = gateway_.Handle(Call(absl::StrCat("ApplicantService/", m)), "");
    EXPECT_EQ(r.result(), http::status::unauthorized) << m;
    EXPECT_EQ(Json(r)["details"][0]["debug"]["reason"], "SESSION_INVALID") << m;
  }
  // An operator's session is no applicant's.
  ASSERT_TRUE(
      operators_
          .Create("operators/budi", "Budi", {ams::type::v1::ROLE_VERIFIER}, "long-enough-password")
          .ok());
  HttpResponse in = SignIn("budi", "long-enough-password");
  EXPECT_EQ(gateway_.Handle(WithCookieFrom(Call("ApplicantService/GetAccount"), in), "").result(),
            http::status::unauthorized);
  // Logging out without a session is fine, and clears the cookie.
  HttpResponse out = gateway_.Handle(Call("ApplicantService/LogOut"), "");
  EXPECT_EQ(out.result(), http::status::ok);
  EXPECT_THAT(std::string(out[http::field::set_cookie]), HasSubstr("Max-Age=0"));
}

// A session expires: idle for 30 minutes, the next call is 401 and the session is gone.
TEST_F(GatewayTest, AnIdleSessionEnds) {
  ASSERT_TRUE(
      operators_.Create("operators/budi", "Budi", {ams::type::v1::ROLE_VERIFIER}, "long-enough-pw")
          .ok());
  HttpResponse in = SignIn("budi", "long-enough-pw");
  clock_.Advance(absl::Minutes(29));
  EXPECT_EQ(gateway_.Handle(WithCookieFrom(Call("SessionService/GetSession"), in), "").result(),
            http::status::ok);
  clock_.Advance(absl::Minutes(31));
  EXPECT_EQ(gateway_.Handle(WithCookieFrom(Call("SessionService/GetSession"), in), "").result(),
            http::status::unauthorized);
}

// An admin must enrol a second factor before any work, and then sign in with its code.
// The search's fields become the audit service's filter: a value that would change its shape
// (a quote, another term) is refused by name before any call.
TEST_F(GatewayTest, ALedgerSearchRefusesWhatWouldChangeTheFilter) {
  ASSERT_TRUE(operators_
                  .Create("operators/auditor", "Auditor", {ams::type::v1::ROLE_AUDITOR},
                          "long-enough-password")
                  .ok());
  HttpResponse in = SignIn("auditor", "long-enough-password");
  const std::string body =
      R"({"application":"applications/x\" AND event_type=\"y","eventType":"ams.intake.v1.A\"",)"
      R"("startTime":"2026-12-01T00:00:00Z","endTime":"2026-11-01T00:00:00Z","pageSize":1000})";
  HttpResponse r = gateway_.Handle(WithCookieFrom(Call("WorkService/SearchLedger", body), in), "");
  ASSERT_EQ(r.result(), http::status::bad_request) << r.body();
  EXPECT_NE(r.body().find("application"), std::string::npos) << r.body();
  EXPECT_NE(r.body().find("event_type"), std::string::npos);
  EXPECT_NE(r.body().find("end_time"), std::string::npos);
  EXPECT_NE(r.body().find("page_size"), std::string::npos);
  // A well-formed search goes to the audit service (out of reach here).
  HttpResponse fine = gateway_.Handle(
      WithCookieFrom(
          Call("WorkService/SearchLedger", R"({"eventType":"ams.intake.v1.ApplicationSubmitted"})"),
          in),
      "");
  EXPECT_EQ(fine.result(), http::status::service_unavailable) << fine.body();
  // The SLA report's period and agency likewise.
  HttpResponse sla = gateway_.Handle(
      WithCookieFrom(Call("WorkService/GetSlaReport",
                          R"({"startTime":"9999-12-31T00:00:00Z","agency":"agencies/x\"y"})"),
                     in),
      "");
  ASSERT_EQ(sla.result(), http::status::bad_request) << sla.body();
  EXPECT_NE(sla.body().find("start_time"), std::string::npos) << sla.body();
  EXPECT_NE(sla.body().find("agency"), std::string::npos) << sla.body();
}

TEST_F(GatewayTest, AnAdminWorksOnlyWithASecondFactor) {
  ASSERT_TRUE(
      operators_.Create("operators/admin", "Admin", {ams::type::v1::ROLE_ADMIN}, "long-enough-pw")
          .ok());
  HttpResponse in = SignIn("admin", "long-enough-pw");
  ASSERT_EQ(in.result(), http::status::ok);
  EXPECT_EQ(Json(in)["secondFactor"]["required"], true);
  HttpResponse refused = gateway_.Handle(WithCookieFrom(Call("WorkService/GetTimeline"), in), "");
  EXPECT_EQ(refused.result(), http::status::forbidden);
  EXPECT_EQ(Json(refused)["details"][0]["debug"]["reason"], "SECOND_FACTOR_REQUIRED");

  HttpResponse begun =
      gateway_.Handle(WithCookieFrom(Call("SessionService/BeginTotpEnrollment"), in), "");
  ASSERT_EQ(begun.result(), http::status::ok) << begun.body();
  const std::string base32 = Json(begun)["secretBase32"];
  EXPECT_THAT(std::string(Json(begun)["otpauthUri"]), HasSubstr("secret=" + base32));
  EXPECT_GE(Json(begun)["qrRows"].size(), 21u);
  // The key back from its base32, as the authenticator app reads it.
  std::string key;
  uint32_t buffer = 0;
  int bits = 0;
  for (char c : base32) {
    buffer = (buffer << 5) | static_cast<uint32_t>(c >= 'A' ? c - 'A' : c - '2' + 26);
    bits += 5;
    if (bits >= 8) key += static_cast<char>((buffer >> (bits -= 8)) & 0xff);
  }
  auto code = [&] { return TotpCode(key, absl::ToUnixSeconds(clock_.Now()) / 30); };
  HttpResponse wrong = gateway_.Handle(
      WithCookieFrom(Call("SessionService/ConfirmTotpEnrollment", R"({"code":"000000"})"), in), "");
  EXPECT_EQ(wrong.result(), http::status::bad_request);
  HttpResponse confirmed = gateway_.Handle(
      WithCookieFrom(
          Call("SessionService/ConfirmTotpEnrollment", R"({"code":")" + code() + R"("})"), in),
      "");
  ASSERT_EQ(confirmed.result(), http::status::ok) << confirmed.body();
  EXPECT_EQ(Json(confirmed)["secondFactor"]["enrolled"], true);
  EXPECT_NE(gateway_.Handle(WithCookieFrom(Call("WorkService/GetTimeline"), in), "").result(),
            http::status::forbidden);
  // The parked mail of every service that mails: none answers here, which the list says
  // instead of failing (one service away hides only its own mail).
  HttpResponse parked =
      gateway_.Handle(WithCookieFrom(Call("WorkService/ListParkedMails"), in), "");
  ASSERT_EQ(parked.result(), http::status::ok) << parked.body();
  EXPECT_EQ(Json(parked)["unreachableServices"].size(), 4u) << parked.body();
  HttpResponse unknown = gateway_.Handle(
      WithCookieFrom(Call("WorkService/ResendParkedMail", R"({"service":"audit"})"), in), "");
  EXPECT_EQ(unknown.result(), http::status::bad_request) << unknown.body();

  // From now on the password alone does not sign in; the code, once, does.
  HttpResponse without = SignIn("admin", "long-enough-pw");
  EXPECT_EQ(without.result(), http::status::unauthorized);
  EXPECT_EQ(Json(without)["details"][0]["debug"]["reason"], "SECOND_FACTOR_REQUIRED");
  EXPECT_EQ(without.count(http::field::set_cookie), 0u);
  clock_.Advance(absl::Seconds(30));
  const std::string body =
      R"({"operator":"admin","password":"long-enough-pw","totpCode":")" + code() + R"("})";
  EXPECT_EQ(gateway_.Handle(Call("SessionService/SignIn", body), "10.0.0.7").result(),
            http::status::ok);
  EXPECT_EQ(gateway_.Handle(Call("SessionService/SignIn", body), "10.0.0.7").result(),
            http::status::unauthorized);  // the same code again

  // Guessing codes with the right password is limited as guessing passwords is.
  const std::string wrong_code = code() == "000000" ? "111111" : "000000";
  const std::string guess =
      R"({"operator":"admin","password":"long-enough-pw","totpCode":")" + wrong_code + R"("})";
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(gateway_.Handle(Call("SessionService/SignIn", guess), "10.0.0.8").result(),
              http::status::unauthorized);
  }
  clock_.Advance(absl::Seconds(30));
  const std::string right =
      R"({"operator":"admin","password":"long-enough-pw","totpCode":")" + code() + R"("})";
  EXPECT_EQ(gateway_.Handle(Call("SessionService/SignIn", right), "10.0.0.8").result(),
            http::status::too_many_requests);
}

// What a browser sent as its User-Agent is shown as printable ASCII: a proto string (and
// the JSON the sessions page reads) must be UTF-8, and a cut or a stray byte is not.
TEST_F(GatewayTest, ASessionKeepsItsUserAgentPrintable) {
  absl::StatusOr<Session> s =
      sessions_.Start("operators/siti", "ipv4:10.0.0.1",
                      std::string("Mozilla/5.0 \xc3(\x01") + std::string(300, 'x'));
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->user_agent, "Mozilla/5.0 ?(?" + std::string(241, 'x'));
}

// An operator sees their sessions and ends one left open elsewhere; nobody else's.
TEST_F(GatewayTest, AnOperatorEndsTheirOtherSessions) {
  for (const char* id : {"siti", "budi"}) {
    ASSERT_TRUE(operators_
                    .Create(absl::StrCat("operators/", id), id, {ams::type::v1::ROLE_VERIFIER},
                            "long-enough-pw")
                    .ok());
  }
  HttpResponse office = SignIn("siti", "long-enough-pw");
  clock_.Advance(absl::Minutes(1));
  HttpResponse home = SignIn("siti", "long-enough-pw");
  HttpResponse budi = SignIn("budi", "long-enough-pw");
  HttpResponse listed =
      gateway_.Handle(WithCookieFrom(Call("SessionService/ListSessions"), office), "");
  ASSERT_EQ(listed.result(), http::status::ok) << listed.body();
  nlohmann::json sessions = Json(listed)["sessions"];
  ASSERT_EQ(sessions.size(), 2u);
  EXPECT_EQ(sessions[0].value("current", false), false);  // the newest: home
  EXPECT_EQ(sessions[1]["current"], true);
  EXPECT_EQ(sessions[1]["address"], "10.0.0.7");
  const std::string home_name = sessions[0]["name"];

  // Budi cannot end Siti's session, even knowing its name.
  HttpResponse not_his = gateway_.Handle(
      WithCookieFrom(Call("SessionService/EndSession", R"({"name":")" + home_name + R"("})"), budi),
      "");
  EXPECT_EQ(not_his.result(), http::status::not_found);
  EXPECT_EQ(gateway_.Handle(WithCookieFrom(Call("SessionService/GetSession"), home), "").result(),
            http::status::ok);
  HttpResponse ended = gateway_.Handle(
      WithCookieFrom(Call("SessionService/EndSession", R"({"name":")" + home_name + R"("})"),
                     office),
      "");
  EXPECT_EQ(ended.result(), http::status::ok) << ended.body();
  EXPECT_EQ(gateway_.Handle(WithCookieFrom(Call("SessionService/GetSession"), home), "").result(),
            http::status::unauthorized);
  EXPECT_EQ(Json(gateway_.Handle(WithCookieFrom(Call("SessionService/ListSessions"), office),
                                 ""))["sessions"]
                .size(),
            1u);
}

// A document is served so that it cannot act as a page of the dashboard's origin.
TEST_F(GatewayTest, DocumentsAreSandboxedEvenWhenRefused) {
  HttpResponse r = gateway_.Handle(Get("/documents/letters/abc"), "");
  EXPECT_EQ(r["X-Content-Type-Options"], "nosniff");
  EXPECT_THAT(std::string(r[http::field::cache_control]), HasSubstr("no-store"));
  HttpRequest post(http::verb::post, "/documents/letters/abc", 11);
  EXPECT_EQ(gateway_.Handle(post, "").result(), http::status::not_implemented);
  // Any other path under /documents/ is refused like a case's, by the same rule.
  EXPECT_EQ(gateway_.Handle(Get("/documents/../index.html"), "").result(),
            http::status::unauthorized);
}

}  // namespace
}  // namespace ams::gateway
