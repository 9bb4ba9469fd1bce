#include "services/gateway/gateway.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "ams/gateway/v1/session_service.pb.h"
#include "ams/gateway/v1/work_service.pb.h"
#include "common/cloud_event.h"
#include "common/hashing.h"
#include "common/rpc_status.h"
#include "common/status_macros.h"

namespace ams::gateway {
namespace {

namespace pb = ams::gateway::v1;
using ams::type::v1::Role;

const MethodRoles& RuleOf(const std::string& method) {
  auto it = std::find_if(kMethodRoles.begin(), kMethodRoles.end(),
                         [&](const MethodRoles& m) { return m.method == method; });
  if (it == kMethodRoles.end()) {
    // A programming error, found at start: every method needs its rule.
    std::fprintf(stderr, "gateway: %s has no entry in kMethodRoles\n", method.c_str());
    std::abort();
  }
  return *it;
}

std::string WorkMethod(const char* name) {
  return absl::StrCat("/ams.gateway.v1.WorkService/", name);
}

// A refused request that is not an API call (a document, the live updates): the Connect code
// name as plain text, with the security headers.
HttpResponse PlainRefusal(const absl::Status& status, unsigned version) {
  auto [code, http_status] = ConnectCodeOf(status.code());
  HttpResponse r(http_status, version);
  AddSecurityHeaders(r);
  r.set(http::field::content_type, "text/plain; charset=utf-8");
  r.set(http::field::cache_control, "no-store");
  r.body() = code;
  r.prepare_payload();
  return r;
}

std::string Cookie(const char* name, const std::string& id, absl::Duration max_age) {
  return absl::StrCat(name, "=", id, "; Path=/; Secure; HttpOnly; SameSite=Strict",
                      "; Max-Age=", std::max<int64_t>(0, absl::ToInt64Seconds(max_age)));
}
std::string SessionCookie(const std::string& id, absl::Duration max_age) {
  return Cookie(kSessionCookie, id, max_age);
}

std::string ApplicantMethod(const char* name) {
  return absl::StrCat("/ams.gateway.v1.ApplicantService/", name);
}

// The value of `name` in a query string ("a=1&token=x"), or "".
std::string QueryValue(absl::string_view query, absl::string_view name) {
  for (absl::string_view pair : absl::StrSplit(query, '&')) {
    std::pair<absl::string_view, absl::string_view> kv =
        absl::StrSplit(pair, absl::MaxSplits('=', 1));
    if (kv.first == name) return std::string(kv.second);
  }
  return "";
}

template <typename Response>
void SetTimes(Response& r, const Session& s) {
  *r.mutable_idle_expire_time() = ToTimestamp(s.idle_expire);
  *r.mutable_absolute_expire_time() = ToTimestamp(s.absolute_expire);
}

}  // namespace

const std::vector<MethodRoles> kMethodRoles = {
    {"/ams.gateway.v1.SessionService/SignIn", false, {}, true},
    {"/ams.gateway.v1.SessionService/SignOut", false, {}, true},
    {"/ams.gateway.v1.SessionService/GetSession", true, {}, true},
    {"/ams.gateway.v1.SessionService/BeginTotpEnrollment", true, {}, true},
    {"/ams.gateway.v1.SessionService/ConfirmTotpEnrollment", true, {}, true},
    {"/ams.gateway.v1.SessionService/ListSessions", true, {}, true},
    {"/ams.gateway.v1.SessionService/EndSession", true, {}, true},
    {"/ams.gateway.v1.WorkService/GetQueueCounts", true, {}},
    {"/ams.gateway.v1.WorkService/ListReviewItems", true, {Role::ROLE_DISKOMINFO_OP}},
    {"/ams.gateway.v1.WorkService/GetReviewItem", true, {Role::ROLE_DISKOMINFO_OP}},
    {"/ams.gateway.v1.WorkService/ForwardApplication", true, {Role::ROLE_DISKOMINFO_OP}},
    {"/ams.gateway.v1.WorkService/ReturnApplication", true, {Role::ROLE_DISKOMINFO_OP}},
    {"/ams.gateway.v1.WorkService/ListRegistrations", true, {Role::ROLE_BSRE_OP}},
    {"/ams.gateway.v1.WorkService/RegisterIdentity", true, {Role::ROLE_BSRE_OP}},
    {"/ams.gateway.v1.WorkService/ResendActivationLink", true, {Role::ROLE_BSRE_OP}},
    {"/ams.gateway.v1.WorkService/ListCases", true, {Role::ROLE_VERIFIER}},
    {"/ams.gateway.v1.WorkService/GetCase", true, {Role::ROLE_VERIFIER}},
    {"/ams.gateway.v1.WorkService/ApproveCase", true, {Role::ROLE_VERIFIER}},
    {"/ams.gateway.v1.WorkService/RejectCase", true, {Role::ROLE_VERIFIER}},
    {"/ams.gateway.v1.WorkService/ClaimItem",
     true,
     {Role::ROLE_DISKOMINFO_OP, Role::ROLE_BSRE_OP, Role::ROLE_VERIFIER}},
    {"/ams.gateway.v1.WorkService/ReleaseItem",
     true,
     {Role::ROLE_DISKOMINFO_OP, Role::ROLE_BSRE_OP, Role::ROLE_VERIFIER}},
    {"/ams.gateway.v1.WorkService/GetTimeline",
     true,
     {Role::ROLE_DISKOMINFO_OP, Role::ROLE_BSRE_OP, Role::ROLE_VERIFIER, Role::ROLE_AUDITOR,
      Role::ROLE_ADMIN}},
    {"/ams.gateway.v1.WorkService/ListParkedMails", true, {Role::ROLE_ADMIN}},
    {"/ams.gateway.v1.WorkService/ResendParkedMail", true, {Role::ROLE_ADMIN}},
    {"/ams.gateway.v1.WorkService/SearchLedger", true, {Role::ROLE_AUDITOR, Role::ROLE_ADMIN}},
    {"/ams.gateway.v1.WorkService/VerifyLedger", true, {Role::ROLE_AUDITOR, Role::ROLE_ADMIN}},
    {"/ams.gateway.v1.WorkService/GetSlaReport", true, {Role::ROLE_AUDITOR, Role::ROLE_ADMIN}},
    {"/ams.gateway.v1.WorkService/GetOverview",
     true,
     {Role::ROLE_DISKOMINFO_OP, Role::ROLE_BSRE_OP, Role::ROLE_VERIFIER, Role::ROLE_AUDITOR,
      Role::ROLE_ADMIN}},
    // Applicants: their token, password or applicant session is the credential.
    {"/ams.gateway.v1.ApplicantService/GetActivation", false, {}},
    {"/ams.gateway.v1.ApplicantService/UploadActivationDocument", false, {}},
    {"/ams.gateway.v1.ApplicantService/SubmitActivation", false, {}},
    {"/ams.gateway.v1.ApplicantService/LogIn", false, {}},
    {"/ams.gateway.v1.ApplicantService/GetAccount", false, {}},
    {"/ams.gateway.v1.ApplicantService/CheckNewPassword", false, {}},
    {"/ams.gateway.v1.ApplicantService/ChangePassword", false, {}},
    {"/ams.gateway.v1.ApplicantService/LogOut", false, {}},
    {"/ams.gateway.v1.ApplicantService/GetApplicationStatus", false, {}},
    // An agency's user: their agency's applications only (intake scopes them).
    {"/ams.gateway.v1.AgencyService/SubmitApplication", true, {Role::ROLE_AGENCY}},
    {"/ams.gateway.v1.AgencyService/ListApplications", true, {Role::ROLE_AGENCY}},
    {"/ams.gateway.v1.AdminService/ListOperators", true, {Role::ROLE_ADMIN}},
    {"/ams.gateway.v1.AdminService/CreateOperator", true, {Role::ROLE_ADMIN}},
    {"/ams.gateway.v1.AdminService/UpdateOperator", true, {Role::ROLE_ADMIN}},
    {"/ams.gateway.v1.AdminService/ResetOperatorPassword", true, {Role::ROLE_ADMIN}},
    {"/ams.gateway.v1.AdminService/ResetOperatorSecondFactor", true, {Role::ROLE_ADMIN}},
    {"/ams.gateway.v1.AdminService/DeleteOperator", true, {Role::ROLE_ADMIN}},
    {"/ams.gateway.v1.AdminService/ListAgencyKeys", true, {Role::ROLE_ADMIN}},
    {"/ams.gateway.v1.AdminService/CreateAgencyKey", true, {Role::ROLE_ADMIN}},
    {"/ams.gateway.v1.AdminService/RevokeAgencyKey", true, {Role::ROLE_ADMIN}},
    {kLedgerPath, true, {Role::ROLE_AUDITOR, Role::ROLE_ADMIN}},
    {kLettersPath, true, {Role::ROLE_DISKOMINFO_OP}},
    {kCaseDocumentsPath, true, {Role::ROLE_VERIFIER}},
    {kEventsPath,
     true,
     {Role::ROLE_DISKOMINFO_OP, Role::ROLE_BSRE_OP, Role::ROLE_VERIFIER, Role::ROLE_AUDITOR,
      Role::ROLE_ADMIN}},
};

void AddSecurityHeaders(HttpResponse& r) {
  // Images from blob: URLs are the applicant's own uploads, previewed before sending.
  r.set("Content-Security-Policy",
        "default-src 'self'; img-src 'self' blob:; object-src 'none'; frame-ancestors 'none'; "
        "base-uri 'none'; form-action 'self'");
  r.set("X-Content-Type-Options", "nosniff");
  r.set("Referrer-Policy", "no-referrer");
  r.set("Cross-Origin-Opener-Policy", "same-origin");
  r.set("Cross-Origin-Resource-Policy", "same-origin");
  r.set(http::field::server, "ams-gateway");
}

std::string CookieOf(const HttpRequest& request, absl::string_view name) {
  for (auto it = request.find(http::field::cookie);
       it != request.end() && it->name() == http::field::cookie; ++it) {
    const std::string header(it->value());
    for (absl::string_view pair : absl::StrSplit(header, ';')) {
      std::pair<absl::string_view, absl::string_view> kv =
          absl::StrSplit(absl::StripAsciiWhitespace(pair), absl::MaxSplits('=', 1));
      if (kv.first == name) return std::string(kv.second);
    }
  }
  return "";
}

absl::StatusOr<Caller> Gateway::Authorize(const MethodRoles& rule,
                                          const HttpRequest& request) const {
  Caller caller;
  if (!rule.signed_in) return caller;
  ASSIGN_OR_RETURN(caller.session, sessions_->Use(CookieOf(request, kSessionCookie)));
  absl::StatusOr<pb::Operator> op = operators_->Get(caller.session.operator_name);
  // An operator removed since signing in has no session any more.
  if (absl::IsNotFound(op.status())) return NoSession();
  RETURN_IF_ERROR(op.status());
  caller.op = *std::move(op);
  const bool allowed =
      rule.roles.empty() ||
      std::any_of(caller.op.roles().begin(), caller.op.roles().end(), [&](int role) {
        return std::find(rule.roles.begin(), rule.roles.end(), role) != rule.roles.end();
      });
  if (!allowed) {
    return WithReason(absl::PermissionDeniedError("your roles do not include this work"),
                      ams::type::v1::ERROR_REASON_PERMISSION_DENIED);
  }
  ASSIGN_OR_RETURN(caller.second_factor, SecondFactorOf(caller.op));
  if (caller.second_factor.required() && !rule.before_second_factor) {
    return WithReason(absl::PermissionDeniedError("enrol an authenticator app first"),
                      ams::type::v1::ERROR_REASON_SECOND_FACTOR_REQUIRED);
  }
  return caller;
}

absl::StatusOr<pb::SecondFactorState> Gateway::SecondFactorOf(const pb::Operator& op) const {
  pb::SecondFactorState state;
  ASSIGN_OR_RETURN(bool enrolled, second_factor_->Enrolled(op.name()));
  state.set_enrolled(enrolled);
  state.set_required(Holds(op, Role::ROLE_ADMIN) && !enrolled);
  return state;
}

template <typename Request, typename Response>
void Gateway::AddWork(const std::string& method,
                      absl::StatusOr<Response> (WorkDesk::*f)(const pb::Operator&,
                                                              const Request&)) {
  Add<Request, Response>(method, [this, f](Call&, const Caller& caller, const Request& r) {
    return (work_->*f)(caller.op, r);
  });
}

template <typename Desk, typename Request, typename Response>
void Gateway::AddAdmin(const char* name, Desk* desk,
                       absl::StatusOr<Response> (Desk::*f)(const pb::Operator&, const Request&)) {
  Add<Request, Response>(absl::StrCat("/ams.gateway.v1.AdminService/", name),
                         [desk, f](Call&, const Caller& caller, const Request& r) {
                           return (desk->*f)(caller.op, r);
                         });
}

template <typename Request, typename Response>
void Gateway::Add(const std::string& method,
                  std::function<absl::StatusOr<Response>(Call&, const Caller&, const Request&)> f) {
  const MethodRoles& rule = RuleOf(method);
  api_.Register<Request, Response>(
      method,
      [this, &rule, f = std::move(f)](Call& call, const Request& r) -> absl::StatusOr<Response> {
        ASSIGN_OR_RETURN(Caller caller, Authorize(rule, call.http));
        return f(call, caller, r);
      });
}

Gateway::Gateway(std::string web_root, GatewayParts parts)
    : web_(std::move(web_root)),
      operators_(parts.operators),
      sessions_(parts.sessions),
      second_factor_(parts.second_factor),
      work_(parts.work),
      live_(parts.live),
      applicants_(parts.applicants),
      agencies_(parts.agencies),
      admin_(parts.admin),
      agency_keys_(parts.agency_keys) {
  AddAdmin("ListOperators", admin_, &OperatorAdmin::List);
  AddAdmin("CreateOperator", admin_, &OperatorAdmin::Create);
  AddAdmin("UpdateOperator", admin_, &OperatorAdmin::Update);
  AddAdmin("ResetOperatorPassword", admin_, &OperatorAdmin::ResetPassword);
  AddAdmin("ResetOperatorSecondFactor", admin_, &OperatorAdmin::ResetSecondFactor);
  AddAdmin("DeleteOperator", admin_, &OperatorAdmin::Delete);
  AddAdmin("ListAgencyKeys", agency_keys_, &AgencyKeys::List);
  AddAdmin("CreateAgencyKey", agency_keys_, &AgencyKeys::Create);
  AddAdmin("RevokeAgencyKey", agency_keys_, &AgencyKeys::Revoke);
  AddApplicantMethods();
  Add<pb::SubmitApplicationRequest, pb::SubmittedApplication>(
      "/ams.gateway.v1.AgencyService/SubmitApplication",
      [this](Call&, const Caller& c, const pb::SubmitApplicationRequest& r) {
        return agencies_->Submit(c.op, r);
      });
  Add<pb::ListApplicationsRequest, pb::ListApplicationsResponse>(
      "/ams.gateway.v1.AgencyService/ListApplications",
      [this](Call&, const Caller& c, const pb::ListApplicationsRequest& r) {
        return agencies_->List(c.op, r);
      });
  Add<pb::SignInRequest, pb::SignInResponse>(
      "/ams.gateway.v1.SessionService/SignIn",
      [this](Call& call, const Caller&,
             const pb::SignInRequest& r) -> absl::StatusOr<pb::SignInResponse> {
        ASSIGN_OR_RETURN(pb::Operator op,
                         operators_->SignIn(r.operator_(), r.password(), call.peer));
        ASSIGN_OR_RETURN(pb::SecondFactorState second_factor, SecondFactorOf(op));
        if (second_factor.enrolled()) {
          if (r.totp_code().empty()) {
            return WithReason(absl::UnauthenticatedError("the authenticator app's code is needed"),
                              ams::type::v1::ERROR_REASON_SECOND_FACTOR_REQUIRED);
          }
          if (absl::Status code = second_factor_->Verify(op.name(), r.totp_code()); !code.ok()) {
            // Wrong codes count like wrong passwords: five, and the operator waits.
            RETURN_IF_ERROR(operators_->CountFailure(op.name(), call.peer));
            return code;
          }
        }
        RETURN_IF_ERROR(operators_->SignedIn(op.name(), call.peer));
        // A session id the browser held before is never kept (session fixation).
        RETURN_IF_ERROR(sessions_->End(CookieOf(call.http, kSessionCookie)));
        ASSIGN_OR_RETURN(Session s,
                         sessions_->Start(op.name(), call.peer,
                                          std::string(call.http[http::field::user_agent])));
        call.response_headers.push_back(
            {"Set-Cookie", SessionCookie(s.id, s.absolute_expire - s.start)});
        pb::SignInResponse response;
        *response.mutable_operator_() = std::move(op);
        SetTimes(response, s);
        *response.mutable_second_factor() = second_factor;
        return response;
      });
  Add<pb::SignOutRequest, pb::SignOutResponse>(
      "/ams.gateway.v1.SessionService/SignOut",
      [this](Call& call, const Caller&,
             const pb::SignOutRequest&) -> absl::StatusOr<pb::SignOutResponse> {
        const std::string id = CookieOf(call.http, kSessionCookie);
        RETURN_IF_ERROR(sessions_->End(id));
        // Its live updates end with it (the session's hash names them).
        if (!id.empty()) live_->EndSession(Sha256Hex(id));
        call.response_headers.push_back({"Set-Cookie", SessionCookie("", absl::ZeroDuration())});
        return pb::SignOutResponse();
      });
  Add<pb::GetSessionRequest, pb::GetSessionResponse>(
      "/ams.gateway.v1.SessionService/GetSession",
      [](Call&, const Caller& caller,
         const pb::GetSessionRequest&) -> absl::StatusOr<pb::GetSessionResponse> {
        pb::GetSessionResponse response;
        *response.mutable_operator_() = caller.op;
        SetTimes(response, caller.session);
        *response.mutable_second_factor() = caller.second_factor;
        return response;
      });
  Add<pb::ListSessionsRequest, pb::ListSessionsResponse>(
      "/ams.gateway.v1.SessionService/ListSessions",
      [this](Call&, const Caller& caller,
             const pb::ListSessionsRequest&) -> absl::StatusOr<pb::ListSessionsResponse> {
        ASSIGN_OR_RETURN(std::vector<Session> live, sessions_->List(caller.op.name()));
        pb::ListSessionsResponse response;
        for (const Session& s : live) {
          pb::SessionInfo* info = response.add_sessions();
          info->set_name(absl::StrCat("sessions/", s.hash));
          *info->mutable_start_time() = ToTimestamp(s.start);
          *info->mutable_last_use_time() = ToTimestamp(s.last_use);
          info->set_address(s.address);
          info->set_user_agent(s.user_agent);
          info->set_current(s.hash == caller.session.hash);
        }
        return response;
      });
  Add<pb::EndSessionRequest, pb::EndSessionResponse>(
      "/ams.gateway.v1.SessionService/EndSession",
      [this](Call&, const Caller& caller,
             const pb::EndSessionRequest& r) -> absl::StatusOr<pb::EndSessionResponse> {
        absl::string_view hash = r.name();
        if (!absl::ConsumePrefix(&hash, "sessions/") || hash.size() != 64) {
          return InvalidFields({{"name", "must be sessions/{id} from ListSessions"}});
        }
        RETURN_IF_ERROR(sessions_->EndByHash(caller.op.name(), std::string(hash)));
        live_->EndSession(std::string(hash));
        return pb::EndSessionResponse();
      });
  Add<pb::BeginTotpEnrollmentRequest, pb::BeginTotpEnrollmentResponse>(
      "/ams.gateway.v1.SessionService/BeginTotpEnrollment",
      [this](Call&, const Caller& caller, const pb::BeginTotpEnrollmentRequest&)
          -> absl::StatusOr<pb::BeginTotpEnrollmentResponse> {
        if (caller.second_factor.enrolled()) {
          // Replacing a second factor is an admin's task, not a session's: a stolen session
          // must not be able to move it to the thief's phone.
          return WithReason(absl::FailedPreconditionError("an authenticator app is enrolled"),
                            ams::type::v1::ERROR_REASON_INVALID_STATE);
        }
        ASSIGN_OR_RETURN(TotpEnrollment e, second_factor_->Begin(caller.op.name()));
        pb::BeginTotpEnrollmentResponse response;
        response.set_secret_base32(e.secret_base32);
        response.set_otpauth_uri(e.otpauth_uri);
        for (std::string& row : e.qr_rows) response.add_qr_rows(std::move(row));
        return response;
      });
  Add<pb::ConfirmTotpEnrollmentRequest, pb::ConfirmTotpEnrollmentResponse>(
      "/ams.gateway.v1.SessionService/ConfirmTotpEnrollment",
      [this](Call&, const Caller& caller, const pb::ConfirmTotpEnrollmentRequest& r)
          -> absl::StatusOr<pb::ConfirmTotpEnrollmentResponse> {
        RETURN_IF_ERROR(second_factor_->Confirm(caller.op.name(), r.code()));
        pb::ConfirmTotpEnrollmentResponse response;
        ASSIGN_OR_RETURN(*response.mutable_second_factor(), SecondFactorOf(caller.op));
        return response;
      });
  AddWork(WorkMethod("ListReviewItems"), &WorkDesk::ListReviewItems);
  AddWork(WorkMethod("ForwardApplication"), &WorkDesk::Forward);
  AddWork(WorkMethod("ReturnApplication"), &WorkDesk::Return);
  AddWork(WorkMethod("ListRegistrations"), &WorkDesk::ListRegistrations);
  AddWork(WorkMethod("RegisterIdentity"), &WorkDesk::Register);
  AddWork(WorkMethod("ResendActivationLink"), &WorkDesk::Resend);
  AddWork(WorkMethod("ListCases"), &WorkDesk::ListCases);
  AddWork(WorkMethod("ApproveCase"), &WorkDesk::Approve);
  AddWork(WorkMethod("RejectCase"), &WorkDesk::Reject);
  AddWork(WorkMethod("ListParkedMails"), &WorkDesk::ListParkedMails);
  AddWork(WorkMethod("ResendParkedMail"), &WorkDesk::ResendParkedMail);
  AddWork(WorkMethod("SearchLedger"), &WorkDesk::SearchLedger);
  AddWork(WorkMethod("VerifyLedger"), &WorkDesk::VerifyLedger);
  AddWork(WorkMethod("GetSlaReport"), &WorkDesk::SlaReport);
  AddWork(WorkMethod("GetOverview"), &WorkDesk::Overview);
  Add<pb::GetQueueCountsRequest, pb::GetQueueCountsResponse>(
      WorkMethod("GetQueueCounts"),
      [this](Call&, const Caller& c, const pb::GetQueueCountsRequest&) {
        return work_->Counts(c.op);
      });
  Add<pb::GetItemRequest, pb::ReviewDetail>(
      WorkMethod("GetReviewItem"), [this](Call&, const Caller& c, const pb::GetItemRequest& r) {
        return work_->GetReviewItem(c.op, r.name());
      });
  Add<pb::GetItemRequest, pb::CaseDetail>(
      WorkMethod("GetCase"), [this](Call&, const Caller& c, const pb::GetItemRequest& r) {
        return work_->GetCase(c.op, r.name());
      });
  Add<pb::ClaimItemRequest, pb::Claim>(
      WorkMethod("ClaimItem"), [this](Call&, const Caller& c, const pb::ClaimItemRequest& r) {
        return work_->Claim(c.op, r.name());
      });
  Add<pb::ReleaseItemRequest, pb::ReleaseItemResponse>(
      WorkMethod("ReleaseItem"),
      [this](Call&, const Caller& c,
             const pb::ReleaseItemRequest& r) -> absl::StatusOr<pb::ReleaseItemResponse> {
        RETURN_IF_ERROR(work_->Release(c.op, r.name()));
        return pb::ReleaseItemResponse();
      });
  Add<pb::GetTimelineRequest, pb::Timeline>(
      WorkMethod("GetTimeline"), [this](Call&, const Caller& c, const pb::GetTimelineRequest& r) {
        return work_->Timeline(c.op, r.application());
      });
}

HttpReply Gateway::Serve(const HttpRequest& request, const std::string& peer) const {
  const std::string target(request.target());
  if (target != kEventsPath && !absl::StartsWith(target, absl::StrCat(kEventsPath, "?"))) {
    return Handle(request, peer);
  }
  absl::StatusOr<Caller> caller = request.method() == http::verb::get
                                      ? Authorize(RuleOf(kEventsPath), request)
                                      : absl::UnimplementedError("GET only");
  if (!caller.ok()) {
    HttpResponse refused = PlainRefusal(caller.status(), request.version());
    refused.keep_alive(false);
    return refused;
  }
  HttpResponse head(http::status::ok, request.version());
  AddSecurityHeaders(head);
  head.set(http::field::content_type, "text/event-stream; charset=utf-8");
  head.set(http::field::cache_control, "no-store");
  head.set("X-Accel-Buffering", "no");  // a proxy must pass each message on at once
  HttpReply reply(std::move(head));
  std::vector<Role> roles;
  for (int r : caller->op.roles()) roles.push_back(static_cast<Role>(r));
  reply.open = [live = live_, name = caller->op.name(), session = caller->session.hash, roles,
                last = std::string(request["Last-Event-ID"]).substr(0, 64)](
                   std::shared_ptr<StreamWriter> writer) {
    if (absl::Status opened = live->Open(writer, name, session, roles, last); !opened.ok()) {
      // Too many streams: say so, and let the browser try again later.
      writer->Write("retry: 60000\nevent: refused\ndata: {}\n\n");
      writer->Close();
    }
  };
  return reply;
}

void Gateway::AddApplicantMethods() {
  Add<ams::audit::v1::GetApplicationStatusRequest, ams::audit::v1::GetApplicationStatusResponse>(
      ApplicantMethod("GetApplicationStatus"),
      [this](Call&, const Caller&, const ams::audit::v1::GetApplicationStatusRequest& r) {
        return applicants_->Status(r);
      });
  // Each applicant's call names the browser's address to the services (their limits).
  auto client = [](const Call& call) { return call.peer.empty() ? "unknown" : call.peer; };
  auto set_account = [](Call& call, const ApplicantDesk::Account& account) {
    call.response_headers.push_back({"Set-Cookie", Cookie(kAccountCookie, account.session.id,
                                                          account.session.expire - absl::Now())});
    return account.view;
  };
  Add<pb::GetActivationRequest, pb::Activation>(
      ApplicantMethod("GetActivation"),
      [this, client](Call& call, const Caller&, const pb::GetActivationRequest&) {
        return applicants_->GetActivation(CookieOf(call.http, kActivationCookie), client(call));
      });
  Add<pb::UploadActivationDocumentRequest, pb::UploadedDocument>(
      ApplicantMethod("UploadActivationDocument"),
      [this, client](Call& call, const Caller&, const pb::UploadActivationDocumentRequest& r) {
        return applicants_->Upload(CookieOf(call.http, kActivationCookie), client(call), r);
      });
  Add<pb::SubmitActivationRequest, pb::SubmitActivationResponse>(
      ApplicantMethod("SubmitActivation"),
      [this, client](Call& call, const Caller&, const pb::SubmitActivationRequest& r)
          -> absl::StatusOr<pb::SubmitActivationResponse> {
        ASSIGN_OR_RETURN(
            pb::SubmitActivationResponse done,
            applicants_->Submit(CookieOf(call.http, kActivationCookie), client(call), r));
        call.response_headers.push_back(
            {"Set-Cookie", Cookie(kActivationCookie, "", absl::ZeroDuration())});
        return done;
      });
  Add<pb::LogInRequest, pb::AccountView>(
      ApplicantMethod("LogIn"),
      [this, client, set_account](Call& call, const Caller&,
                                  const pb::LogInRequest& r) -> absl::StatusOr<pb::AccountView> {
        ASSIGN_OR_RETURN(ApplicantDesk::Account account, applicants_->LogIn(r, client(call)));
        // A session the browser held before is never kept (session fixation).
        RETURN_IF_ERROR(applicants_->LogOut(CookieOf(call.http, kAccountCookie), client(call)));
        return set_account(call, account);
      });
  Add<pb::GetAccountRequest, pb::AccountView>(
      ApplicantMethod("GetAccount"),
      [this](Call& call, const Caller&, const pb::GetAccountRequest&) {
        return applicants_->GetAccount(CookieOf(call.http, kAccountCookie));
      });
  Add<pb::CheckNewPasswordRequest, pb::PasswordCheck>(
      ApplicantMethod("CheckNewPassword"),
      [this, client](Call& call, const Caller&, const pb::CheckNewPasswordRequest& r) {
        return applicants_->CheckNewPassword(CookieOf(call.http, kAccountCookie), client(call), r);
      });
  Add<pb::ChangePasswordRequest, pb::AccountView>(
      ApplicantMethod("ChangePassword"),
      [this, client, set_account](Call& call, const Caller&, const pb::ChangePasswordRequest& r)
          -> absl::StatusOr<pb::AccountView> {
        ASSIGN_OR_RETURN(
            ApplicantDesk::Account account,
            applicants_->ChangePassword(CookieOf(call.http, kAccountCookie), client(call), r));
        return set_account(call, account);
      });
  Add<pb::LogOutRequest, pb::LogOutResponse>(
      ApplicantMethod("LogOut"),
      [this, client](Call& call, const Caller&,
                     const pb::LogOutRequest&) -> absl::StatusOr<pb::LogOutResponse> {
        RETURN_IF_ERROR(applicants_->LogOut(CookieOf(call.http, kAccountCookie), client(call)));
        call.response_headers.push_back(
            {"Set-Cookie", Cookie(kAccountCookie, "", absl::ZeroDuration())});
        return pb::LogOutResponse();
      });
}

HttpResponse Gateway::OpenActivation(const HttpRequest& request, const std::string& token,
                                     const std::string& peer) const {
  HttpResponse r(http::status::see_other, request.version());
  r.keep_alive(request.keep_alive());
  AddSecurityHeaders(r);
  r.set(http::field::cache_control, "no-store");
  absl::StatusOr<ApplicantSession> session =
      applicants_->OpenActivation(token, peer.empty() ? "unknown" : peer);
  std::string location = kActivationPath;
  if (session.ok()) {
    r.set(http::field::set_cookie,
          Cookie(kActivationCookie, session->id, session->expire - absl::Now()));
  } else {
    r.set(http::field::set_cookie, Cookie(kActivationCookie, "", absl::ZeroDuration()));
    if (absl::IsResourceExhausted(session.status())) absl::StrAppend(&location, "?status=limited");
    if (absl::IsUnavailable(session.status())) absl::StrAppend(&location, "?status=unavailable");
  }
  r.set(http::field::location, location);
  r.prepare_payload();
  return r;
}

HttpResponse Gateway::Handle(const HttpRequest& request, const std::string& peer) const {
  const std::string target(request.target());
  if (absl::StartsWith(target, "/documents/")) return ServeDocument(request);
  if (request.method() == http::verb::get &&
      absl::StartsWith(target, absl::StrCat(kActivationPath, "?"))) {
    const std::string token = QueryValue(target.substr(strlen(kActivationPath) + 1), "token");
    if (!token.empty()) return OpenActivation(request, token, peer);
  }
  HttpResponse response = api_.Handles(request) ? api_.Serve(request, peer) : web_.Serve(request);
  response.keep_alive(request.keep_alive());
  AddSecurityHeaders(response);
  return response;
}

HttpResponse Gateway::ServeDocument(const HttpRequest& request) const {
  const std::string target(request.target());
  absl::StatusOr<Document> document = [&]() -> absl::StatusOr<Document> {
    if (request.method() != http::verb::get && request.method() != http::verb::head) {
      return absl::UnimplementedError("GET only");
    }
    if (absl::StartsWith(target, kLedgerPath)) {
      ASSIGN_OR_RETURN(Caller caller, Authorize(RuleOf(kLedgerPath), request));
      return work_->LedgerExport(caller.op, std::string(absl::StripPrefix(target, kLedgerPath)));
    }
    if (absl::StartsWith(target, kLettersPath)) {
      ASSIGN_OR_RETURN(Caller caller, Authorize(RuleOf(kLettersPath), request));
      return work_->Letter(caller.op,
                           absl::StrCat("applications/", absl::StripPrefix(target, kLettersPath)));
    }
    ASSIGN_OR_RETURN(Caller caller, Authorize(RuleOf(kCaseDocumentsPath), request));
    // "/documents/cases/{id}/{kind}"
    std::pair<std::string, std::string> id_kind =
        absl::StrSplit(absl::StripPrefix(target, kCaseDocumentsPath), absl::MaxSplits('/', 1));
    return work_->CaseDocument(caller.op, absl::StrCat("cases/", id_kind.first), id_kind.second);
  }();
  if (!document.ok()) {
    HttpResponse refused = PlainRefusal(document.status(), request.version());
    refused.keep_alive(request.keep_alive());
    return refused;
  }
  HttpResponse r(http::status::ok, request.version());
  r.keep_alive(request.keep_alive());
  AddSecurityHeaders(r);
  r.set(http::field::cache_control, "private, no-store");
  // Whatever the file holds, it runs nothing here: no script, no same origin, no plugin.
  r.set("Content-Security-Policy", "sandbox; default-src 'none'; style-src 'unsafe-inline'");
  r.set(http::field::content_type, document->media_type);
  r.set(http::field::content_disposition, absl::StrCat(document->download ? "attachment" : "inline",
                                                       "; filename=\"", document->file_name, "\""));
  if (request.method() == http::verb::get) r.body() = std::move(document->bytes);
  r.prepare_payload();
  return r;
}

}  // namespace ams::gateway
