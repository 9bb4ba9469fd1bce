#include "tests/support/sop_actors.h"

#include <optional>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/strip.h"
#include "common/random.h"
#include "common/rpc_status.h"
#include "common/testing/image_fixtures.h"
#include "common/testing/pdf_fixtures.h"
#include "grpcpp/grpcpp.h"
#include "nlohmann/json.hpp"
#include "services/intake/testing/sample_request.h"
#include "tests/support/http_client.h"

namespace ams::testing {
namespace {

namespace enrollment = ams::enrollment::v1;
namespace forwarding = ams::forwarding::v1;
namespace intake = ams::intake::v1;
namespace verification = ams::verification::v1;

bool Transient(grpc::StatusCode code) {
  return code == grpc::StatusCode::UNAVAILABLE || code == grpc::StatusCode::DEADLINE_EXCEEDED ||
         code == grpc::StatusCode::ABORTED;
}

void Authorize(grpc::ClientContext& ctx, const std::string& key) {
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  if (!key.empty()) ctx.AddMetadata("authorization", absl::StrCat("Bearer ", key));
}

// "applications/{id}" -> id.
std::string IdOf(const std::string& application) {
  return std::string(absl::StripPrefix(application, "applications/"));
}

ams::type::v1::Reason Because(const std::string& why) {
  ams::type::v1::Reason reason;
  reason.set_code(ams::type::v1::REASON_CODE_OTHER);
  reason.set_text(why);
  return reason;
}

}  // namespace

std::shared_ptr<grpc::Channel> RoundRobinChannel(const std::string& addresses) {
  grpc::ChannelArguments args;
  args.SetLoadBalancingPolicyName("round_robin");
  return grpc::CreateCustomChannel(absl::StrCat("ipv4:", addresses),
                                   grpc::InsecureChannelCredentials(), args);
}

intake::SubmitApplicationRequest ApplicantRequest(int district, int64_t index) {
  intake::SubmitApplicationRequest r = ams::intake::testing::SampleRequest();
  // Day, month, year and sequence from the index: 9,999 x 28 x 12 x 30 distinct NIKs.
  const std::string nik = absl::StrFormat("3305%02d%02d%02d%02d%04d", district % 100,
                                          1 + (index / 9999) % 28, 1 + (index / (9999 * 28)) % 12,
                                          60 + (index / (9999 * 28 * 12)) % 30, 1 + index % 9999);
  auto* a = r.mutable_applicant();
  a->set_nik(nik);
  // An employee number that does not have to agree with each generated birth date.
  a->set_employee_type(ams::type::v1::EMPLOYEE_TYPE_OTHER);
  a->set_employee_number("TKD-2026-001");
  a->set_official_email(absl::StrCat("pegawai", district, ".", index, "@kebumenkab.go.id"));
  r.set_request_id(absl::StrFormat("6c6f6164-%04x-4000-8000-%012x", district, index));
  return r;
}

SopActors::SopActors(SopEndpoints endpoints)
    : endpoints_(std::move(endpoints)),
      intake_(intake::IntakeService::NewStub(RoundRobinChannel(endpoints_.intake))),
      forwarding_(forwarding::ForwardingService::NewStub(RoundRobinChannel(endpoints_.forwarding))),
      enrollment_(enrollment::EnrollmentService::NewStub(RoundRobinChannel(endpoints_.enrollment))),
      verification_(
          verification::VerificationService::NewStub(RoundRobinChannel(endpoints_.verification))),
      credential_(ams::credential::v1::CredentialService::NewStub(
          RoundRobinChannel(endpoints_.credential))) {}

absl::Status SopActors::UntilFound(const std::function<grpc::Status(grpc::ClientContext*)>& call,
                                   const std::string& key, bool* retried) {
  const absl::Time deadline = absl::Now() + endpoints_.wait;
  absl::Duration pause = absl::Milliseconds(1);
  while (true) {
    grpc::ClientContext ctx;
    Authorize(ctx, key);
    grpc::Status s = call(&ctx);
    const bool transient = Transient(s.error_code());
    if (transient && retried != nullptr) *retried = true;
    if ((s.error_code() != grpc::StatusCode::NOT_FOUND && !transient) || absl::Now() > deadline) {
      return FromGrpcStatus(s);
    }
    absl::SleepFor(pause);
    pause = std::min(pause * 2, transient ? absl::Milliseconds(500) : absl::Milliseconds(20));
  }
}

absl::StatusOr<std::string> SopActors::Submit(const intake::SubmitApplicationRequest& request) {
  intake::SubmitApplicationResponse response;
  absl::Status s = UntilFound(
      [&](grpc::ClientContext* ctx) { return intake_->SubmitApplication(ctx, request, &response); },
      endpoints_.agency_key);
  if (!s.ok()) return s;
  return response.application().name();
}

absl::Status SopActors::Resubmit(const std::string& application,
                                 const ams::type::v1::ApplicantIdentity& corrected) {
  intake::ResubmitApplicationRequest r;
  r.set_name(application);
  *r.mutable_applicant() = corrected;
  grpc::ClientContext ctx;
  Authorize(ctx, endpoints_.agency_key);
  intake::ResubmitApplicationResponse response;
  return FromGrpcStatus(intake_->ResubmitApplication(&ctx, r, &response));
}

absl::Status SopActors::Forward(const std::string& application) {
  forwarding::ForwardApplicationRequest r;
  r.set_name(absl::StrCat("reviewItems/", IdOf(application)));
  r.set_request_id(NewUuid(SecureRandom()));
  forwarding::ForwardApplicationResponse response;
  return UntilFound(
      [&](grpc::ClientContext* ctx) { return forwarding_->ForwardApplication(ctx, r, &response); },
      endpoints_.diskominfo_key);
}

absl::Status SopActors::Return(const std::string& application, const std::string& why) {
  forwarding::ReturnApplicationRequest r;
  r.set_name(absl::StrCat("reviewItems/", IdOf(application)));
  *r.mutable_reason() = Because(why);
  forwarding::ReturnApplicationResponse response;
  return UntilFound(
      [&](grpc::ClientContext* ctx) { return forwarding_->ReturnApplication(ctx, r, &response); },
      endpoints_.diskominfo_key);
}

absl::StatusOr<enrollment::Identity> SopActors::Register(const std::string& application) {
  enrollment::RegisterIdentityRequest r;
  r.set_application(application);
  r.set_request_id(NewUuid(SecureRandom()));
  enrollment::RegisterIdentityResponse response;
  absl::Status s = UntilFound(
      [&](grpc::ClientContext* ctx) { return enrollment_->RegisterIdentity(ctx, r, &response); },
      endpoints_.bsre_key);
  if (!s.ok()) return s;
  return response.identity();
}

absl::Status SopActors::ResendActivationLink(const std::string& application) {
  enrollment::ResendActivationLinkRequest r;
  r.set_name(absl::StrCat("identities/", IdOf(application)));
  grpc::ClientContext ctx;
  Authorize(ctx, endpoints_.bsre_key);
  enrollment::ResendActivationLinkResponse response;
  return FromGrpcStatus(enrollment_->ResendActivationLink(&ctx, r, &response));
}

absl::Status SopActors::SubmitActivation(const std::string& token) {
  enrollment::SubmitActivationRequest r;
  r.set_token(token);
  auto* data = r.mutable_data();
  data->set_address("Jl. Pahlawan No. 1");
  data->set_city("Kebumen");
  data->set_province("Jawa Tengah");
  // Images a browser can draw (the verifier's screen shows them): a card-sized KTP scan and a
  // signature strip, plain grey.
  static const std::string* const ktp = new std::string(MakePng(428, 270));
  static const std::string* const decree = new std::string(MakeUnsignedPdf("SK"));
  static const std::string* const specimen = new std::string(MakePng(240, 100));
  data->set_ktp_image(*ktp);
  data->set_appointment_decree_pdf(*decree);
  data->set_specimen_signature_image(*specimen);
  enrollment::SubmitActivationResponse response;
  bool retried = false;
  absl::Status s = UntilFound(
      [&](grpc::ClientContext* ctx) { return enrollment_->SubmitActivation(ctx, r, &response); },
      "", &retried);
  // The link is single use: after a try whose answer was lost, "invalid" means it was used.
  if (retried && absl::IsUnauthenticated(s)) return absl::OkStatus();
  return s;
}

absl::Status SopActors::Approve(const std::string& application) {
  verification::ApproveEnrollmentRequest r;
  r.set_name(absl::StrCat("cases/", IdOf(application)));
  r.set_request_id(NewUuid(SecureRandom()));
  verification::ApproveEnrollmentResponse response;
  return UntilFound(
      [&](grpc::ClientContext* ctx) { return verification_->ApproveEnrollment(ctx, r, &response); },
      endpoints_.verifier_key);
}

absl::Status SopActors::Reject(const std::string& application, const std::string& why) {
  verification::RejectEnrollmentRequest r;
  r.set_name(absl::StrCat("cases/", IdOf(application)));
  *r.mutable_reason() = Because(why);
  verification::RejectEnrollmentResponse response;
  return UntilFound(
      [&](grpc::ClientContext* ctx) { return verification_->RejectEnrollment(ctx, r, &response); },
      endpoints_.verifier_key);
}

absl::StatusOr<ams::credential::v1::LoginResponse> SopActors::Login(const std::string& username,
                                                                    const std::string& password) {
  ams::credential::v1::LoginRequest r;
  r.set_username(username);
  r.set_password(password);
  ams::credential::v1::LoginResponse response;
  absl::Status s = UntilFound(
      [&](grpc::ClientContext* ctx) { return credential_->Login(ctx, r, &response); }, "");
  if (!s.ok()) return s;
  return response;
}

absl::Status SopActors::ChangePassword(const std::string& session_token, const std::string& current,
                                       const std::string& fresh) {
  ams::credential::v1::ChangePasswordRequest r;
  r.set_session_token(session_token);
  r.set_current_password(current);
  r.set_new_password(fresh);
  r.set_request_id(NewUuid(SecureRandom()));
  ams::credential::v1::ChangePasswordResponse response;
  return UntilFound(
      [&](grpc::ClientContext* ctx) { return credential_->ChangePassword(ctx, r, &response); }, "");
}

absl::StatusOr<ams::credential::v1::Account> SopActors::Account(const std::string& username) {
  ams::credential::v1::GetAccountRequest r;
  r.set_name(absl::StrCat("accounts/", username));
  ams::credential::v1::GetAccountResponse response;
  absl::Status s = UntilFound(
      [&](grpc::ClientContext* ctx) { return credential_->GetAccount(ctx, r, &response); },
      endpoints_.bsre_key);
  if (!s.ok()) return s;
  return response.account();
}

void Mailbox::FetchLocked() {
  // However many applicants wait, maildev is asked at most every 20 ms: under load the
  // waiting threads would otherwise keep it (and the cores it shares) busy answering.
  const absl::Time now = absl::Now();
  if (now - last_fetch_ < absl::Milliseconds(20)) return;
  last_fetch_ = now;
  const std::string body = HttpGet(absl::StrCat(api_base_, "/email"));
  if (body.empty()) return;
  nlohmann::json mails = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (!mails.is_array()) return;
  for (const auto& mail : mails) {
    if (mail.contains("to") && !mail["to"].empty()) {
      const std::string to = mail["to"][0].value("address", "");
      texts_.emplace(to, mail.value("text", ""));
      seen_.push_back({to, mail.value("messageId", ""), mail.value("text", "")});
    }
    HttpDelete(absl::StrCat(api_base_, "/email/", mail.value("id", "")));
  }
}

std::vector<Mailbox::Seen> Mailbox::AllSeen() {
  absl::MutexLock lock(&mu_);
  last_fetch_ = absl::InfinitePast();
  FetchLocked();
  return seen_;
}

absl::StatusOr<std::string> Mailbox::AwaitValue(const std::string& address,
                                                const std::string& marker, absl::Duration timeout) {
  const absl::Time deadline = absl::Now() + timeout;
  absl::Duration pause = absl::Milliseconds(5);
  auto take = [&]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) -> std::optional<std::string> {
    auto [from, to] = texts_.equal_range(address);
    for (auto it = from; it != to; ++it) {
      const size_t at = it->second.find(marker);
      if (at == std::string::npos) continue;
      const size_t begin = at + marker.size();
      std::string value =
          it->second.substr(begin, it->second.find_first_of(" \r\n", begin) - begin);
      texts_.erase(it);
      return value;
    }
    return std::nullopt;
  };
  while (true) {
    {
      absl::MutexLock lock(&mu_);
      std::optional<std::string> value = take();
      if (!value) {
        FetchLocked();
        value = take();
      }
      if (value) return *value;
    }
    if (absl::Now() > deadline) {
      return absl::DeadlineExceededError(
          absl::StrCat("no mail with \"", marker, "\" to ", address));
    }
    // Soon at first; less often the longer the mail takes, so that hundreds of waiting
    // applicants do not keep the cores busy with looking.
    absl::SleepFor(pause);
    pause = std::min(pause * 2, absl::Milliseconds(100));
  }
}

}  // namespace ams::testing
