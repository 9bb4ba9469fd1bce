// SOP steps 3 and 4 as plain calls: BSrE's operator registers the applicant's identity in
// AMS, which mails a single-use activation link; the applicant opens it and submits the
// required data. Also what enrollment does with forwarding's and verification's events.
// Each link's mail (and its reminder) is owed with the record that holds the link's hash
// (MailOutbox): one token per link, minted once, whatever is retried or redelivered.
#ifndef AMS_SERVICES_ENROLLMENT_ENROLLMENT_H_
#define AMS_SERVICES_ENROLLMENT_ENROLLMENT_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "ams/enrollment/v1/events.pb.h"
#include "ams/forwarding/v1/events.pb.h"
#include "ams/verification/v1/events.pb.h"
#include "common/api_keys.h"
#include "common/clock.h"
#include "common/mail_outbox.h"
#include "common/pdf_sandbox.h"
#include "common/random.h"
#include "services/enrollment/registration_store.h"

namespace ams::enrollment {

struct EnrollmentOptions {
  ActivationLinkPolicy links;
  std::string mail_from = "ams@kebumenkab.go.id";
  // The gateway's status page, which the mails link to (…/status/{id}).
  std::string status_base_url = "https://ams.kebumenkab.go.id/status";
  size_t max_image_bytes = 2 * 1024 * 1024;   // KTP scan, specimen signature
  size_t max_decree_bytes = 2 * 1024 * 1024;  // appointment decree (SK), PDF
  // Where the decree is checked: a sandboxed child process in the service (main.cc).
  std::shared_ptr<const PdfChecker> pdf_checker = std::make_shared<InProcessPdfChecker>();
  int64_t max_failures_per_minute = 10;  // failed tries per token and per identity
};

class Enrollment {
 public:
  Enrollment(RegistrationStore* store, MailOutbox* mail, EnrollmentOptions options, Clock* clock,
             RandomSource* random);

  absl::StatusOr<pb::ListPendingRegistrationsResponse> ListPending(
      const Principal& caller, const pb::ListPendingRegistrationsRequest& r);
  absl::StatusOr<pb::GetIdentityResponse> GetIdentity(const Principal& caller,
                                                      const pb::GetIdentityRequest& r);
  absl::StatusOr<pb::ListIdentitiesResponse> ListIdentities(const Principal& caller,
                                                            const pb::ListIdentitiesRequest& r);
  absl::StatusOr<pb::RegisterIdentityResponse> Register(const Principal& caller,
                                                        const pb::RegisterIdentityRequest& r);
  absl::StatusOr<pb::ResendActivationLinkResponse> Resend(const Principal& caller,
                                                          const pb::ResendActivationLinkRequest& r);
  absl::StatusOr<pb::GetDocumentResponse> GetDocument(const Principal& caller,
                                                      const pb::GetDocumentRequest& r);
  // The token is the credential; no API key.
  absl::StatusOr<pb::GetActivationFormResponse> GetForm(const Principal& caller,
                                                        const pb::GetActivationFormRequest& r);
  absl::StatusOr<pb::SubmitActivationResponse> Submit(const Principal& caller,
                                                      const pb::SubmitActivationRequest& r);
  absl::StatusOr<pb::CheckActivationDocumentResponse> CheckDocument(
      const Principal& caller, const pb::CheckActivationDocumentRequest& r);

  // Events: a forwarded application waits for BSrE; a rejected enrollment gets a new link
  // for correction, mailed with the reason.
  absl::Status OnForwarded(const ams::forwarding::v1::ApplicationForwarded& e,
                           const KvWrites& inbox_mark);
  // Step 5 approved the data: the identity is verified (operators' screens show it so).
  absl::Status OnVerified(const ams::verification::v1::EnrollmentVerified& e,
                          const KvWrites& inbox_mark);
  absl::Status OnRejected(const ams::verification::v1::EnrollmentRejected& e,
                          const KvWrites& inbox_mark);

  // Owes the reminders that are due (once per link, whichever replica gets there first).
  // Returns how many this call owed.
  absl::StatusOr<int> OweReminders();

 private:
  // The record of `application` while its submitted data awaits step 5's decision; nullopt
  // once decided; INVALID_ARGUMENT when enrollment does not know it.
  absl::StatusOr<std::optional<Record>> AwaitingDecision(const std::string& application);
  // Issues a new link for `record` and commits it with its mail owed (and `events` and
  // `extra`); ABORTED if the record changed since `before` was read.
  absl::Status IssueLinkAndOweMail(std::optional<Record> before, Record after,
                                   ams::enrollment::v1::ActivationLinkIssued::Cause cause,
                                   const std::string& reason, std::vector<EventEnvelope> events,
                                   KvWrites extra);
  // The record whose live link `token` is; UNAUTHENTICATED (ACTIVATION_LINK_INVALID) for an
  // unknown, used, replaced or expired one alike, RESOURCE_EXHAUSTED (RATE_LIMITED) once the
  // token, or the identity it was for, failed too often this minute.
  absl::StatusOr<Record> UsableRecord(const std::string& token);
  // The media type of a step-4 document (`field` of ActivationData) that passes its content
  // check, or INVALID_ARGUMENT with the reason.
  absl::StatusOr<std::string> CheckDocumentContent(absl::string_view field,
                                                   const std::string& bytes) const;

  RegistrationStore* store_;
  MailOutbox* mail_;
  const EnrollmentOptions options_;
  Clock* clock_;
  RandomSource* random_;
};

}  // namespace ams::enrollment

#endif  // AMS_SERVICES_ENROLLMENT_ENROLLMENT_H_
