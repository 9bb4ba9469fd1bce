#include "services/intake/intake_handler.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "ams/forwarding/v1/events.pb.h"
#include "common/logging.h"
#include "common/status_macros.h"
#include "services/intake/application.h"

namespace ams::intake {
namespace {

std::string ReasonText(const ams::type::v1::Reason& reason) {
  std::string code(
      absl::StripPrefix(ams::type::v1::ReasonCode_Name(reason.code()), "REASON_CODE_"));
  return reason.text().empty() ? code : absl::StrCat(code, ": ", reason.text());
}

}  // namespace

MailMessage ReturnedMail(const Application& app, const std::string& from,
                         const std::string& event_id) {
  MailMessage m;
  // Derived from the event: the same event never makes two different mails.
  m.message_id = absl::StrCat("<returned.", event_id, "@ams.kebumenkab.go.id>");
  m.from = from;
  m.to = {app.applicant().official_email()};
  m.subject = "Permohonan akun AMS dikembalikan / AMS account application returned";
  m.text_body =
      absl::StrCat("Yth. ", app.applicant().full_name(), ",\n\n", "Permohonan akun AMS Anda (",
                   app.name(), ") dikembalikan oleh operator Diskominfo.\n",
                   "Your AMS account application was returned by the Diskominfo operator.\n\n",
                   "Alasan / reason: ", ReasonText(app.return_reason()), "\n\n",
                   "Silakan perbaiki data atau surat rekomendasi lalu ajukan kembali.\n",
                   "Please correct the data or the recommendation letter and resubmit.\n");
  return m;
}

absl::Status IntakeHandler::Handle(const EventEnvelope& event, const KvCommand& inbox_mark) {
  const bool forwarded = event.type() == "ams.forwarding.v1.ApplicationForwarded";
  const bool returned = event.type() == "ams.forwarding.v1.ApplicationReturned";
  if (!forwarded && !returned) return absl::OkStatus();
  ams::forwarding::v1::ApplicationForwarded f;
  ams::forwarding::v1::ApplicationReturned r;
  RETURN_IF_ERROR(forwarded ? UnpackEvent(event, &f) : UnpackEvent(event, &r));
  const std::string& name = forwarded ? f.application() : r.application();
  ASSIGN_OR_RETURN(std::string id, ParseApplicationName(name, "application"));
  ASSIGN_OR_RETURN(std::optional<StoredApplication> stored, store_->Get(id));
  if (!stored) return absl::InvalidArgumentError(absl::StrCat(name, " is not known to intake"));

  Application after = stored->application;
  const absl::Time now = clock_->Now();
  const bool changed = forwarded ? MarkForwarded(after, f.revision(), now)
                                 : MarkReturned(after, r.revision(), r.reason(), now);
  if (!changed) return absl::OkStatus();  // about an older revision, or already applied
  if (returned) {
    // Sent before the state is committed: only a crash in between sends it again on
    // redelivery (same Message-ID); after the commit, the inbox mark stops any repeat.
    RETURN_IF_ERROR(mailer_->Send(ReturnedMail(after, mail_from_, event.id())));
    LogInfo("applicant told of return",
            {{"application", name}, {"to", MaskEmail(after.applicant().official_email())}});
  }
  // A concurrent change (a withdrawal) makes the update abort: apply to what is there now,
  // without mailing again.
  for (int attempt = 0; attempt < 5; ++attempt) {
    absl::Status updated = store_->Update(*stored, after, {}, {inbox_mark});
    if (!absl::IsAborted(updated)) return updated;
    ASSIGN_OR_RETURN(stored, store_->Get(id));
    after = stored->application;
    bool still = forwarded ? MarkForwarded(after, f.revision(), now)
                           : MarkReturned(after, r.revision(), r.reason(), now);
    if (!still) return store_->Update(*stored, stored->application, {}, {inbox_mark});
  }
  return absl::AbortedError("the application keeps changing");
}

}  // namespace ams::intake
