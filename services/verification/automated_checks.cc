#include "services/verification/automated_checks.h"

#include "absl/strings/str_cat.h"
#include "common/identity_rules.h"

namespace ams::verification {
namespace {

void Add(CheckResult& r, const char* name, AutomatedCheck::Outcome outcome,
         const std::string& detail) {
  AutomatedCheck& c = r.checks.emplace_back();
  c.set_check(name);
  c.set_outcome(outcome);
  c.set_detail(detail);
  r.any_failed |= outcome == AutomatedCheck::OUTCOME_FAILED;
}

void FromStatus(CheckResult& r, const char* name, const absl::Status& s, const std::string& ok) {
  Add(r, name, s.ok() ? AutomatedCheck::OUTCOME_PASSED : AutomatedCheck::OUTCOME_FAILED,
      s.ok() ? ok : std::string(s.message()));
}

bool WellFormed(const ams::type::v1::DocumentReference& d,
                std::initializer_list<const char*> types) {
  if (d.sha256().size() != 64 || d.size_bytes() <= 0) return false;
  for (const char* t : types) {
    if (d.media_type() == t) return true;
  }
  return false;
}

}  // namespace

CheckResult RunChecks(const CheckInput& in) {
  CheckResult r;
  const auto& a = in.application->applicant();
  absl::StatusOr<NikInfo> nik = ParseNik(a.nik(), in.today);
  FromStatus(r, "nik_format", nik.status(), "16 digits, a real birth date, a valid region");

  absl::Status number = absl::OkStatus();
  switch (a.employee_type()) {
    case ams::type::v1::EMPLOYEE_TYPE_ASN_PNS: {
      absl::StatusOr<NipInfo> nip = ParseNip(a.employee_number(), in.today);
      number = !nip.ok()  ? nip.status()
               : nik.ok() ? CheckNikAgrees(*nik, nip->birth_date, nip->gender)
                          : absl::OkStatus();
      break;
    }
    case ams::type::v1::EMPLOYEE_TYPE_PPPK: {
      absl::StatusOr<PppkInfo> pppk = ParsePppkNumber(a.employee_number(), in.today);
      number = !pppk.ok() ? pppk.status()
               : nik.ok() ? CheckNikAgrees(*nik, pppk->birth_date, pppk->gender)
                          : absl::OkStatus();
      break;
    }
    default:
      break;
  }
  FromStatus(r, "nip_nik_agreement", number, "employee number valid and agrees with the NIK");
  FromStatus(r, "official_email", CheckOfficialEmail(a.official_email(), in.email_domains),
             "in the official domain");

  if (in.active_account_application.empty()) {
    Add(r, "duplicate_nik", AutomatedCheck::OUTCOME_PASSED, "no other active account for this NIK");
  } else {
    Add(r, "duplicate_nik", AutomatedCheck::OUTCOME_FAILED,
        absl::StrCat("an active account exists for this NIK (", in.active_account_application,
                     ")"));
  }

  if (in.submitted->kind() == ams::type::v1::APPLICATION_KIND_DATA_UPDATE) {
    // A data update may change only its applicant's own account (intake refuses others; this
    // is checked again on what the verifier approves).
    const std::string& holder = in.application->existing_account_applicant().nik_fingerprint();
    const bool same = !holder.empty() && holder == in.submitted->applicant().nik_fingerprint();
    Add(r, "same_person", same ? AutomatedCheck::OUTCOME_PASSED : AutomatedCheck::OUTCOME_FAILED,
        same ? "the account's holder has this applicant's NIK"
             : "the account belongs to another person (another NIK)");
  }

  const auto& s = *in.submitted;
  const bool documents = WellFormed(s.ktp_image(), {"image/jpeg", "image/png"}) &&
                         WellFormed(s.appointment_decree(), {"application/pdf"}) &&
                         WellFormed(s.specimen_signature(), {"image/jpeg", "image/png"});
  Add(r, "documents_well_formed",
      documents ? AutomatedCheck::OUTCOME_PASSED : AutomatedCheck::OUTCOME_FAILED,
      documents ? "KTP and specimen are images, the decree a PDF"
                : "a document is missing or not of the expected kind");

  switch (in.application->recommendation_letter().signature().outcome()) {
    case ams::type::v1::SignatureCheck::OUTCOME_VALID:
      Add(r, "letter_signature", AutomatedCheck::OUTCOME_PASSED,
          absl::StrCat("signed by ", in.application->recommendation_letter().signature().signer()));
      break;
    case ams::type::v1::SignatureCheck::OUTCOME_INVALID:
      Add(r, "letter_signature", AutomatedCheck::OUTCOME_WARNING,
          "the letter's digital signature is broken: the letter changed after signing");
      break;
    case ams::type::v1::SignatureCheck::OUTCOME_UNTRUSTED:
      Add(r, "letter_signature", AutomatedCheck::OUTCOME_WARNING,
          absl::StrCat("signed by ", in.application->recommendation_letter().signature().signer(),
                       ", but by a certificate no trusted CA vouches for: anyone could make it"));
      break;
    default:
      Add(r, "letter_signature", AutomatedCheck::OUTCOME_WARNING,
          "unsigned (scanned) letter: check the superior's signature by eye");
  }

  // What the applicant's enrollment carries against what the agency submitted.
  const auto& e = s.applicant();
  for (auto [field, submitted, completed] :
       {std::make_tuple("full_name", a.full_name(), e.full_name()),
        std::make_tuple("official_email", a.official_email(), e.official_email()),
        std::make_tuple("agency", a.agency(), e.agency()),
        std::make_tuple("work_unit", a.work_unit(), e.work_unit()),
        std::make_tuple("position", a.position(), e.position())}) {
    if (submitted == completed) continue;
    FieldDifference& d = r.differences.emplace_back();
    d.set_field(field);
    d.set_application_value(submitted);
    d.set_activation_value(completed);
  }
  Add(r, "application_consistency",
      r.differences.empty() ? AutomatedCheck::OUTCOME_PASSED : AutomatedCheck::OUTCOME_WARNING,
      r.differences.empty() ? "the enrollment agrees with the application"
                            : absl::StrCat(r.differences.size(), " field(s) differ"));
  return r;
}

}  // namespace ams::verification
