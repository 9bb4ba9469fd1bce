// Outgoing mail behind an interface: libcurl's SMTP client in production (added with the
// first service that mails), a recording fake in unit tests.
#ifndef AMS_COMMON_MAILER_H_
#define AMS_COMMON_MAILER_H_

#include <string>
#include <vector>

#include "absl/status/status.h"

namespace ams {

struct MailAttachment {
  std::string file_name;
  std::string media_type;  // e.g. "application/pdf"
  std::string content;
};

struct MailMessage {
  // Stable per logical mail (e.g. derived from the event id), so a resend after a crash
  // is recognisable as the same mail.
  std::string message_id;
  std::string from;
  std::vector<std::string> to;
  std::string subject;
  std::string text_body;
  std::vector<MailAttachment> attachments;
};

class Mailer {
 public:
  virtual ~Mailer() = default;
  // Hands the message to the SMTP server. UNAVAILABLE when it cannot be reached.
  virtual absl::Status Send(const MailMessage& message) = 0;
};

}  // namespace ams

#endif  // AMS_COMMON_MAILER_H_
