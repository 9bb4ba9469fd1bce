// SOP step 1 as plain logic: what makes a submission acceptable, and how an application
// moves between states. No transport and no storage here.
#ifndef AMS_SERVICES_INTAKE_APPLICATION_H_
#define AMS_SERVICES_INTAKE_APPLICATION_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "ams/intake/v1/events.pb.h"
#include "ams/intake/v1/intake_service.pb.h"
#include "common/api_keys.h"
#include "common/identity_rules.h"
#include "common/pdf_document.h"
#include "common/pdf_sandbox.h"
#include "common/rpc_status.h"

namespace ams::intake {

using ams::intake::v1::Application;

struct IntakeRules {
  // The agencies' official mail domains (AMS_INTAKE_EMAIL_DOMAINS).
  std::vector<std::string> email_domains = {"kebumenkab.go.id"};
  // Largest recommendation letter accepted (AMS_INTAKE_MAX_LETTER_BYTES).
  size_t max_letter_bytes = 2 * 1024 * 1024;
  // Where letters are checked: a sandboxed child process in the service (main.cc).
  std::shared_ptr<const PdfChecker> pdf_checker = std::make_shared<InProcessPdfChecker>();
};

// What the checks found, for building the application.
struct CheckedLetter {
  std::string sha256;
  PdfCheck pdf;
};

// Every problem with the applicant's identity, as field violations under `prefix`
// ("applicant."). The NIK is parsed once; employee numbers must agree with it.
std::vector<FieldViolation> CheckApplicant(const ams::type::v1::ApplicantIdentity& applicant,
                                           const IntakeRules& rules, absl::CivilDay today);

// The applicant's free text in NFC (common/text_rules.h), once the checks passed: one name
// however it was typed.
void NormalizeApplicant(ams::type::v1::ApplicantIdentity& applicant);

// Every problem with the letter upload under `prefix` ("recommendation_letter.").
std::vector<FieldViolation> CheckLetter(const ams::intake::v1::RecommendationLetterUpload& letter,
                                        const IntakeRules& rules, absl::CivilDay today,
                                        CheckedLetter* checked);

// All checks of a submission, INVALID_ARGUMENT listing every violation; PERMISSION_DENIED
// when an agency submits for another agency.
absl::StatusOr<CheckedLetter> CheckSubmission(const ams::intake::v1::SubmitApplicationRequest& r,
                                              const Principal& caller, const IntakeRules& rules,
                                              absl::CivilDay today);

// The application id for a request: derived from (agency, request_id) so a retried request
// finds the application its first attempt created; random without a request_id.
std::string ApplicationIdFor(const std::string& agency, const std::string& request_id);

// A new application in STATE_SUBMITTED, revision 1.
Application NewApplication(const std::string& id,
                           const ams::intake::v1::SubmitApplicationRequest& request,
                           const CheckedLetter& letter, absl::Time now);

// What may leave the service about an application (no full NIK, no letter bytes).
ams::intake::v1::ApplicationSubmitted SubmittedEvent(const Application& application,
                                                     const std::string& nik_fingerprint);

// Transitions. FAILED_PRECONDITION (reason INVALID_STATE) when not allowed now.
absl::Status Withdraw(Application& application, absl::Time now);
absl::Status Resubmit(Application& application,
                      const ams::intake::v1::ResubmitApplicationRequest& request,
                      const CheckedLetter* new_letter, absl::Time now);
// From forwarding's events; false when the event is about an older revision (ignored).
bool MarkForwarded(Application& application, int32_t revision, absl::Time now);
// Step 8 done (AccountActivated): the SOP is over for this application.
bool MarkCompleted(Application& application, absl::Time now);
bool MarkReturned(Application& application, int32_t revision, const ams::type::v1::Reason& reason,
                  absl::Time now);

// An application counts against "one active application per NIK" while it is here.
bool IsActive(const Application& application);

// The id in the application's name.
std::string ApplicationId(const Application& application);

// "applications/{id}" -> id; INVALID_ARGUMENT naming `field` otherwise.
absl::StatusOr<std::string> ParseApplicationName(const std::string& name, const std::string& field);

}  // namespace ams::intake

#endif  // AMS_SERVICES_INTAKE_APPLICATION_H_
