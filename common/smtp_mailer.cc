#include "common/smtp_mailer.h"

#include <curl/curl.h>

#include <mutex>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "common/logging.h"
#include "common/settings.h"

namespace ams {
namespace {

struct CurlDeleter {
  void operator()(CURL* c) const { curl_easy_cleanup(c); }
  void operator()(curl_mime* m) const { curl_mime_free(m); }
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};

bool IsAscii(absl::string_view s) {
  for (unsigned char c : s) {
    if (c >= 0x80) return false;
  }
  return true;
}

// RFC 2047 encoded-word for a header value outside ASCII (names, subjects in Indonesian).
std::string EncodeHeader(absl::string_view value) {
  if (IsAscii(value)) return std::string(value);
  return absl::StrCat("=?UTF-8?B?", absl::Base64Escape(value), "?=");
}

// Header values may not carry line breaks (header injection).
std::string OneLine(absl::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c == '\r' || c == '\n') c = ' ';
  }
  return out;
}

}  // namespace

SmtpOptions ReadSmtpOptions(Settings& s) {
  SmtpOptions o;
  o.url = s.String("AMS_SMTP_URL", o.url);
  o.username = s.String("AMS_SMTP_USERNAME", "");
  o.password = s.String("AMS_SMTP_PASSWORD", "");
  o.require_tls = s.Bool("AMS_SMTP_REQUIRE_TLS", false);
  return o;
}

std::string MailHeaderLines(const MailMessage& m) {
  std::string to;
  for (const std::string& r : m.to) absl::StrAppend(&to, to.empty() ? "" : ", ", OneLine(r));
  return absl::StrCat(
      "From: ", OneLine(m.from), "\r\nTo: ", to, "\r\nSubject: ", EncodeHeader(OneLine(m.subject)),
      "\r\nMessage-ID: ", OneLine(m.message_id), "\r\nDate: ",
      absl::FormatTime("%a, %d %b %Y %H:%M:%S +0000", absl::Now(), absl::UTCTimeZone()), "\r\n");
}

absl::StatusOr<std::unique_ptr<SmtpMailer>> SmtpMailer::Create(const SmtpOptions& options) {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  if (!absl::StartsWith(options.url, "smtp://") && !absl::StartsWith(options.url, "smtps://")) {
    return absl::InvalidArgumentError(
        absl::StrCat("SMTP URL \"", options.url, "\" must start with smtp:// or smtps://"));
  }
  return std::unique_ptr<SmtpMailer>(new SmtpMailer(options));
}

SmtpMailer::~SmtpMailer() {
  absl::MutexLock lock(&mu_);
  for (void* c : idle_) curl_easy_cleanup(c);
}

absl::Status SmtpMailer::Send(const MailMessage& m) {
  if (m.to.empty()) return absl::InvalidArgumentError("mail has no recipient");
  std::unique_ptr<CURL, CurlDeleter> curl;
  {
    absl::MutexLock lock(&mu_);
    if (!idle_.empty()) {
      curl.reset(idle_.back());
      idle_.pop_back();
    }
  }
  if (curl != nullptr) {
    curl_easy_reset(curl.get());  // keeps the open connection
    absl::Status sent = SendOn(curl.get(), m);
    if (sent.ok() || !absl::IsUnavailable(sent)) return Keep(curl.release(), sent);
    // The server may have closed the idle session (421 on its timeout, or a dropped
    // socket): that says nothing about this mail. Once more on a new session.
    LogInfo("smtp session closed while idle; sending on a new one", {{"status", sent}});
  }
  curl.reset(curl_easy_init());
  if (curl == nullptr) return absl::ResourceExhaustedError("curl_easy_init failed");
  absl::Status sent = SendOn(curl.get(), m);
  return Keep(curl.release(), sent);
}

absl::Status SmtpMailer::Keep(void* handle, absl::Status sent) {
  if (!sent.ok()) {
    curl_easy_cleanup(handle);  // a failed session is not reused
    return sent;
  }
  absl::MutexLock lock(&mu_);
  idle_.push_back(handle);
  return sent;
}

absl::Status SmtpMailer::SendOn(void* handle, const MailMessage& m) {
  CURL* c = static_cast<CURL*>(handle);
  curl_easy_setopt(c, CURLOPT_URL, options_.url.c_str());
  // Idle sessions older than this are not reused: below the idle timeout of common MTAs.
  curl_easy_setopt(c, CURLOPT_MAXAGE_CONN, 30L);
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS,
                   static_cast<long>(absl::ToInt64Milliseconds(options_.timeout)));
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  if (options_.require_tls) curl_easy_setopt(c, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_ALL));
  if (!options_.username.empty()) {
    curl_easy_setopt(c, CURLOPT_USERNAME, options_.username.c_str());
    curl_easy_setopt(c, CURLOPT_PASSWORD, options_.password.c_str());
  }
  const std::string from = absl::StrCat("<", OneLine(m.from), ">");
  curl_easy_setopt(c, CURLOPT_MAIL_FROM, from.c_str());
  std::unique_ptr<curl_slist, CurlDeleter> recipients;
  for (const std::string& r : m.to) {
    recipients.reset(
        curl_slist_append(recipients.release(), absl::StrCat("<", OneLine(r), ">").c_str()));
  }
  curl_easy_setopt(c, CURLOPT_MAIL_RCPT, recipients.get());

  std::unique_ptr<curl_slist, CurlDeleter> headers;
  std::string lines = MailHeaderLines(m);
  for (absl::string_view line : absl::StrSplit(lines, "\r\n", absl::SkipEmpty())) {
    headers.reset(curl_slist_append(headers.release(), std::string(line).c_str()));
  }
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());

  std::unique_ptr<curl_mime, CurlDeleter> mime(curl_mime_init(c));
  curl_mimepart* text = curl_mime_addpart(mime.get());
  curl_mime_data(text, m.text_body.data(), m.text_body.size());
  curl_mime_type(text, "text/plain; charset=utf-8");
  curl_mime_encoder(text, "quoted-printable");
  for (const MailAttachment& a : m.attachments) {
    curl_mimepart* part = curl_mime_addpart(mime.get());
    curl_mime_data(part, a.content.data(), a.content.size());
    curl_mime_filename(part, OneLine(a.file_name).c_str());
    curl_mime_type(part, a.media_type.c_str());
    curl_mime_encoder(part, "base64");
  }
  curl_easy_setopt(c, CURLOPT_MIMEPOST, mime.get());

  char error[CURL_ERROR_SIZE] = {0};
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error);
  CURLcode rc = curl_easy_perform(c);
  if (rc == CURLE_OK) return absl::OkStatus();
  long response = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &response);
  // Callers may show this text: it names no server (the log does, with curl's detail).
  std::string why = absl::StrCat("mail server: ", curl_easy_strerror(rc),
                                 response ? absl::StrCat(" (reply ", response, ")") : "");
  LogWarning("smtp send failed",
             {{"server", options_.url}, {"reason", why}, {"detail", std::string(error)}});
  // 5xx replies are permanent refusals; connection trouble and 4xx are worth retrying.
  if (response >= 500 && response < 600) return absl::InvalidArgumentError(why);
  return absl::UnavailableError(why);
}

}  // namespace ams
