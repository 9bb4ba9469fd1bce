// What intake does with later phases' events: an application forwarded to BSrE, returned to
// the applicant with a reason (who is told by mail and may resubmit), or completed when its
// account became active (which frees the NIK for a later data update). The applicant's mail is
// owed with the return (MailOutbox): a mail server down or refusing never holds it back.
#ifndef AMS_SERVICES_INTAKE_INTAKE_HANDLER_H_
#define AMS_SERVICES_INTAKE_INTAKE_HANDLER_H_

#include <string>

#include "common/clock.h"
#include "common/event_bus.h"
#include "common/mail_outbox.h"
#include "services/intake/application_store.h"

namespace ams::intake {

inline constexpr char kStatusBaseUrl[] = "https://ams.kebumenkab.go.id/status";

class IntakeHandler final : public EventHandler {
 public:
  // `status_base_url`: the gateway's status page, which the mail links to (…/status/{id}).
  IntakeHandler(ApplicationStore* store, MailOutbox* mail, std::string mail_from, Clock* clock,
                std::string status_base_url = kStatusBaseUrl)
      : store_(store),
        mail_(mail),
        mail_from_(std::move(mail_from)),
        clock_(clock),
        status_base_url_(std::move(status_base_url)) {}

  absl::Status Handle(const EventEnvelope& event, const KvWrites& inbox_mark) override;

 private:
  ApplicationStore* store_;
  MailOutbox* mail_;
  const std::string mail_from_;
  Clock* clock_;
  const std::string status_base_url_;
};

// The mail telling the applicant why their application came back: one per returned
// revision.
MailMessage ReturnedMail(const Application& application, const std::string& from,
                         const std::string& status_base_url = kStatusBaseUrl);

}  // namespace ams::intake

#endif  // AMS_SERVICES_INTAKE_INTAKE_HANDLER_H_
