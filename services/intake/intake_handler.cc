#include "services/intake/intake_handler.h"

#include <functional>

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "ams/credential/v1/events.pb.h"
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

absl::Status IntakeHandler::Handle(const EventEnvelope& event, const KvWrites& inbox_mark) {
  ams::forwarding::v1::ApplicationForwarded forwarded;
  ams::forwarding::v1::ApplicationReturned returned;
  ams::credential::v1::AccountActivated activated;
  std::string name;
  std::function<bool(Application&)> mark;
  const absl::Time now = clock_->Now();
  if (event.type() == "ams.forwarding.v1.ApplicationForwarded") {
    RETURN_IF_ERROR(UnpackEvent(event, &forwarded));
    name = forwarded.application();
    mark = [&](Application& a) { return MarkForwarded(a, forwarded.revision(), now); };
  } else if (event.type() == "ams.forwarding.v1.ApplicationReturned") {
    RETURN_IF_ERROR(UnpackEvent(event, &returned));
    name = returned.application();
    mark = [&](Application& a) {
      return MarkReturned(a, returned.revision(), returned.reason(), now);
    };
  } else if (event.type() == "ams.credential.v1.CredentialIssued") {
    // Whose the account is: what a later data update is checked against.
    ams::credential::v1::CredentialIssued issued;
    RETURN_IF_ERROR(UnpackEvent(event, &issued));
    return store_->PutAccountHolder(issued.username(), issued.applicant(), inbox_mark);
  } else if (event.type() == "ams.credential.v1.AccountActivated") {
    RETURN_IF_ERROR(UnpackEvent(event, &activated));
    name = activated.application();
    mark = [&](Application& a) { return MarkCompleted(a, now); };
  } else {
    return absl::OkStatus();
  }
  ASSIGN_OR_RETURN(std::string id, ParseApplicationName(name, "application"));
  ASSIGN_OR_RETURN(std::optional<StoredApplication> stored, store_->Get(id));
  if (!stored) return absl::InvalidArgumentError(absl::StrCat(name, " is not known to intake"));

  Application after = stored->application;
  if (!mark(after)) return absl::OkStatus();  // about an older revision, or already applied
  if (!returned.application().empty()) {
    // Sent before the state is committed: only a crash in between sends it again on
    // redelivery (same Message-ID); after the commit, the inbox mark stops any repeat.
    RETURN_IF_ERROR(mailer_->Send(ReturnedMail(after, mail_from_, event.id())));
    LogInfo("applicant told of return",
            {{"application", name}, {"to", MaskEmail(after.applicant().official_email())}});
  }
  // A concurrent change (a withdrawal) makes the update abort: apply to what is there now,
  // without mailing again.
  for (int attempt = 0; attempt < 5; ++attempt) {
    absl::Status updated = store_->Update(*stored, after, {}, inbox_mark);
    if (absl::IsAborted(updated)) {
      ASSIGN_OR_RETURN(stored, store_->Get(id));
      after = stored->application;
      if (!mark(after)) return store_->Update(*stored, stored->application, {}, inbox_mark);
      continue;
    }
    RETURN_IF_ERROR(updated);
    if (activated.kind() == ams::type::v1::APPLICATION_KIND_DATA_UPDATE) {
      // The account now holds this application's data.
      RETURN_IF_ERROR(store_->PutAccountHolder(
          activated.username(), SubmittedEvent(after, stored->nik_fingerprint).applicant(), {}));
    }
    // A completed application no longer holds its NIK: a data update may follow.
    if (!IsActive(after)) return store_->ReleaseNik(*stored);
    return absl::OkStatus();
  }
  return absl::AbortedError("the application keeps changing");
}

}  // namespace ams::intake
