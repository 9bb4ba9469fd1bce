#include "common/mail_outbox.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/cloud_event.h"
#include "common/event_bus.h"
#include "common/logging.h"
#include "common/secret_box.h"
#include "common/status_macros.h"

namespace ams {
namespace {

using ams::mail::v1::MailContent;

std::string Member(const std::string& application_id, const std::string& message_id) {
  return absl::StrCat(application_id, " ", message_id);
}

std::string Millis(absl::Time t) { return absl::StrCat(absl::ToUnixMillis(t)); }

}  // namespace

std::string MailMessageId(const std::string& kind, const std::string& application_id, int64_t issue,
                          const std::string& domain) {
  return absl::StrCat("<", kind, ".", application_id, ".", issue, "@", domain, ">");
}

MailOutbox::MailOutbox(KvStore* kv, std::string prefix, std::string seal_key, Clock* clock,
                       RandomSource* random)
    : kv_(kv),
      prefix_(std::move(prefix)),
      seal_key_(std::move(seal_key)),
      clock_(clock),
      random_(random) {}

std::string MailOutbox::Key(const std::string& application_id,
                            const std::string& message_id) const {
  return TaggedKey(prefix_, application_id, absl::StrCat("mail:", message_id));
}
std::string MailOutbox::DueKey() const { return absl::StrCat(prefix_, ":mail:due"); }
std::string MailOutbox::ParkedKey() const { return absl::StrCat(prefix_, ":mail:parked"); }

KvWrites MailOutbox::Owe(const std::string& application_id, const std::string& kind,
                         const MailMessage& m) const {
  OutgoingMail mail;
  mail.set_message_id(m.message_id);
  mail.set_application(absl::StrCat("applications/", application_id));
  mail.set_kind(kind);
  mail.set_state(OutgoingMail::STATE_PENDING);
  for (const std::string& to : m.to) mail.add_to(to);
  mail.set_subject(m.subject);
  *mail.mutable_create_time() = ToTimestamp(clock_->Now());
  MailContent content;
  content.set_from(m.from);
  content.set_text_body(m.text_body);
  for (const MailAttachment& a : m.attachments) {
    MailContent::Attachment* out = content.add_attachments();
    out->set_file_name(a.file_name);
    out->set_media_type(a.media_type);
    out->set_content(a.content);
  }
  const std::string key = Key(application_id, m.message_id);
  // HSETNX: a mail already owed (perhaps sent, its content gone) stays as it is; its due
  // entry, if added again, is dropped by the sender.
  return {{{"HSETNX", key, "proto", mail.SerializeAsString()},
           {"HSETNX", key, "content", Seal(seal_key_, content.SerializeAsString(), *random_)},
           {"ZADD", DueKey(), "NX", Millis(clock_->Now()), Member(application_id, m.message_id)}},
          {}};
}

absl::StatusOr<std::optional<OutgoingMail>> MailOutbox::Get(const std::string& application_id,
                                                            const std::string& message_id) {
  ASSIGN_OR_RETURN(KvReply proto, kv_->Run({"HGET", Key(application_id, message_id), "proto"}));
  if (proto.is_nil()) return std::nullopt;
  OutgoingMail mail;
  if (!mail.ParseFromString(proto.str)) {
    return absl::DataLossError(absl::StrCat("mail ", message_id, " is unreadable"));
  }
  return mail;
}

absl::StatusOr<std::vector<OutgoingMail>> MailOutbox::Parked(int64_t offset, int limit) {
  ASSIGN_OR_RETURN(KvReply members, kv_->Run({"ZRANGEBYSCORE", ParkedKey(), "-inf", "+inf", "LIMIT",
                                              absl::StrCat(offset), absl::StrCat(limit)}));
  std::vector<OutgoingMail> out;
  for (const KvReply& member : members.elements) {
    std::pair<std::string, std::string> parts = absl::StrSplit(member.str, absl::MaxSplits(' ', 1));
    ASSIGN_OR_RETURN(std::optional<OutgoingMail> mail, Get(parts.first, parts.second));
    if (mail) out.push_back(*std::move(mail));
  }
  return out;
}

absl::StatusOr<OutgoingMail> MailOutbox::Resend(const std::string& application_id,
                                                const std::string& message_id,
                                                const std::vector<std::string>& to,
                                                const std::string& request_id,
                                                const std::string& request_hash) {
  const std::string key = Key(application_id, message_id);
  ASSIGN_OR_RETURN(KvReply fields, kv_->Run({"HGETALL", key}));
  std::string proto;
  RequestHashes requests;
  for (auto& [field, value] : HashPairs(fields)) {
    if (field == "proto") proto = std::move(value);
    CollectRequestField(field, value, requests);
  }
  OutgoingMail mail;
  if (proto.empty() || !mail.ParseFromString(proto)) {
    return absl::NotFoundError(
        absl::StrCat("no mail ", message_id, " of applications/", application_id));
  }
  ASSIGN_OR_RETURN(bool retry, AlreadyApplied(requests, request_id, request_hash));
  if (retry) return mail;
  if (mail.state() != OutgoingMail::STATE_PARKED) {
    return absl::FailedPreconditionError(absl::StrCat(
        "mail ", message_id, " is ", OutgoingMail::State_Name(mail.state()), ", not parked"));
  }
  if (!to.empty()) {
    mail.clear_to();
    for (const std::string& r : to) mail.add_to(r);
  }
  mail.set_state(OutgoingMail::STATE_PENDING);
  const std::string member = Member(application_id, message_id);
  std::vector<KvCommand> commands = {{"HSET", key, "proto", mail.SerializeAsString()},
                                     {"ZREM", ParkedKey(), member},
                                     {"ZADD", DueKey(), Millis(clock_->Now()), member}};
  if (!request_id.empty()) commands.push_back(RecordRequest(key, request_id, request_hash));
  // ABORTED if the sender or another operator changed it meanwhile.
  RETURN_IF_ERROR(kv_->Transaction(commands, {{key, "proto", proto}}).status());
  return mail;
}

MailSender::MailSender(MailOutbox* outbox, Mailer* mailer, Clock* clock, MailSenderOptions options)
    : outbox_(outbox),
      mailer_(mailer),
      clock_(clock),
      options_(std::move(options)),
      lease_(outbox->kv_, absl::StrCat(outbox->prefix(), ":mail:lease"), options_.owner,
             options_.lease) {
  if (options_.registry != nullptr) {
    outcomes_ = &prometheus::BuildCounter()
                     .Name("ams_mail_total")
                     .Help("Owed mails the sender tried, by outcome (sent, retried, parked)")
                     .Register(*options_.registry);
  }
}

MailSender::~MailSender() { Stop(); }

absl::StatusOr<bool> MailSender::SendOne(const std::string& member) {
  KvStore* kv = outbox_->kv_;
  std::pair<std::string, std::string> parts = absl::StrSplit(member, absl::MaxSplits(' ', 1));
  const std::string key = outbox_->Key(parts.first, parts.second);
  ASSIGN_OR_RETURN(std::vector<KvReply> read,
                   kv->Pipeline({{"HGET", key, "proto"}, {"HGET", key, "content"}}));
  OutgoingMail mail;
  if (read[0].is_nil() || !mail.ParseFromString(read[0].str) ||
      mail.state() != OutgoingMail::STATE_PENDING || read[1].is_nil()) {
    RETURN_IF_ERROR(kv->Run({"ZREM", outbox_->DueKey(), member}).status());  // sent already
    return false;
  }
  ASSIGN_OR_RETURN(std::string opened, Open(outbox_->seal_key_, read[1].str));
  ams::mail::v1::MailContent content;
  if (!content.ParseFromString(opened)) {
    return absl::DataLossError(absl::StrCat("mail ", mail.message_id(), " content unreadable"));
  }
  MailMessage m;
  m.message_id = mail.message_id();
  m.from = content.from();
  m.to.assign(mail.to().begin(), mail.to().end());
  m.subject = mail.subject();
  m.text_body = content.text_body();
  for (const auto& a : content.attachments()) {
    m.attachments.push_back({a.file_name(), a.media_type(), a.content()});
  }
  absl::Status sent;
  lease_.WhileHeld([&] { sent = mailer_->Send(m); });

  const absl::Time now = clock_->Now();
  std::vector<KvCommand> record;
  const char* outcome;
  if (sent.ok()) {
    outcome = "sent";
    mail.set_state(OutgoingMail::STATE_SENT);
    *mail.mutable_send_time() = ToTimestamp(now);
    record = {{"HDEL", key, "content"}, {"ZREM", outbox_->DueKey(), member}};
  } else if (IsRetryable(sent)) {
    outcome = "retried";
    mail.set_attempts(mail.attempts() + 1);
    absl::Duration wait = options_.initial_backoff;
    for (int i = 1; i < mail.attempts() && wait < options_.max_backoff; ++i) wait *= 2;
    wait = std::min(wait, options_.max_backoff);
    record = {{"ZADD", outbox_->DueKey(), "XX", Millis(now + wait), member}};
  } else {
    outcome = "parked";  // refused for good: an operator corrects and resends
    mail.set_state(OutgoingMail::STATE_PARKED);
    mail.set_attempts(mail.attempts() + 1);
    record = {{"ZREM", outbox_->DueKey(), member},
              {"ZADD", outbox_->ParkedKey(), Millis(now), member}};
  }
  if (!sent.ok()) mail.set_last_error(std::string(sent.message()));
  record.push_back({"HSET", key, "proto", mail.SerializeAsString()});
  RETURN_IF_ERROR(kv->Transaction(record, {}).status());
  if (outcomes_ != nullptr)
    outcomes_->Add({{"service", outbox_->prefix()}, {"outcome", outcome}}).Increment();
  if (sent.ok()) {
    LogInfo("mail sent", {{"application", mail.application()}, {"kind", mail.kind()}});
  } else {
    LogWarning(absl::StrCat("mail ", outcome),
               {{"application", mail.application()}, {"kind", mail.kind()}, {"reason", sent}});
  }
  return sent.ok();
}

absl::StatusOr<int> MailSender::SendDue() {
  ASSIGN_OR_RETURN(bool leader, lease_.Hold());
  if (!leader) return 0;
  ASSIGN_OR_RETURN(KvReply due, outbox_->kv_->Run({"ZRANGEBYSCORE", outbox_->DueKey(), "-inf",
                                                   Millis(clock_->Now()), "LIMIT", "0",
                                                   absl::StrCat(options_.batch)}));
  int sent = 0;
  for (const KvReply& member : due.elements) {
    ASSIGN_OR_RETURN(bool accepted, SendOne(member.str));
    sent += accepted ? 1 : 0;
  }
  return sent;
}

void MailSender::Start() {
  loop_.Start(options_.poll_interval, [this] {
    absl::StatusOr<int> sent = SendDue();
    if (!sent.ok()) LogWarning("mail pass failed; will retry", {{"status", sent.status()}});
  });
}

void MailSender::Wake() { loop_.Wake(); }

void MailSender::Stop() { loop_.Stop(); }

}  // namespace ams
