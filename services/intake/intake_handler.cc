#include "services/intake/intake_handler.h"

#include <functional>

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "ams/credential/v1/events.pb.h"
#include "ams/forwarding/v1/events.pb.h"
#include "common/logging.h"
#include "common/status_macros.h"
#include "common/versioned_record.h"
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
                         const std::string& status_base_url) {
  MailMessage m;
  m.message_id = MailMessageId("returned", ApplicationId(app), app.revision());
  m.from = from;
  m.to = {app.applicant().official_email()};
  m.subject = "Permohonan akun AMS dikembalikan / AMS account application returned";
  m.text_body = absl::StrCat(
      "Yth. ", app.applicant().full_name(), ",\n\n", "Permohonan akun AMS Anda (", app.name(),
      ") dikembalikan oleh operator Diskominfo.\n",
      "Your AMS account application was returned by the Diskominfo operator.\n\n",
      "Alasan / reason: ", ReasonText(app.return_reason()), "\n\n",
      "Silakan perbaiki data atau surat rekomendasi lalu ajukan kembali.\n",
      "Please correct the data or the recommendation letter and resubmit.\n\n",
      "Status permohonan / application status: ", status_base_url, "/", ApplicationId(app), "\n");
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
  std::optional<StoredApplication> stored;
  Application after;
  // A concurrent change (a withdrawal) makes the update abort: apply to what is there now.
  RETURN_IF_ERROR(RetryOnConflict("the application", [&]() -> absl::Status {
    ASSIGN_OR_RETURN(stored, store_->Get(id));
    if (!stored) return absl::InvalidArgumentError(absl::StrCat(name, " is not known to intake"));
    after = stored->application;
    if (!mark(after)) {
      stored.reset();  // about an older revision, or already applied
      return absl::OkStatus();
    }
    KvWrites extra = inbox_mark;
    if (!returned.application().empty()) {
      extra.Add(mail_->Owe(id, "returned", ReturnedMail(after, mail_from_, status_base_url_)));
    }
    if (activated.kind() == ams::type::v1::APPLICATION_KIND_DATA_UPDATE) {
      // The account now holds this application's data.
      extra.commands.push_back(ApplicationStore::AccountHolderWrite(
          activated.username(), SubmittedEvent(after, stored->nik_fingerprint).applicant()));
    }
    if (!IsActive(after)) {
      // A completed application no longer holds its NIK: a data update may follow.
      ASSIGN_OR_RETURN(KvWrites release, store_->ReleaseNik(*stored));
      extra.Add(release);
    }
    return store_->Update(*stored, after, {}, std::move(extra));
  }));
  if (stored && !returned.application().empty()) {
    LogInfo("applicant's mail of the return owed",
            {{"application", name}, {"to", MaskEmail(after.applicant().official_email())}});
  }
  return absl::OkStatus();
}

}  // namespace ams::intake
