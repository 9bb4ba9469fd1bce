#include "services/credential/credential.h"

#include <algorithm>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "ams/credential/v1/events.pb.h"
#include "common/cloud_event.h"
#include "common/hashing.h"
#include "common/logging.h"
#include "common/page_token.h"
#include "common/rpc_status.h"
#include "common/secret_box.h"
#include "common/status_macros.h"
#include "common/versioned_record.h"

namespace ams::credential {
namespace {

using ams::type::v1::ERROR_REASON_LOGIN_FAILED;
using ams::type::v1::ERROR_REASON_NOT_FOUND;
using ams::type::v1::ERROR_REASON_PERMISSION_DENIED;
using ams::type::v1::ERROR_REASON_RATE_LIMITED;
using ams::type::v1::ERROR_REASON_SESSION_INVALID;
using ams::type::v1::Role;

constexpr char kAccounts[] = "credential:accounts";
constexpr int kMaxPageSize = 100;

std::string Key(const std::string& id) { return TaggedKey("credential", id, "account"); }
std::string ClientsKey(const std::string& id) { return TaggedKey("credential", id, "clients"); }
std::string ClientFailuresKey(const std::string& client) {
  return absl::StrCat("credential:failures:", client);
}
std::string UsernameKey(const std::string& u) { return absl::StrCat("credential:username:", u); }
std::string SessionKey(const std::string& token) {
  return absl::StrCat("credential:session:", Sha256Hex(token));
}
// Where a password change keeps its answer for a retry (its own answer lost), sealed with a key
// only the holder of the session it ended can derive.
std::string ChangeRetryKey(const std::string& token) {
  return absl::StrCat("credential:change-retry:", Sha256Hex(token));
}
std::string ChangeRetrySealKey(const std::string& token) {
  return absl::HexStringToBytes(HmacSha256Hex(token, "ams change-password retry"));
}
std::string IdOf(const pb::Account& a) {
  return std::string(absl::StripPrefix(a.application(), "applications/"));
}
std::string Millis(absl::Time t) { return absl::StrCat(absl::ToUnixMillis(t)); }
std::string Millis(absl::Duration d) { return absl::StrCat(absl::ToInt64Milliseconds(d)); }

// Usernames are the official e-mail's local part: logged masked by MaskEmail's rule.
std::string MaskUsername(absl::string_view username) {
  std::string masked = MaskEmail(absl::StrCat(username, "@"));
  masked.pop_back();  // the "@" that made it an address
  return masked;
}
std::string MaskAccount(absl::string_view name) {
  return absl::StrCat("accounts/", MaskUsername(absl::StripPrefix(name, "accounts/")));
}

// The one answer of every failed login (unknown user, wrong password, locked-out client), so
// that none tells which usernames exist or which are locked.
absl::Status LoginFailed() {
  return WithReason(absl::UnauthenticatedError("the username or the password is wrong, or too "
                                               "many attempts were made; try again later"),
                    ERROR_REASON_LOGIN_FAILED);
}
absl::Status RateLimited() {
  return WithReason(
      absl::ResourceExhaustedError("too many failed logins from this address; try again later"),
      ERROR_REASON_RATE_LIMITED);
}
absl::Status SessionInvalid() {
  return WithReason(absl::UnauthenticatedError("the session has ended; log in again"),
                    ERROR_REASON_SESSION_INVALID);
}
absl::Status Denied(absl::string_view why) {
  return WithReason(absl::PermissionDeniedError(why), ERROR_REASON_PERMISSION_DENIED);
}
bool IsOperator(const Principal& p) {
  return p.role == Role::ROLE_BSRE_OP || p.role == Role::ROLE_DISKOMINFO_OP ||
         p.role == Role::ROLE_ADMIN || p.role == Role::ROLE_AUDITOR;
}

// The stored state is the account's lifecycle; locks are per client. A STATE_LOCKED stored
// before that reads as the state the account returns to.
pb::Account::State Lifecycle(const pb::Account& a) {
  if (a.state() != pb::Account::STATE_LOCKED) return a.state();
  return a.activate_time().seconds() > 0 ? pb::Account::STATE_ACTIVE
                                         : pb::Account::STATE_PASSWORD_CHANGE_REQUIRED;
}
// Operators see LOCKED while the latest client lock lasts (lock_expire_time); the applicant
// from another client is not locked out.
pb::Account OperatorView(pb::Account a, absl::Time now) {
  if (a.has_lock_expire_time() && now < FromTimestamp(a.lock_expire_time())) {
    a.set_state(pb::Account::STATE_LOCKED);
  }
  return a;
}

}  // namespace

Credential::Credential(KvStore* kv, Outbox* outbox, MailOutbox* mail, const PasswordHasher* hasher,
                       const CommonPasswords* common_passwords, CredentialOptions options,
                       Clock* clock, RandomSource* random)
    : kv_(kv),
      outbox_(outbox),
      mail_(mail),
      hasher_(hasher),
      common_passwords_(common_passwords),
      options_(std::move(options)),
      clock_(clock),
      random_(random) {}

absl::StatusOr<std::optional<Credential::Stored>> Credential::Load(const std::string& id) {
  ASSIGN_OR_RETURN(KvReply reply, kv_->Run({"HGETALL", Key(id)}));
  std::optional<Stored> s;
  for (auto& [field, value] : HashPairs(reply)) {
    if (!s) s.emplace();
    if (field == "proto" && !s->account.ParseFromString(value)) {
      return absl::DataLossError(absl::StrCat("account of ", id, " is unreadable"));
    }
    if (field == "password_hash") s->password_hash = value;
    for (auto [name, number] : {std::pair{"session_epoch", &s->session_epoch},
                                {"issue", &s->issue},
                                {"version", &s->version}}) {
      if (field == name) absl::SimpleAtoi(value, number);
    }
    CollectRequestField(field, value, s->request_hashes);
  }
  if (s) s->account.set_state(Lifecycle(s->account));
  return s;
}

absl::StatusOr<std::optional<Credential::Stored>> Credential::LoadByUsername(
    const std::string& username) {
  ASSIGN_OR_RETURN(KvReply id, kv_->Run({"GET", UsernameKey(username)}));
  if (id.is_nil()) return std::nullopt;
  return Load(id.str);
}

absl::StatusOr<Credential::Stored> Credential::LoadNamed(const std::string& name) {
  const std::string username(absl::StripPrefix(name, "accounts/"));
  if (username == name || username.empty()) {
    return InvalidFields({{"name", "must be accounts/{username}"}});
  }
  ASSIGN_OR_RETURN(std::optional<Stored> s, LoadByUsername(username));
  if (!s) {
    return WithReason(absl::NotFoundError(absl::StrCat(name, " does not exist")),
                      ERROR_REASON_NOT_FOUND);
  }
  return *std::move(s);
}

absl::Status Credential::Save(const std::optional<Stored>& before, const Stored& after,
                              std::vector<EventEnvelope> events, KvWrites extra) {
  const std::string id = IdOf(after.account);
  extra.Add(VersionedWrite(
      Key(id), before ? before->version : 0,
      {"proto", after.account.SerializeAsString(), "password_hash", after.password_hash,
       "session_epoch", absl::StrCat(after.session_epoch), "issue", absl::StrCat(after.issue)}));
  return outbox_->Commit(id, std::move(extra), events).status();
}

absl::StatusOr<KvWrites> Credential::Issue(Stored& s) {
  const std::string password = InitialPassword(options_.initial_password_length, *random_);
  ASSIGN_OR_RETURN(s.password_hash, hasher_->Hash(password));
  s.account.set_state(pb::Account::STATE_PASSWORD_CHANGE_REQUIRED);
  s.account.clear_lock_expire_time();  // the caller also forgets the client locks
  ++s.issue;
  ++s.session_epoch;  // ends every session of the previous password
  const pb::Account& a = s.account;
  const std::string id = IdOf(a);
  MailMessage m;
  m.message_id = MailMessageId("password", id, s.issue);
  m.from = options_.mail_from;
  m.to = {a.applicant().official_email()};
  m.subject = "Akun AMS Anda: nama pengguna dan kata sandi awal";
  m.text_body = absl::StrCat(
      "Yth. ", a.applicant().full_name(), ",\n\n",
      "Akun Aplikasi Manajemen Sertifikat (AMS) BSrE Anda telah dibuat.\n\n",
      "  Nama pengguna : ", a.username(), "\n  Kata sandi awal: ", password, "\n\n", "Masuk di ",
      options_.login_url, " dan segera ganti kata sandi awal ini; akun belum\n",
      "dapat digunakan sebelum kata sandi diganti. Jangan berikan kata sandi kepada siapa "
      "pun.\n\n",
      "Diskominfo Kabupaten Kebumen\n");
  return mail_->Owe(id, "password", m);
}

absl::Status Credential::OnVerified(const ams::verification::v1::EnrollmentVerified& e,
                                    const KvWrites& inbox_mark) {
  const std::string id(absl::StripPrefix(e.application(), "applications/"));
  const absl::Time now = clock_->Now();
  ASSIGN_OR_RETURN(std::optional<Stored> mine, Load(id));
  if (mine) return absl::OkStatus();  // made with this event's mark: another event's doing
  if (e.kind() == ams::type::v1::APPLICATION_KIND_DATA_UPDATE) {
    return ApplyDataUpdate(e, inbox_mark);
  }
  Stored s;
  pb::Account& a = s.account;
  a.set_name(absl::StrCat("accounts/", e.username()));
  a.set_username(e.username());
  a.set_application(e.application());
  *a.mutable_applicant() = e.applicant();
  *a.mutable_create_time() = *a.mutable_update_time() = ToTimestamp(now);
  ASSIGN_OR_RETURN(KvWrites password_mail, Issue(s));
  ams::credential::v1::CredentialIssued issued;
  issued.set_application(e.application());
  issued.set_account(a.name());
  issued.set_username(a.username());
  issued.set_kind(e.kind());
  *issued.mutable_applicant() = e.applicant();
  *issued.mutable_issue_time() = ToTimestamp(now);
  KvWrites extra = {{{"SET", UsernameKey(a.username()), id}, {"ZADD", kAccounts, Millis(now), id}},
                    {}};
  extra.Add(password_mail).Add(inbox_mark);
  // ABORTED (another consumer made it meanwhile) is retried, and then a duplicate.
  RETURN_IF_ERROR(
      Save(std::nullopt, s, {MakeEvent("credential", id, issued, now, *random_)}, extra));
  LogInfo("account created",
          {{"application", e.application()}, {"account", MaskAccount(a.name())}});
  return absl::OkStatus();
}

absl::Status Credential::ApplyDataUpdate(const ams::verification::v1::EnrollmentVerified& e,
                                         const KvWrites& inbox_mark) {
  const std::string username(absl::StripPrefix(e.existing_account(), "accounts/"));
  std::optional<Stored> existing;
  if (!username.empty()) {
    ASSIGN_OR_RETURN(existing, LoadByUsername(username));
  }
  if (!existing) return RefuseDataUpdate(e, "the account to update does not exist", inbox_mark);
  // SOP warning 3 changes a person's data, never the person: another NIK's data (and e-mail,
  // where the next password goes) would hand the account to someone else.
  const std::string& fingerprint = existing->account.applicant().nik_fingerprint();
  if (fingerprint.empty() || fingerprint != e.applicant().nik_fingerprint()) {
    return RefuseDataUpdate(e, "the applicant's NIK is not the account holder's", inbox_mark);
  }
  const std::string id(absl::StripPrefix(e.application(), "applications/"));
  const absl::Time now = clock_->Now();
  Stored after = *existing;
  *after.account.mutable_applicant() = e.applicant();
  *after.account.mutable_update_time() = ToTimestamp(now);
  ams::credential::v1::AccountActivated activated;
  activated.set_application(e.application());
  activated.set_account(after.account.name());
  activated.set_username(after.account.username());
  activated.set_kind(e.kind());
  *activated.mutable_activate_time() = ToTimestamp(now);
  return Save(existing, after, {MakeEvent("credential", id, activated, now, *random_)}, inbox_mark);
}

absl::Status Credential::RefuseDataUpdate(const ams::verification::v1::EnrollmentVerified& e,
                                          const std::string& why, const KvWrites& inbox_mark) {
  const std::string id(absl::StripPrefix(e.application(), "applications/"));
  const absl::Time now = clock_->Now();
  ams::credential::v1::DataUpdateRefused refused;
  refused.set_application(e.application());
  refused.set_account(e.existing_account());
  refused.set_reason(why);
  *refused.mutable_refuse_time() = ToTimestamp(now);
  // Nothing changes but the inbox mark, so a redelivery does not refuse twice.
  RETURN_IF_ERROR(
      outbox_->Commit(id, inbox_mark, {MakeEvent("credential", id, refused, now, *random_)})
          .status());
  LogWarning("data update refused", {{"application", e.application()},
                                     {"account", MaskAccount(e.existing_account())},
                                     {"reason", why}});
  return absl::OkStatus();
}

std::pair<pb::Session, KvCommand> Credential::MintSession(const Stored& s, absl::Time now) {
  pb::Session session;
  session.set_token(absl::WebSafeBase64Escape(random_->Bytes(32)));
  *session.mutable_expire_time() = ToTimestamp(now + options_.session_ttl);
  session.set_password_change_required(s.account.state() ==
                                       pb::Account::STATE_PASSWORD_CHANGE_REQUIRED);
  KvCommand store = {"SET", SessionKey(session.token()),
                     absl::StrCat(IdOf(s.account), "|", s.session_epoch), "PX",
                     Millis(options_.session_ttl)};
  return {std::move(session), std::move(store)};
}

absl::StatusOr<pb::Session> Credential::NewSession(const Stored& s, absl::Time now) {
  auto [session, store] = MintSession(s, now);
  RETURN_IF_ERROR(kv_->Run(store).status());
  return session;
}

absl::StatusOr<int64_t> Credential::ClientFailures(const std::string& client) {
  ASSIGN_OR_RETURN(KvReply r, kv_->Run({"GET", ClientFailuresKey(client)}));
  int64_t n = 0;
  if (!r.is_nil()) absl::SimpleAtoi(r.str, &n);
  return n;
}

absl::Status Credential::FailedLogin(const std::string& client) {
  const std::string key = ClientFailuresKey(client);
  // The window opens at the client's first failure (INCR keeps the TTL); one transaction, so
  // the counter never outlives its window.
  RETURN_IF_ERROR(kv_->Transaction({{"SET", key, "0", "PX", Millis(options_.client_window), "NX"},
                                    {"INCR", key}})
                      .status());
  return LoginFailed();
}

absl::StatusOr<Credential::ClientLock> Credential::LoadClientLock(const std::string& id,
                                                                  const std::string& client,
                                                                  absl::Time now) {
  ASSIGN_OR_RETURN(KvReply r, kv_->Run({"HGET", ClientsKey(id), client}));
  ClientLock lock;
  if (r.is_nil()) return lock;
  std::vector<std::string> parts = absl::StrSplit(r.str, '|');
  int64_t until = 0, last = 0;
  if (parts.size() != 4 || !absl::SimpleAtoi(parts[0], &lock.failures) ||
      !absl::SimpleAtoi(parts[1], &lock.locks) || !absl::SimpleAtoi(parts[2], &until) ||
      !absl::SimpleAtoi(parts[3], &last)) {
    return ClientLock();  // unreadable: the client starts afresh
  }
  lock.until = absl::FromUnixMillis(until);
  lock.last_failure = absl::FromUnixMillis(last);
  // Forgotten lock_max after the client's last failure or lock, as the hash itself is.
  if (now - std::max(lock.until, lock.last_failure) > options_.lock_max) return ClientLock();
  return lock;
}

std::vector<KvCommand> Credential::SaveClientLock(const std::string& id, const std::string& client,
                                                  const ClientLock& lock, absl::Time now) const {
  const std::string key = ClientsKey(id);
  // Every lock of the hash ends before now + lock_max; each client's memory lasts that long.
  return {{"HSET", key, client,
           absl::StrJoin({absl::StrCat(lock.failures), absl::StrCat(lock.locks), Millis(lock.until),
                          Millis(lock.last_failure)},
                         "|")},
          {"PEXPIRE", key,
           Millis(options_.lock_max + std::max(lock.until - now, absl::ZeroDuration()))}};
}

bool Credential::CountWrongPassword(Stored& s, ClientLock& lock, absl::Time now,
                                    std::vector<EventEnvelope>& events) {
  const std::string id = IdOf(s.account);
  ++lock.failures;
  lock.last_failure = now;
  ams::credential::v1::LoginFailed failed;
  failed.set_application(s.account.application());
  failed.set_account(s.account.name());
  failed.set_consecutive_failures(static_cast<int32_t>(lock.failures));
  *failed.mutable_attempt_time() = ToTimestamp(now);
  events.push_back(MakeEvent("credential", id, failed, now, *random_));
  if (lock.failures < options_.max_failures) return false;
  // Each lock of this client doubles its last, up to the maximum.
  absl::Duration length = options_.lock_base;
  for (int64_t i = 0; i < lock.locks && length < options_.lock_max; ++i) length *= 2;
  lock.until = now + std::min(length, options_.lock_max);
  ++lock.locks;
  lock.failures = 0;
  if (!s.account.has_lock_expire_time() ||
      FromTimestamp(s.account.lock_expire_time()) < lock.until) {
    *s.account.mutable_lock_expire_time() = ToTimestamp(lock.until);
  }
  ams::credential::v1::AccountLocked locked;
  locked.set_application(s.account.application());
  locked.set_account(s.account.name());
  *locked.mutable_lock_expire_time() = ToTimestamp(lock.until);
  events.push_back(MakeEvent("credential", id, locked, now, *random_));
  return true;
}

absl::StatusOr<pb::LoginResponse> Credential::Login(const Principal& caller,
                                                    const pb::LoginRequest& r) {
  std::vector<FieldViolation> v;
  if (r.username().empty() || r.username().size() > 64) v.push_back({"username", "is required"});
  if (r.password().empty() || r.password().size() > 256) {
    v.push_back({"password", "is required (at most 256 characters)"});
  }
  if (!v.empty()) return InvalidFields(v);
  const std::string& client = caller.subject;
  ASSIGN_OR_RETURN(int64_t client_failures, ClientFailures(client));
  // Refused before any account or password is looked at, so it tells nothing about either.
  if (client_failures >= options_.client_max_failures) return RateLimited();
  absl::StatusOr<pb::LoginResponse> response =
      RetryOnConflict("the account", [&]() -> absl::StatusOr<pb::LoginResponse> {
        ASSIGN_OR_RETURN(std::optional<Stored> before, LoadByUsername(r.username()));
        if (!before) {
          hasher_->VerifyDecoy(r.password());  // as long as a wrong password takes
          return FailedLogin(client);
        }
        const absl::Time now = clock_->Now();
        const std::string id = IdOf(before->account);
        ASSIGN_OR_RETURN(ClientLock lock, LoadClientLock(id, client, now));
        if (now < lock.until) {
          hasher_->VerifyDecoy(r.password());  // locked out: not even the right password is tried
          return FailedLogin(client);
        }
        Stored after = *before;
        std::vector<EventEnvelope> events;
        KvWrites extra;
        const bool ok = hasher_->Verify(after.password_hash, r.password());
        bool locked = false;
        if (ok) {
          if (lock.failures > 0) {
            lock.failures = 0;
            extra.commands = SaveClientLock(id, client, lock, now);
          }
          ams::credential::v1::LoginSucceeded e;
          e.set_application(after.account.application());
          e.set_account(after.account.name());
          e.set_password_change_required(after.account.state() ==
                                         pb::Account::STATE_PASSWORD_CHANGE_REQUIRED);
          *e.mutable_login_time() = ToTimestamp(now);
          events.push_back(MakeEvent("credential", id, e, now, *random_));
        } else {
          locked = CountWrongPassword(after, lock, now, events);
          extra.commands = SaveClientLock(id, client, lock, now);
        }
        *after.account.mutable_update_time() = ToTimestamp(now);
        // ABORTED, a concurrent attempt: count again.
        RETURN_IF_ERROR(Save(before, after, std::move(events), std::move(extra)));
        if (locked) {
          LogWarning("client locked out of an account",
                     {{"account", MaskAccount(after.account.name())},
                      {"peer", client},
                      {"until", absl::FormatTime(lock.until)}});
        }
        if (!ok) return FailedLogin(client);
        pb::LoginResponse response;
        ASSIGN_OR_RETURN(*response.mutable_session(), NewSession(after, now));
        *response.mutable_account() = after.account;
        return response;
      });
  // Attempts racing on one account must not tell it apart from one that does not exist.
  if (absl::IsAborted(response.status())) return FailedLogin(client);
  return response;
}

absl::StatusOr<Credential::Stored> Credential::SessionAccount(const std::string& token) {
  if (token.empty()) return SessionInvalid();
  ASSIGN_OR_RETURN(KvReply value, kv_->Run({"GET", SessionKey(token)}));
  if (value.is_nil()) return SessionInvalid();
  std::pair<std::string, std::string> parts = absl::StrSplit(value.str, '|');
  ASSIGN_OR_RETURN(std::optional<Stored> s, Load(parts.first));
  if (!s || absl::StrCat(s->session_epoch) != parts.second) return SessionInvalid();
  return *std::move(s);
}

absl::StatusOr<pb::CheckNewPasswordResponse> Credential::CheckNewPassword(
    const Principal&, const pb::CheckNewPasswordRequest& r) {
  if (r.new_password().size() > 256 || r.current_password().size() > 256) {
    return InvalidFields({{"new_password", "is longer than 256 characters"}});
  }
  ASSIGN_OR_RETURN(Stored account, SessionAccount(r.session_token()));
  const PasswordVerdict verdict =
      JudgeNewPassword(r.new_password(), r.current_password(),
                       {account.account.username(), account.account.applicant().full_name()},
                       options_.min_password_length, *common_passwords_);
  pb::CheckNewPasswordResponse response;
  response.set_acceptable(verdict.acceptable());
  response.set_reason(verdict.reason);
  response.set_score(verdict.score);
  response.set_rule(verdict.rule);
  return response;
}

absl::StatusOr<pb::ChangePasswordResponse> Credential::ChangePassword(
    const Principal&, const pb::ChangePasswordRequest& r) {
  if (r.new_password().size() > 256) {
    return InvalidFields({{"new_password", "is longer than 256 characters"}});
  }
  const std::string hash = RequestHash(r);
  absl::StatusOr<Stored> session_account = SessionAccount(r.session_token());
  if (absl::IsUnauthenticated(session_account.status()) && !r.request_id().empty()) {
    // The change may have ended this session: a retry gets the first answer.
    ASSIGN_OR_RETURN(std::optional<pb::ChangePasswordResponse> first, FirstAnswer(r, hash));
    if (first) return *std::move(first);
  }
  ASSIGN_OR_RETURN(Stored before, std::move(session_account));
  ASSIGN_OR_RETURN(bool retry, AlreadyApplied(before.request_hashes, r.request_id(), hash));
  if (retry) {
    pb::ChangePasswordResponse response;
    *response.mutable_account() = before.account;
    return response;
  }
  if (!hasher_->Verify(before.password_hash, r.current_password())) {
    return WithReason(absl::UnauthenticatedError("the current password is wrong"),
                      ERROR_REASON_LOGIN_FAILED);
  }
  RETURN_IF_ERROR(ams::credential::CheckNewPassword(
      r.new_password(), r.current_password(),
      {before.account.username(), before.account.applicant().full_name()},
      options_.min_password_length, *common_passwords_));
  const absl::Time now = clock_->Now();
  const std::string id = IdOf(before.account);
  Stored after = before;
  ASSIGN_OR_RETURN(after.password_hash, hasher_->Hash(r.new_password()));
  // Ends every session of the old password (another device, whoever learned it); the caller
  // goes on in the one new session below.
  ++after.session_epoch;
  const bool first = before.account.state() == pb::Account::STATE_PASSWORD_CHANGE_REQUIRED;
  after.account.set_state(pb::Account::STATE_ACTIVE);
  *after.account.mutable_update_time() = ToTimestamp(now);
  ams::credential::v1::PasswordChanged changed;
  changed.set_application(after.account.application());
  changed.set_account(after.account.name());
  *changed.mutable_change_time() = ToTimestamp(now);
  std::vector<EventEnvelope> events = {MakeEvent("credential", id, changed, now, *random_)};
  if (first) {
    if (!after.account.has_activate_time())
      *after.account.mutable_activate_time() = ToTimestamp(now);
    ams::credential::v1::AccountActivated activated;
    activated.set_application(after.account.application());
    activated.set_account(after.account.name());
    activated.set_username(after.account.username());
    activated.set_kind(ams::type::v1::APPLICATION_KIND_NEW_ACCOUNT);
    *activated.mutable_activate_time() = ToTimestamp(now);
    events.push_back(MakeEvent("credential", id, activated, now, *random_));
  }
  pb::ChangePasswordResponse response;
  *response.mutable_account() = after.account;
  auto [session, store_session] = MintSession(after, now);
  *response.mutable_session() = std::move(session);
  // With the change: the new session, the old one deleted (ended by the epoch already; gone
  // so it does not linger until its TTL), and the answer kept for a retry.
  KvWrites extra = {{std::move(store_session), {"DEL", SessionKey(r.session_token())}}, {}};
  if (!r.request_id().empty()) {
    extra.commands.push_back(RecordRequest(Key(id), r.request_id(), hash));
    extra.commands.push_back(
        {"SET", ChangeRetryKey(r.session_token()),
         absl::StrCat(
             id, "|",
             Seal(ChangeRetrySealKey(r.session_token()),
                  absl::StrCat(r.request_id(), ":", hash, response.session().SerializeAsString()),
                  *random_)),
         "PX", Millis(options_.session_ttl)});
  }
  absl::Status saved = Save(before, after, std::move(events), std::move(extra));
  if (absl::IsAborted(saved)) return absl::AbortedError("the account changed meanwhile; retry");
  RETURN_IF_ERROR(saved);
  LogInfo("password changed", {{"account", MaskAccount(after.account.name())}});
  return response;
}

absl::StatusOr<std::optional<pb::ChangePasswordResponse>> Credential::FirstAnswer(
    const pb::ChangePasswordRequest& r, const std::string& hash) {
  ASSIGN_OR_RETURN(KvReply kept, kv_->Run({"GET", ChangeRetryKey(r.session_token())}));
  if (kept.is_nil()) return std::nullopt;
  std::pair<std::string, std::string> parts = absl::StrSplit(kept.str, absl::MaxSplits('|', 1));
  absl::StatusOr<std::string> opened = Open(ChangeRetrySealKey(r.session_token()), parts.second);
  // Another request with this session (its request_id or its passwords differ) is no retry.
  const std::string request = absl::StrCat(r.request_id(), ":", hash);
  if (!opened.ok() || !absl::StartsWith(*opened, request)) return std::nullopt;
  pb::ChangePasswordResponse response;
  if (!response.mutable_session()->ParseFromString(opened->substr(request.size()))) {
    return std::nullopt;
  }
  ASSIGN_OR_RETURN(std::optional<Stored> s, Load(parts.first));
  if (!s) return std::nullopt;
  *response.mutable_account() = s->account;
  return response;
}

absl::StatusOr<pb::LogoutResponse> Credential::Logout(const Principal&,
                                                      const pb::LogoutRequest& r) {
  if (!r.session_token().empty()) {
    RETURN_IF_ERROR(kv_->Run({"DEL", SessionKey(r.session_token())}).status());
  }
  return pb::LogoutResponse();
}

absl::StatusOr<pb::GetAccountResponse> Credential::Get(const Principal& caller,
                                                       const pb::GetAccountRequest& r) {
  if (!IsOperator(caller) && caller.role != Role::ROLE_SERVICE_ACCOUNT_READER) {
    return Denied("only operators, auditors and the account reader service read accounts");
  }
  ASSIGN_OR_RETURN(Stored s, LoadNamed(r.name()));
  pb::GetAccountResponse response;
  *response.mutable_account() = OperatorView(s.account, clock_->Now());
  return response;
}

absl::StatusOr<pb::ListAccountsResponse> Credential::List(const Principal& caller,
                                                          const pb::ListAccountsRequest& r) {
  if (!IsOperator(caller)) return Denied("only operators and auditors read accounts");
  std::vector<FieldViolation> v;
  if (r.page_size() < 0 || r.page_size() > kMaxPageSize) {
    v.push_back({"page_size", absl::StrCat("must be 0 to ", kMaxPageSize)});
  }
  const std::optional<int64_t> offset = PageOffset(r.page_token());
  if (!offset) v.push_back({"page_token", kNotAPageToken});
  if (!r.filter().empty()) v.push_back({"filter", "is not supported yet; leave it empty"});
  if (!v.empty()) return InvalidFields(v);
  const int64_t size = r.page_size() == 0 ? 20 : r.page_size();
  ASSIGN_OR_RETURN(KvReply ids, kv_->Run({"ZRANGEBYSCORE", kAccounts, "-inf", "+inf", "LIMIT",
                                          absl::StrCat(*offset), absl::StrCat(size + 1)}));
  pb::ListAccountsResponse response;
  for (size_t i = 0; i < ids.elements.size() && static_cast<int64_t>(i) < size; ++i) {
    ASSIGN_OR_RETURN(std::optional<Stored> s, Load(ids.elements[i].str));
    if (s) *response.add_accounts() = OperatorView(s->account, clock_->Now());
  }
  if (static_cast<int64_t>(ids.elements.size()) > size) {
    response.set_next_page_token(PageToken(*offset + size));
  }
  return response;
}

absl::StatusOr<pb::ResetCredentialResponse> Credential::Reset(const Principal& caller,
                                                              const pb::ResetCredentialRequest& r) {
  // People only: no service role ever resets.
  if (caller.role != Role::ROLE_BSRE_OP && caller.role != Role::ROLE_ADMIN) {
    return Denied("only a BSrE operator resets credentials");
  }
  ASSIGN_OR_RETURN(std::optional<Stored> before, LoadNamed(r.name()));
  const std::string hash = RequestHash(r);
  ASSIGN_OR_RETURN(bool retry, AlreadyApplied(before->request_hashes, r.request_id(), hash));
  pb::ResetCredentialResponse response;
  if (retry) {
    *response.mutable_account() = OperatorView(before->account, clock_->Now());
    return response;
  }
  const absl::Time now = clock_->Now();
  const std::string id = IdOf(before->account);
  Stored after = *before;
  ASSIGN_OR_RETURN(KvWrites password_mail, Issue(after));
  *after.account.mutable_update_time() = ToTimestamp(now);
  ams::credential::v1::CredentialIssued issued;
  issued.set_application(after.account.application());
  issued.set_account(after.account.name());
  issued.set_username(after.account.username());
  *issued.mutable_applicant() = after.account.applicant();
  issued.set_reset(true);
  *issued.mutable_issue_time() = ToTimestamp(now);
  KvWrites extra = {{{"DEL", ClientsKey(id)}}, {}};  // a reset unlocks every client
  extra.Add(password_mail);
  if (!r.request_id().empty())
    extra.commands.push_back(RecordRequest(Key(id), r.request_id(), hash));
  absl::Status saved =
      Save(before, after, {MakeEvent("credential", id, issued, now, *random_)}, std::move(extra));
  if (absl::IsAborted(saved)) return absl::AbortedError("the account changed meanwhile; retry");
  RETURN_IF_ERROR(saved);
  LogInfo("credential reset",
          {{"account", MaskAccount(after.account.name())}, {"operator", caller.subject}});
  *response.mutable_account() = after.account;
  return response;
}

}  // namespace ams::credential
