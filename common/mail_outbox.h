// Mail as part of the state it belongs to: a service commits what it owes someone (an
// OutgoingMail, its content sealed) in the same transaction as the state change that decides
// it, and one sender at a time (a leased worker, like the outbox relay) sends it and marks it
// sent. A redelivered event, a retried request or a restart finds the mail already owed and
// owes it no second time; the content (a token, a password) is minted once, with the state.
//
// What holds at the SMTP boundary: the sender marks a mail sent only after the server
// accepted it, so a crash (or a lapsed lease) between the two sends the identical message
// again, same Message-ID; nothing else can send a mail twice or send two different ones.
//
// Keys (P = the service's prefix, A = application id, M = Message-ID):
//   P:{A}:mail:M     hash: proto (OutgoingMail), content (sealed MailContent, until sent)
//   P:mail:due       sorted set of "A M" by when to try next (ms)
//   P:mail:parked    sorted set of "A M" the server refused for good, by when (ms)
//   P:mail:lease     which replica sends
#ifndef AMS_COMMON_MAIL_OUTBOX_H_
#define AMS_COMMON_MAIL_OUTBOX_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "ams/mail/v1/mail.pb.h"
#include "common/clock.h"
#include "common/kv_store.h"
#include "common/lease.h"
#include "common/mailer.h"
#include "common/random.h"
#include "common/request_ids.h"
#include "common/wakeable_loop.h"
#include "prometheus/counter.h"
#include "prometheus/registry.h"

namespace ams {

using ams::mail::v1::OutgoingMail;

// "<kind.application.issue@domain>": one logical mail's stable Message-ID.
std::string MailMessageId(const std::string& kind, const std::string& application_id, int64_t issue,
                          const std::string& domain = "ams.kebumenkab.go.id");

class MailOutbox {
 public:
  // `seal_key`: 32 bytes (SecretBoxKey) that the content is sealed with at rest.
  MailOutbox(KvStore* kv, std::string prefix, std::string seal_key, Clock* clock,
             RandomSource* random);

  // The writes that owe `message` (`kind` of `application_id`), to commit with the state
  // change that decides it. Owed once per Message-ID: committing the same one again (a
  // redelivery) leaves the mail as it is, sent or not.
  KvWrites Owe(const std::string& application_id, const std::string& kind,
               const MailMessage& message) const;

  absl::StatusOr<std::optional<OutgoingMail>> Get(const std::string& application_id,
                                                  const std::string& message_id);
  // Mails the server refused for good, oldest first, at most `limit` from `offset`.
  absl::StatusOr<std::vector<OutgoingMail>> Parked(int64_t offset, int limit);
  // An operator's correction: sends a parked mail again, to `to` (its recipients replaced
  // when not empty), and returns it. NOT_FOUND if there is no such mail; FAILED_PRECONDITION
  // unless parked. A retry of a resend (the same `request_id` and `request_hash`, see
  // request_ids.h) returns the mail as it stands.
  absl::StatusOr<OutgoingMail> Resend(const std::string& application_id,
                                      const std::string& message_id,
                                      const std::vector<std::string>& to,
                                      const std::string& request_id = "",
                                      const std::string& request_hash = "");

  const std::string& prefix() const { return prefix_; }

 private:
  friend class MailSender;
  std::string Key(const std::string& application_id, const std::string& message_id) const;
  std::string DueKey() const;
  std::string ParkedKey() const;

  KvStore* kv_;
  const std::string prefix_, seal_key_;
  Clock* clock_;
  RandomSource* random_;
};

struct MailSenderOptions {
  absl::Duration poll_interval = absl::Seconds(1);
  int batch = 32;
  // Retries of a temporary failure wait this long, doubling, up to max_backoff.
  absl::Duration initial_backoff = absl::Seconds(5);
  absl::Duration max_backoff = absl::Minutes(10);
  absl::Duration lease = absl::Seconds(10);
  std::string owner = "mail-sender";  // this replica, in the lease
  prometheus::Registry* registry = nullptr;
};

class MailSender {
 public:
  MailSender(MailOutbox* outbox, Mailer* mailer, Clock* clock, MailSenderOptions options);
  ~MailSender();  // Stop()

  // One pass (if this replica holds the lease): sends what is due. Returns how many the
  // server accepted.
  absl::StatusOr<int> SendDue();

  // Sends on a background thread, woken by Wake() (a commit that owes mail) or the poll.
  void Start();
  void Stop();
  void Wake();

 private:
  // Sends one owed mail and records the outcome; false if it was not due after all.
  absl::StatusOr<bool> SendOne(const std::string& member);

  MailOutbox* outbox_;
  Mailer* mailer_;
  Clock* clock_;
  const MailSenderOptions options_;
  Lease lease_;
  prometheus::Family<prometheus::Counter>* outcomes_ = nullptr;
  WakeableLoop loop_;
};

}  // namespace ams

#endif  // AMS_COMMON_MAIL_OUTBOX_H_
