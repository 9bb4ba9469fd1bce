// Mailer over SMTP with libcurl's client: MIME message with a UTF-8 text part and
// attachments, STARTTLS when the URL asks for it (smtps:// or require_tls). Connections are
// kept open between mails (a handle per concurrent sender): a new SMTP session costs a
// connect, a greeting and EHLO (and TLS), about 100 ms against maildev. A kept session the
// server closed meanwhile (its idle timeout) costs one more try on a new session, never the
// mail.
#ifndef AMS_COMMON_SMTP_MAILER_H_
#define AMS_COMMON_SMTP_MAILER_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/mailer.h"

namespace ams {

struct SmtpOptions {
  std::string url = "smtp://127.0.0.1:1025";  // smtp://host:port or smtps://host:port
  std::string username;                       // empty: no AUTH
  std::string password;
  bool require_tls = false;  // STARTTLS on smtp://
  absl::Duration timeout = absl::Seconds(30);
};

class Settings;
// AMS_SMTP_URL, AMS_SMTP_USERNAME, AMS_SMTP_PASSWORD, AMS_SMTP_REQUIRE_TLS.
SmtpOptions ReadSmtpOptions(Settings& settings);

class SmtpMailer final : public Mailer {
 public:
  static absl::StatusOr<std::unique_ptr<SmtpMailer>> Create(const SmtpOptions& options);
  // UNAVAILABLE when the server cannot be reached or answers with a temporary failure;
  // INVALID_ARGUMENT when it refuses the message or a recipient for good.
  absl::Status Send(const MailMessage& message) override;
  ~SmtpMailer() override;

 private:
  explicit SmtpMailer(SmtpOptions options) : options_(std::move(options)) {}
  // One SMTP transaction on the CURL easy handle `handle`.
  absl::Status SendOn(void* handle, const MailMessage& message);
  // Takes `handle` back: kept with its open connection for the next mail when `sent` is OK,
  // closed otherwise. Returns `sent`.
  absl::Status Keep(void* handle, absl::Status sent);
  const SmtpOptions options_;
  absl::Mutex mu_;
  std::vector<void*> idle_ ABSL_GUARDED_BY(mu_);  // CURL easy handles with open connections
};

// RFC 5322 text of the headers libcurl does not write itself, for tests and previews.
std::string MailHeaderLines(const MailMessage& message);

}  // namespace ams

#endif  // AMS_COMMON_SMTP_MAILER_H_
