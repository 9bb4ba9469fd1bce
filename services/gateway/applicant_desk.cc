#include "services/gateway/applicant_desk.h"

#include <algorithm>
#include <map>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "common/cloud_event.h"
#include "common/hashing.h"
#include "common/rpc_status.h"
#include "common/status_macros.h"

namespace ams::gateway {
namespace {

namespace pb = ams::gateway::v1;
namespace enrollment = ams::enrollment::v1;
namespace credential = ams::credential::v1;
using credential::CredentialService;
using enrollment::EnrollmentService;

// Each document: its kind, its field in enrollment's ActivationData, its name on the page.
struct DocumentField {
  pb::DocumentKind kind;
  const char* enrollment_field;
  const char* page_field;
};
constexpr DocumentField kDocuments[] = {
    {pb::DOCUMENT_KIND_KTP_IMAGE, "ktp_image", "ktp_image"},
    {pb::DOCUMENT_KIND_APPOINTMENT_DECREE, "appointment_decree_pdf", "appointment_decree"},
    {pb::DOCUMENT_KIND_SPECIMEN_SIGNATURE, "specimen_signature_image", "specimen_signature"},
};

std::string ContentPart(pb::DocumentKind kind) { return absl::StrCat("content:", kind); }
std::string DocumentPart(pb::DocumentKind kind) { return absl::StrCat("document:", kind); }

// Enrollment names ActivationData's fields ("data.ktp_image"); the page has its own names.
absl::Status AsPageFields(absl::Status status) {
  google::rpc::BadRequest bad;
  if (!GetBadRequest(status, &bad)) return status;
  std::vector<FieldViolation> violations;
  for (const auto& v : bad.field_violations()) {
    std::string field(absl::StripPrefix(v.field(), "data."));
    for (const DocumentField& d : kDocuments) {
      if (field == d.enrollment_field) field = d.page_field;
    }
    violations.push_back({field, v.description()});
  }
  return InvalidFields(violations);
}

}  // namespace

absl::Status NoActivation() {
  return WithReason(
      absl::UnauthenticatedError("this activation link can no longer be used; ask for a new one"),
      ams::type::v1::ERROR_REASON_ACTIVATION_LINK_INVALID);
}

absl::Status NoAccountSession() {
  return WithReason(absl::UnauthenticatedError("log in first"),
                    ams::type::v1::ERROR_REASON_SESSION_INVALID);
}

absl::StatusOr<ApplicantSession> ApplicantDesk::OpenActivation(const std::string& token,
                                                               const std::string& client) {
  enrollment::GetActivationFormRequest r;
  r.set_token(token);
  ASSIGN_OR_RETURN(
      enrollment::GetActivationFormResponse form,
      services_->Call(services_->enrollment(), &EnrollmentService::Stub::GetActivationForm,
                      {"", {}, client}, r));
  return activations_->Start(
      token, std::min(clock_->Now() + activation_session_, FromTimestamp(form.expire_time())));
}

absl::StatusOr<pb::Activation> ApplicantDesk::GetActivation(const std::string& session,
                                                            const std::string& client) {
  ASSIGN_OR_RETURN(ApplicantSession s, activations_->Use(session));
  enrollment::GetActivationFormRequest r;
  r.set_token(s.secret);
  ASSIGN_OR_RETURN(
      enrollment::GetActivationFormResponse form,
      services_->Call(services_->enrollment(), &EnrollmentService::Stub::GetActivationForm,
                      {"", {}, client}, r));
  pb::Activation activation;
  *activation.mutable_applicant() = form.applicant();
  activation.mutable_applicant()->clear_nik_fingerprint();  // for matching records, not for pages
  activation.set_username(form.username());
  *activation.mutable_link_expire_time() = form.expire_time();
  *activation.mutable_session_expire_time() = ToTimestamp(s.expire);
  activation.set_max_image_bytes(form.max_image_bytes());
  activation.set_max_decree_bytes(form.max_decree_bytes());
  std::vector<std::string> parts;
  for (const DocumentField& d : kDocuments) parts.push_back(DocumentPart(d.kind));
  ASSIGN_OR_RETURN(auto uploaded, activations_->Get(s, parts));
  for (const auto& [part, bytes] : uploaded) {
    activation.add_documents()->ParseFromString(bytes);
  }
  return activation;
}

absl::StatusOr<pb::UploadedDocument> ApplicantDesk::Upload(
    const std::string& session, const std::string& client,
    const pb::UploadActivationDocumentRequest& r) {
  ASSIGN_OR_RETURN(ApplicantSession s, activations_->Use(session));
  const DocumentField* field = nullptr;
  for (const DocumentField& d : kDocuments) {
    if (d.kind == r.kind()) field = &d;
  }
  if (field == nullptr) {
    return InvalidFields({{"kind",
                           "must be the KTP scan, the appointment decree or the specimen "
                           "signature"}});
  }
  if (r.content().empty()) return InvalidFields({{"content", "is empty"}});
  enrollment::CheckActivationDocumentRequest check;
  check.set_token(s.secret);
  check.set_field(field->enrollment_field);
  check.set_content(r.content());
  ASSIGN_OR_RETURN(
      enrollment::CheckActivationDocumentResponse checked,
      services_->Call(services_->enrollment(), &EnrollmentService::Stub::CheckActivationDocument,
                      {"", {}, client}, check));
  pb::UploadedDocument document;
  document.set_kind(r.kind());
  document.set_media_type(checked.media_type());
  document.set_size_bytes(static_cast<int64_t>(r.content().size()));
  document.set_sha256(Sha256Hex(r.content()));
  RETURN_IF_ERROR(activations_->Put(s, ContentPart(r.kind()), r.content()));
  RETURN_IF_ERROR(activations_->Put(s, DocumentPart(r.kind()), document.SerializeAsString()));
  return document;
}

absl::StatusOr<pb::SubmitActivationResponse> ApplicantDesk::Submit(
    const std::string& session, const std::string& client, const pb::SubmitActivationRequest& r) {
  ASSIGN_OR_RETURN(ApplicantSession s, activations_->Use(session));
  std::vector<std::string> parts;
  for (const DocumentField& d : kDocuments) parts.push_back(ContentPart(d.kind));
  ASSIGN_OR_RETURN(auto contents, activations_->Get(s, parts));
  std::vector<FieldViolation> missing;
  for (const DocumentField& d : kDocuments) {
    if (contents.count(ContentPart(d.kind)) == 0)
      missing.push_back({d.page_field, "upload it first"});
  }
  if (!missing.empty()) return InvalidFields(missing);
  enrollment::SubmitActivationRequest submit;
  submit.set_token(s.secret);
  submit.set_request_id(r.request_id());
  enrollment::ActivationData* data = submit.mutable_data();
  data->set_address(r.address());
  data->set_city(r.city());
  data->set_province(r.province());
  data->set_ktp_image(contents[ContentPart(pb::DOCUMENT_KIND_KTP_IMAGE)]);
  data->set_appointment_decree_pdf(contents[ContentPart(pb::DOCUMENT_KIND_APPOINTMENT_DECREE)]);
  data->set_specimen_signature_image(contents[ContentPart(pb::DOCUMENT_KIND_SPECIMEN_SIGNATURE)]);
  absl::StatusOr<enrollment::SubmitActivationResponse> submitted =
      services_->Call(services_->enrollment(), &EnrollmentService::Stub::SubmitActivation,
                      {"", {}, client}, submit);
  if (!submitted.ok()) return AsPageFields(submitted.status());
  RETURN_IF_ERROR(activations_->End(session));
  pb::SubmitActivationResponse response;
  response.set_application(submitted->identity().application());
  *response.mutable_submit_time() = submitted->identity().update_time();
  return response;
}

absl::StatusOr<ApplicantDesk::Account> ApplicantDesk::StartAccount(
    const credential::Session& credential_session, const credential::Account& account) {
  Account out;
  out.view.set_username(account.username());
  *out.view.mutable_applicant() = account.applicant();
  out.view.mutable_applicant()->clear_nik_fingerprint();
  out.view.set_password_change_required(credential_session.password_change_required());
  if (account.has_activate_time()) *out.view.mutable_activate_time() = account.activate_time();
  *out.view.mutable_session_expire_time() = credential_session.expire_time();
  ASSIGN_OR_RETURN(out.session, accounts_->Start(credential_session.token(),
                                                 FromTimestamp(credential_session.expire_time())));
  RETURN_IF_ERROR(accounts_->Put(out.session, "view", out.view.SerializeAsString()));
  return out;
}

absl::StatusOr<ApplicantDesk::Account> ApplicantDesk::LogIn(const pb::LogInRequest& r,
                                                            const std::string& client) {
  credential::LoginRequest login;
  login.set_username(r.username());
  login.set_password(r.password());
  ASSIGN_OR_RETURN(credential::LoginResponse response,
                   services_->Call(services_->credential(), &CredentialService::Stub::Login,
                                   {"", {}, client}, login));
  return StartAccount(response.session(), response.account());
}

absl::StatusOr<pb::AccountView> ApplicantDesk::GetAccount(const std::string& session) {
  ASSIGN_OR_RETURN(ApplicantSession s, accounts_->Use(session));
  ASSIGN_OR_RETURN(auto parts, accounts_->Get(s, {"view", "replaced"}));
  pb::AccountView view;
  if (parts.count("replaced") > 0 || !view.ParseFromString(parts["view"])) {
    return NoAccountSession();
  }
  return view;
}

absl::StatusOr<pb::PasswordCheck> ApplicantDesk::CheckNewPassword(
    const std::string& session, const std::string& client, const pb::CheckNewPasswordRequest& r) {
  ASSIGN_OR_RETURN(ApplicantSession s, accounts_->Use(session));
  credential::CheckNewPasswordRequest check;
  check.set_session_token(s.secret);
  check.set_current_password(r.current_password());
  check.set_new_password(r.new_password());
  ASSIGN_OR_RETURN(
      credential::CheckNewPasswordResponse verdict,
      services_->Call(services_->credential(), &CredentialService::Stub::CheckNewPassword,
                      {"", {}, client}, check));
  pb::PasswordCheck out;
  out.set_acceptable(verdict.acceptable());
  out.set_reason(verdict.reason());
  out.set_score(verdict.score());
  out.set_rule(verdict.rule());
  return out;
}

absl::StatusOr<ApplicantDesk::Account> ApplicantDesk::ChangePassword(
    const std::string& session, const std::string& client, const pb::ChangePasswordRequest& r) {
  ASSIGN_OR_RETURN(ApplicantSession s, accounts_->Use(session));
  credential::ChangePasswordRequest change;
  change.set_session_token(s.secret);
  change.set_current_password(r.current_password());
  change.set_new_password(r.new_password());
  change.set_request_id(r.request_id());
  ASSIGN_OR_RETURN(
      credential::ChangePasswordResponse changed,
      services_->Call(services_->credential(), &CredentialService::Stub::ChangePassword,
                      {"", {}, client}, change));
  // The change ended the old credential session, and so this one, but for a retry of this
  // change (same request_id) whose answer was lost: credential answers it as the first time.
  RETURN_IF_ERROR(accounts_->Put(s, "replaced", "1"));
  return StartAccount(changed.session(), changed.account());
}

absl::Status ApplicantDesk::LogOut(const std::string& session, const std::string& client) {
  absl::StatusOr<ApplicantSession> s = accounts_->Use(session);
  if (!s.ok()) return absl::OkStatus();  // nothing to end
  credential::LogoutRequest logout;
  logout.set_session_token(s->secret);
  absl::Status ended = services_
                           ->Call(services_->credential(), &CredentialService::Stub::Logout,
                                  {"", {}, client}, logout)
                           .status();
  // A credential session already ended (by a password change or reset) needs no ending.
  if (!ended.ok() && !absl::IsUnauthenticated(ended)) return ended;
  return accounts_->End(session);
}

absl::StatusOr<ams::audit::v1::GetApplicationStatusResponse> ApplicantDesk::Status(
    const ams::audit::v1::GetApplicationStatusRequest& r) {
  return services_->Call(services_->audit(),
                         &ams::audit::v1::AuditService::Stub::GetApplicationStatus, ActingFor{}, r);
}

}  // namespace ams::gateway
