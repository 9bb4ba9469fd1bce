#include "services/intake/application.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "common/cloud_event.h"
#include "common/field_rules.h"
#include "common/hashing.h"
#include "common/logging.h"
#include "common/random.h"
#include "common/text_rules.h"
#include "re2/re2.h"

namespace ams::intake {
namespace {

using ams::intake::v1::RecommendationLetterUpload;
using ams::intake::v1::SubmitApplicationRequest;
using ams::type::v1::ApplicantIdentity;

// A required, single-line, bounded text field (common/text_rules.h).
void CheckText(const std::string& value, const std::string& field, size_t max,
               std::vector<FieldViolation>& out) {
  absl::StatusOr<std::string> text = NormalizeText(value, max);
  if (!text.ok()) out.push_back({field, std::string(text.status().message())});
}

// `value` in NFC; unchanged if it is not valid text (then the checks refuse it).
void Normalize(std::string* value, size_t max) {
  absl::StatusOr<std::string> text = NormalizeText(*value, max);
  if (text.ok()) *value = *std::move(text);
}

// Formats checked by pattern (RE2: linear time on untrusted input).
#define AMS_PATTERN(name, regex)                      \
  bool name(const std::string& s) {                   \
    static const RE2* const pattern = new RE2(regex); \
    return RE2::FullMatch(s, *pattern);               \
  }
AMS_PATTERN(IsOtherEmployeeNumber, "[A-Za-z0-9./-]{1,30}")
AMS_PATTERN(IsIndonesianPhone, R"((\+62|0)[0-9]{8,13})")
AMS_PATTERN(IsAccountName, "accounts/[a-z0-9._-]{3,64}")
AMS_PATTERN(IsUuid, "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
#undef AMS_PATTERN

std::string Reason(const absl::Status& s) { return std::string(s.message()); }

}  // namespace

std::vector<FieldViolation> CheckApplicant(const ApplicantIdentity& a, const IntakeRules& rules,
                                           absl::CivilDay today) {
  std::vector<FieldViolation> v;
  CheckText(a.full_name(), "applicant.full_name", MaxChars("application.full_name"), v);
  absl::StatusOr<NikInfo> nik = ParseNik(a.nik(), today);
  if (!nik.ok()) v.push_back({"applicant.nik", Reason(nik.status())});

  const std::string& number = a.employee_number();
  switch (a.employee_type()) {
    case ams::type::v1::EMPLOYEE_TYPE_ASN_PNS: {
      absl::StatusOr<NipInfo> nip = ParseNip(number, today);
      if (!nip.ok()) {
        v.push_back({"applicant.employee_number", absl::StrCat("NIP ", Reason(nip.status()))});
      } else if (nik.ok()) {
        absl::Status agree = CheckNikAgrees(*nik, nip->birth_date, nip->gender);
        if (!agree.ok()) v.push_back({"applicant.employee_number", Reason(agree)});
      }
      break;
    }
    case ams::type::v1::EMPLOYEE_TYPE_PPPK: {
      absl::StatusOr<PppkInfo> pppk = ParsePppkNumber(number, today);
      if (!pppk.ok()) {
        v.push_back(
            {"applicant.employee_number", absl::StrCat("PPPK number ", Reason(pppk.status()))});
      } else if (nik.ok()) {
        absl::Status agree = CheckNikAgrees(*nik, pppk->birth_date, pppk->gender);
        if (!agree.ok()) v.push_back({"applicant.employee_number", Reason(agree)});
      }
      break;
    }
    case ams::type::v1::EMPLOYEE_TYPE_OTHER:
      if (!IsOtherEmployeeNumber(number)) {
        v.push_back(
            {"applicant.employee_number", "must be 1 to 30 letters, digits, '.', '/' or '-'"});
      }
      break;
    default:
      v.push_back({"applicant.employee_type", "must be ASN_PNS, PPPK or OTHER"});
  }
  CheckText(a.position(), "applicant.position", MaxChars("application.position"), v);
  CheckText(a.work_unit(), "applicant.work_unit", MaxChars("application.work_unit"), v);
  if (!IsAgencyName(a.agency())) {
    v.push_back({"applicant.agency", "must be agencies/{id} with a lowercase id"});
  }
  absl::Status email = CheckOfficialEmail(a.official_email(), rules.email_domains);
  if (!email.ok()) v.push_back({"applicant.official_email", Reason(email)});
  if (!IsIndonesianPhone(a.phone())) {
    v.push_back({"applicant.phone", "must be an Indonesian number: +62 or 0, then 8 to 13 digits"});
  }
  return v;
}

void NormalizeApplicant(ApplicantIdentity& a) {
  Normalize(a.mutable_full_name(), MaxChars("application.full_name"));
  Normalize(a.mutable_position(), MaxChars("application.position"));
  Normalize(a.mutable_work_unit(), MaxChars("application.work_unit"));
}

std::vector<FieldViolation> CheckLetter(const RecommendationLetterUpload& letter,
                                        const IntakeRules& rules, absl::CivilDay today,
                                        CheckedLetter* checked) {
  std::vector<FieldViolation> v;
  if (letter.pdf().empty()) {
    v.push_back({"recommendation_letter.pdf", "is required: the signed recommendation letter"});
  } else {
    absl::StatusOr<PdfCheck> pdf = rules.pdf_checker->Check(letter.pdf(), rules.max_letter_bytes);
    if (!pdf.ok()) {
      v.push_back({"recommendation_letter.pdf", Reason(pdf.status())});
    } else if (checked != nullptr) {
      checked->pdf = *pdf;
      checked->sha256 = Sha256Hex(letter.pdf());
    }
  }
  if (!letter.file_name().empty()) {
    CheckText(letter.file_name(), "recommendation_letter.file_name", 255, v);
  }
  CheckText(letter.superior_name(), "recommendation_letter.superior_name",
            MaxChars("application.superior_name"), v);
  absl::StatusOr<NipInfo> nip = ParseNip(letter.superior_nip(), today);
  if (!nip.ok()) {
    v.push_back({"recommendation_letter.superior_nip", absl::StrCat("NIP ", Reason(nip.status()))});
  }
  return v;
}

absl::StatusOr<CheckedLetter> CheckSubmission(const SubmitApplicationRequest& r,
                                              const Principal& caller, const IntakeRules& rules,
                                              absl::CivilDay today) {
  std::vector<FieldViolation> v = CheckApplicant(r.applicant(), rules, today);
  CheckedLetter letter;
  for (FieldViolation& f : CheckLetter(r.recommendation_letter(), rules, today, &letter)) {
    v.push_back(std::move(f));
  }
  switch (r.kind()) {
    case ams::type::v1::APPLICATION_KIND_NEW_ACCOUNT:
      if (!r.existing_account().empty()) {
        v.push_back({"existing_account", "must be empty for a new account"});
      }
      break;
    case ams::type::v1::APPLICATION_KIND_DATA_UPDATE:
      if (!IsAccountName(r.existing_account())) {
        v.push_back({"existing_account", "a data update names the account: accounts/{username}"});
      }
      break;
    default:
      v.push_back({"kind", "must be NEW_ACCOUNT or DATA_UPDATE"});
  }
  if (!r.request_id().empty() && !IsUuid(r.request_id())) {
    v.push_back({"request_id", "must be a UUID"});
  }
  if (!v.empty()) return InvalidFields(v);
  if (caller.role == ams::type::v1::ROLE_AGENCY && r.applicant().agency() != caller.agency) {
    return WithReason(
        absl::PermissionDeniedError(absl::StrCat("your API key is for ", caller.agency,
                                                 ", not for ", r.applicant().agency())),
        ams::type::v1::ERROR_REASON_PERMISSION_DENIED);
  }
  return letter;
}

std::string ApplicationIdFor(const std::string& agency, const std::string& request_id) {
  if (request_id.empty()) return NewUuid(SecureRandom());
  std::string h = Sha256Hex(absl::StrCat(agency, "\n", absl::AsciiStrToLower(request_id)));
  return absl::StrCat(h.substr(0, 8), "-", h.substr(8, 4), "-", h.substr(12, 4), "-",
                      h.substr(16, 4), "-", h.substr(20, 12));
}

namespace {

void SetLetter(Application& app, const RecommendationLetterUpload& upload,
               const CheckedLetter& letter) {
  auto* l = app.mutable_recommendation_letter();
  l->mutable_document()->set_sha256(letter.sha256);
  l->mutable_document()->set_size_bytes(static_cast<int64_t>(upload.pdf().size()));
  l->mutable_document()->set_media_type("application/pdf");
  l->mutable_document()->set_file_name(upload.file_name());
  l->set_superior_name(upload.superior_name());
  if (!l->document().file_name().empty())
    Normalize(l->mutable_document()->mutable_file_name(), 255);
  Normalize(l->mutable_superior_name(), MaxChars("application.superior_name"));
  l->set_superior_nip(upload.superior_nip());
  auto* sig = l->mutable_signature();
  switch (letter.pdf.signature.outcome) {
    case PdfSignature::Outcome::kUnsigned:
      sig->set_outcome(ams::type::v1::SignatureCheck::OUTCOME_UNSIGNED);
      break;
    case PdfSignature::Outcome::kTrusted:
      sig->set_outcome(ams::type::v1::SignatureCheck::OUTCOME_VALID);
      break;
    case PdfSignature::Outcome::kUntrusted:
      sig->set_outcome(ams::type::v1::SignatureCheck::OUTCOME_UNTRUSTED);
      break;
    case PdfSignature::Outcome::kBroken:
      sig->set_outcome(ams::type::v1::SignatureCheck::OUTCOME_INVALID);
      break;
  }
  sig->set_signer(letter.pdf.signature.signer);
  sig->set_detail(letter.pdf.signature.detail);
}

absl::Status InvalidState(const Application& app, absl::string_view action) {
  std::string state = Application::State_Name(app.state());
  return WithReason(
      absl::FailedPreconditionError(absl::StrCat("cannot ", action, " an application in ", state)),
      ams::type::v1::ERROR_REASON_INVALID_STATE, {{"state", state}});
}

}  // namespace

Application NewApplication(const std::string& id, const SubmitApplicationRequest& request,
                           const CheckedLetter& letter, absl::Time now) {
  Application app;
  app.set_name(absl::StrCat("applications/", id));
  app.set_kind(request.kind());
  *app.mutable_applicant() = request.applicant();
  NormalizeApplicant(*app.mutable_applicant());
  SetLetter(app, request.recommendation_letter(), letter);
  app.set_existing_account(request.existing_account());
  app.set_state(Application::STATE_SUBMITTED);
  app.set_revision(1);
  *app.mutable_create_time() = ToTimestamp(now);
  *app.mutable_update_time() = ToTimestamp(now);
  return app;
}

ams::intake::v1::ApplicationSubmitted SubmittedEvent(const Application& app,
                                                     const std::string& nik_fingerprint) {
  ams::intake::v1::ApplicationSubmitted e;
  e.set_application(app.name());
  e.set_kind(app.kind());
  auto* s = e.mutable_applicant();
  const ApplicantIdentity& a = app.applicant();
  s->set_full_name(a.full_name());
  s->set_nik_masked(MaskNik(a.nik()));
  s->set_nik_fingerprint(nik_fingerprint);
  s->set_employee_type(a.employee_type());
  s->set_employee_number_masked(MaskNip(a.employee_number()));
  s->set_position(a.position());
  s->set_work_unit(a.work_unit());
  s->set_agency(a.agency());
  s->set_official_email(a.official_email());
  *e.mutable_recommendation_letter() = app.recommendation_letter();
  e.set_existing_account(app.existing_account());
  e.set_revision(app.revision());
  *e.mutable_submit_time() = app.update_time();
  return e;
}

absl::Status Withdraw(Application& app, absl::Time now) {
  if (app.state() != Application::STATE_SUBMITTED && app.state() != Application::STATE_RETURNED) {
    return InvalidState(app, "withdraw");
  }
  app.set_state(Application::STATE_WITHDRAWN);
  *app.mutable_update_time() = ToTimestamp(now);
  return absl::OkStatus();
}

absl::Status Resubmit(Application& app, const ams::intake::v1::ResubmitApplicationRequest& request,
                      const CheckedLetter* new_letter, absl::Time now) {
  if (app.state() != Application::STATE_RETURNED) return InvalidState(app, "resubmit");
  if (request.has_applicant()) {
    // The NIK and agency identify the application; a different person is a new application.
    ApplicantIdentity corrected = request.applicant();
    corrected.set_nik(app.applicant().nik());
    corrected.set_agency(app.applicant().agency());
    NormalizeApplicant(corrected);
    *app.mutable_applicant() = corrected;
  }
  if (new_letter != nullptr) SetLetter(app, request.recommendation_letter(), *new_letter);
  app.set_state(Application::STATE_SUBMITTED);
  app.clear_return_reason();
  app.set_revision(app.revision() + 1);
  *app.mutable_update_time() = ToTimestamp(now);
  return absl::OkStatus();
}

bool MarkForwarded(Application& app, int32_t revision, absl::Time now) {
  if (app.state() != Application::STATE_SUBMITTED || app.revision() != revision) return false;
  app.set_state(Application::STATE_FORWARDED);
  *app.mutable_update_time() = ToTimestamp(now);
  return true;
}

bool MarkCompleted(Application& app, absl::Time now) {
  if (app.state() != Application::STATE_FORWARDED) return false;
  app.set_state(Application::STATE_COMPLETED);
  *app.mutable_update_time() = ToTimestamp(now);
  return true;
}

bool MarkReturned(Application& app, int32_t revision, const ams::type::v1::Reason& reason,
                  absl::Time now) {
  if (app.state() != Application::STATE_SUBMITTED || app.revision() != revision) return false;
  app.set_state(Application::STATE_RETURNED);
  *app.mutable_return_reason() = reason;
  *app.mutable_update_time() = ToTimestamp(now);
  return true;
}

bool IsActive(const Application& app) {
  return app.state() == Application::STATE_SUBMITTED ||
         app.state() == Application::STATE_RETURNED || app.state() == Application::STATE_FORWARDED;
}

std::string ApplicationId(const Application& app) {
  return std::string(absl::StripPrefix(app.name(), "applications/"));
}

absl::StatusOr<std::string> ParseApplicationName(const std::string& name,
                                                 const std::string& field) {
  absl::string_view id = name;
  if (!absl::ConsumePrefix(&id, "applications/") || !IsUuid(std::string(id))) {
    return InvalidFields({{field, "must be applications/{id}"}});
  }
  return std::string(id);
}

}  // namespace ams::intake
