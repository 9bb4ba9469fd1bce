#include "services/credential/credential.h"

#include <sodium.h>

#include <algorithm>

#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "ams/credential/v1/events.pb.h"
#include "common/cloud_event.h"
#include "common/hashing.h"
#include "common/logging.h"
#include "common/rpc_status.h"
#include "common/status_macros.h"

namespace ams::credential {
namespace {

using ams::type::v1::ERROR_REASON_ACCOUNT_LOCKED;
using ams::type::v1::ERROR_REASON_LOGIN_FAILED;
using ams::type::v1::ERROR_REASON_NOT_FOUND;
using ams::type::v1::ERROR_REASON_PERMISSION_DENIED;
using ams::type::v1::ERROR_REASON_SESSION_INVALID;
using ams::type::v1::Role;

constexpr char kAccounts[] = "credential:accounts";
constexpr char kPendingMail[] = "credential:mail:pending";
constexpr int kMaxPageSize = 100;

std::string Key(const std::string& id) { return TaggedKey("credential", id, "account"); }
std::string UsernameKey(const std::string& u) { return absl::StrCat("credential:username:", u); }
std::string SessionKey(const std::string& token) {
  return absl::StrCat("credential:session:", Sha256Hex(token));
}
std::string IdOf(const pb::Account& a) {
  return std::string(absl::StripPrefix(a.application(), "applications/"));
}
std::string Millis(absl::Time t) { return absl::StrCat(absl::ToUnixMillis(t)); }

// The same answer for an unknown username and a wrong password.
absl::Status LoginFailed() {
  return WithReason(absl::UnauthenticatedError("the username or the password is wrong"),
                    ERROR_REASON_LOGIN_FAILED);
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

// secretbox: nonce || ciphertext.
std::string Seal(const std::string& key, const std::string& plain, RandomSource& random) {
  std::string nonce = random.Bytes(crypto_secretbox_NONCEBYTES);
  std::string out(crypto_secretbox_MACBYTES + plain.size(), '\0');
  crypto_secretbox_easy(reinterpret_cast<unsigned char*>(out.data()),
                        reinterpret_cast<const unsigned char*>(plain.data()), plain.size(),
                        reinterpret_cast<const unsigned char*>(nonce.data()),
                        reinterpret_cast<const unsigned char*>(key.data()));
  return nonce + out;
}
absl::StatusOr<std::string> Open(const std::string& key, const std::string& sealed) {
  if (sealed.size() < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES) {
    return absl::DataLossError("sealed password is truncated");
  }
  std::string plain(sealed.size() - crypto_secretbox_NONCEBYTES - crypto_secretbox_MACBYTES, '\0');
  const auto* c =
      reinterpret_cast<const unsigned char*>(sealed.data() + crypto_secretbox_NONCEBYTES);
  if (crypto_secretbox_open_easy(reinterpret_cast<unsigned char*>(plain.data()), c,
                                 sealed.size() - crypto_secretbox_NONCEBYTES,
                                 reinterpret_cast<const unsigned char*>(sealed.data()),
                                 reinterpret_cast<const unsigned char*>(key.data())) != 0) {
    return absl::DataLossError("sealed password does not open with this key");
  }
  return plain;
}

}  // namespace

Credential::Credential(KvStore* kv, Outbox* outbox, Mailer* mailer, const PasswordHasher* hasher,
                       CredentialOptions options, Clock* clock, RandomSource* random)
    : kv_(kv),
      outbox_(outbox),
      mailer_(mailer),
      hasher_(hasher),
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
    if (field == "sealed_password") s->sealed_password = value;
    for (auto [name, number] : {std::pair{"failures", &s->failures},
                                {"locks", &s->locks},
                                {"session_epoch", &s->session_epoch},
                                {"issue", &s->issue},
                                {"version", &s->version}}) {
      if (field == name) absl::SimpleAtoi(value, number);
    }
    CollectRequestField(field, value, s->request_hashes);
  }
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
                              std::vector<EventEnvelope> events, std::vector<KvCommand> extra) {
  const std::string id = IdOf(after.account);
  const int64_t version = before ? before->version : 0;
  extra.push_back({"HSET", Key(id), "proto", after.account.SerializeAsString(), "password_hash",
                   after.password_hash, "failures", absl::StrCat(after.failures), "locks",
                   absl::StrCat(after.locks), "session_epoch", absl::StrCat(after.session_epoch),
                   "issue", absl::StrCat(after.issue), "version", absl::StrCat(version + 1)});
  if (!after.sealed_password.empty() &&
      (!before || before->sealed_password != after.sealed_password)) {
    extra.push_back({"HSET", Key(id), "sealed_password", after.sealed_password});
    extra.push_back({"ZADD", kPendingMail, Millis(clock_->Now()), id});
  }
  return outbox_
      ->Commit(id, std::move(extra), events,
               {{Key(id), "version", version == 0 ? "" : absl::StrCat(version)}})
      .status();
}

absl::StatusOr<std::string> Credential::Issue(Stored& s) {
  const std::string password = InitialPassword(options_.initial_password_length, *random_);
  ASSIGN_OR_RETURN(s.password_hash, hasher_->Hash(password));
  s.sealed_password = Seal(options_.seal_key, password, *random_);
  s.account.set_state(pb::Account::STATE_PASSWORD_CHANGE_REQUIRED);
  s.failures = 0;
  ++s.issue;
  ++s.session_epoch;  // ends every session of the previous password
  return password;
}

absl::Status Credential::OnVerified(const ams::verification::v1::EnrollmentVerified& e,
                                    const KvCommand& inbox_mark) {
  const std::string id(absl::StripPrefix(e.application(), "applications/"));
  const absl::Time now = clock_->Now();
  ASSIGN_OR_RETURN(std::optional<Stored> mine, Load(id));
  if (mine) return MailPassword(id, inbox_mark);  // a redelivery: finish what is left
  ams::credential::v1::AccountActivated activated;
  if (e.kind() == ams::type::v1::APPLICATION_KIND_DATA_UPDATE && !e.existing_account().empty()) {
    // SOP warning 3: the account stays, its identity data changes.
    ASSIGN_OR_RETURN(
        std::optional<Stored> existing,
        LoadByUsername(std::string(absl::StripPrefix(e.existing_account(), "accounts/"))));
    if (!existing) {
      return absl::InvalidArgumentError(absl::StrCat(e.existing_account(), " does not exist"));
    }
    Stored after = *existing;
    *after.account.mutable_applicant() = e.applicant();
    *after.account.mutable_update_time() = ToTimestamp(now);
    activated.set_application(e.application());
    activated.set_account(after.account.name());
    activated.set_username(after.account.username());
    activated.set_kind(e.kind());
    *activated.mutable_activate_time() = ToTimestamp(now);
    return Save(existing, after, {MakeEvent("credential", id, activated, now, *random_)},
                {inbox_mark});
  }
  Stored s;
  pb::Account& a = s.account;
  a.set_name(absl::StrCat("accounts/", e.username()));
  a.set_username(e.username());
  a.set_application(e.application());
  *a.mutable_applicant() = e.applicant();
  *a.mutable_create_time() = *a.mutable_update_time() = ToTimestamp(now);
  RETURN_IF_ERROR(Issue(s).status());
  ams::credential::v1::CredentialIssued issued;
  issued.set_application(e.application());
  issued.set_account(a.name());
  issued.set_username(a.username());
  issued.set_kind(e.kind());
  *issued.mutable_applicant() = e.applicant();
  *issued.mutable_issue_time() = ToTimestamp(now);
  absl::Status saved =
      Save(std::nullopt, s, {MakeEvent("credential", id, issued, now, *random_)},
           {{"SET", UsernameKey(a.username()), id}, {"ZADD", kAccounts, Millis(now), id}});
  if (absl::IsAborted(saved)) return absl::UnavailableError("account written concurrently; retry");
  RETURN_IF_ERROR(saved);
  LogInfo("account created", {{"application", e.application()}, {"account", a.name()}});
  return MailPassword(id, inbox_mark);
}

absl::Status Credential::MailPassword(const std::string& id, const KvCommand& inbox_mark) {
  ASSIGN_OR_RETURN(std::optional<Stored> s, Load(id));
  std::vector<KvCommand> done = {{"ZREM", kPendingMail, id}};
  if (!inbox_mark.empty()) done.push_back(inbox_mark);
  std::vector<KvPrecondition> unchanged;
  if (s && !s->sealed_password.empty()) {
    unchanged.push_back({Key(id), "version", absl::StrCat(s->version)});  // not re-issued since
    ASSIGN_OR_RETURN(std::string password, Open(options_.seal_key, s->sealed_password));
    const pb::Account& a = s->account;
    MailMessage m;
    m.message_id = absl::StrCat("<credential.", id, ".", s->issue, "@ams.kebumenkab.go.id>");
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
    RETURN_IF_ERROR(mailer_->Send(m));
    done.push_back({"HDEL", Key(id), "sealed_password"});
    LogInfo("password mailed", {{"account", a.name()}, {"to", MaskEmail(m.to[0])}});
  }
  absl::Status forgotten = kv_->Transaction(done, unchanged).status();
  // Re-issued meanwhile: the new password's own mail follows.
  return absl::IsAborted(forgotten) ? absl::OkStatus() : forgotten;
}

absl::Status Credential::SendPendingMail() {
  ASSIGN_OR_RETURN(KvReply pending, kv_->Run({"ZRANGEBYSCORE", kPendingMail, "-inf", "+inf"}));
  for (const KvReply& id : pending.elements) RETURN_IF_ERROR(MailPassword(id.str, {}));
  return absl::OkStatus();
}

absl::StatusOr<pb::Session> Credential::NewSession(const Stored& s, absl::Time now) {
  const std::string token = absl::WebSafeBase64Escape(random_->Bytes(32));
  RETURN_IF_ERROR(
      kv_->Run({"SET", SessionKey(token), absl::StrCat(IdOf(s.account), "|", s.session_epoch), "PX",
                absl::StrCat(absl::ToInt64Milliseconds(options_.session_ttl))})
          .status());
  pb::Session session;
  session.set_token(token);
  *session.mutable_expire_time() = ToTimestamp(now + options_.session_ttl);
  session.set_password_change_required(s.account.state() ==
                                       pb::Account::STATE_PASSWORD_CHANGE_REQUIRED);
  return session;
}

absl::StatusOr<pb::LoginResponse> Credential::Login(const Principal& caller,
                                                    const pb::LoginRequest& r) {
  std::vector<FieldViolation> v;
  if (r.username().empty() || r.username().size() > 64) v.push_back({"username", "is required"});
  if (r.password().empty() || r.password().size() > 256) {
    v.push_back({"password", "is required (at most 256 characters)"});
  }
  if (!v.empty()) return InvalidFields(v);
  for (int attempt = 0; attempt < 5; ++attempt) {
    ASSIGN_OR_RETURN(std::optional<Stored> before, LoadByUsername(r.username()));
    if (!before) {
      hasher_->VerifyDecoy(r.password());
      return LoginFailed();
    }
    const absl::Time now = clock_->Now();
    const std::string id = IdOf(before->account);
    Stored after = *before;
    if (after.account.state() == pb::Account::STATE_LOCKED) {
      if (now < FromTimestamp(after.account.lock_expire_time())) {
        hasher_->VerifyDecoy(r.password());
        return WithReason(absl::UnauthenticatedError(absl::StrCat(
                              "the account is locked after repeated failures until ",
                              absl::FormatTime(FromTimestamp(after.account.lock_expire_time())))),
                          ERROR_REASON_ACCOUNT_LOCKED);
      }
      after.account.set_state(after.account.activate_time().seconds() > 0
                                  ? pb::Account::STATE_ACTIVE
                                  : pb::Account::STATE_PASSWORD_CHANGE_REQUIRED);
    }
    std::vector<EventEnvelope> events;
    const bool ok = hasher_->Verify(after.password_hash, r.password());
    if (ok) {
      after.failures = 0;
      ams::credential::v1::LoginSucceeded e;
      e.set_application(after.account.application());
      e.set_account(after.account.name());
      e.set_password_change_required(after.account.state() ==
                                     pb::Account::STATE_PASSWORD_CHANGE_REQUIRED);
      *e.mutable_login_time() = ToTimestamp(now);
      events.push_back(MakeEvent("credential", id, e, now, *random_));
    } else {
      ams::credential::v1::LoginFailed e;
      e.set_application(after.account.application());
      e.set_account(after.account.name());
      e.set_consecutive_failures(static_cast<int32_t>(++after.failures));
      *e.mutable_attempt_time() = ToTimestamp(now);
      events.push_back(MakeEvent("credential", id, e, now, *random_));
      if (after.failures >= options_.max_failures) {
        // Each lock doubles the last, up to the maximum.
        absl::Duration lock = options_.lock_base;
        for (int64_t i = 0; i < after.locks && lock < options_.lock_max; ++i) lock *= 2;
        lock = std::min(lock, options_.lock_max);
        ++after.locks;
        after.failures = 0;
        after.account.set_state(pb::Account::STATE_LOCKED);
        *after.account.mutable_lock_expire_time() = ToTimestamp(now + lock);
        ams::credential::v1::AccountLocked locked;
        locked.set_application(after.account.application());
        locked.set_account(after.account.name());
        *locked.mutable_lock_expire_time() = after.account.lock_expire_time();
        events.push_back(MakeEvent("credential", id, locked, now, *random_));
        LogWarning("account locked", {{"account", after.account.name()}, {"peer", caller.subject}});
      }
    }
    *after.account.mutable_update_time() = ToTimestamp(now);
    absl::Status saved = Save(before, after, std::move(events));
    if (absl::IsAborted(saved)) continue;  // a concurrent attempt: count again
    RETURN_IF_ERROR(saved);
    if (!ok) return LoginFailed();
    pb::LoginResponse response;
    ASSIGN_OR_RETURN(*response.mutable_session(), NewSession(after, now));
    *response.mutable_account() = after.account;
    return response;
  }
  return absl::AbortedError("the account keeps changing; retry");
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

absl::StatusOr<pb::ChangePasswordResponse> Credential::ChangePassword(
    const Principal&, const pb::ChangePasswordRequest& r) {
  if (r.new_password().size() > 256) {
    return InvalidFields({{"new_password", "is longer than 256 characters"}});
  }
  ASSIGN_OR_RETURN(Stored before, SessionAccount(r.session_token()));
  const std::string hash = RequestHash(r);
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
  RETURN_IF_ERROR(
      CheckNewPassword(r.new_password(), r.current_password(),
                       {before.account.username(), before.account.applicant().full_name()},
                       options_.min_password_length));
  const absl::Time now = clock_->Now();
  const std::string id = IdOf(before.account);
  Stored after = before;
  ASSIGN_OR_RETURN(after.password_hash, hasher_->Hash(r.new_password()));
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
  std::vector<KvCommand> extra;
  if (!r.request_id().empty()) extra.push_back(RecordRequest(Key(id), r.request_id(), hash));
  absl::Status saved = Save(before, after, std::move(events), std::move(extra));
  if (absl::IsAborted(saved)) return absl::AbortedError("the account changed meanwhile; retry");
  RETURN_IF_ERROR(saved);
  LogInfo("password changed", {{"account", after.account.name()}});
  pb::ChangePasswordResponse response;
  *response.mutable_account() = after.account;
  // The session goes on, no longer bound to a password change.
  ASSIGN_OR_RETURN(*response.mutable_session(), NewSession(after, now));
  RETURN_IF_ERROR(kv_->Run({"DEL", SessionKey(r.session_token())}).status());
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
  if (!IsOperator(caller)) return Denied("only operators and auditors read accounts");
  ASSIGN_OR_RETURN(Stored s, LoadNamed(r.name()));
  pb::GetAccountResponse response;
  *response.mutable_account() = s.account;
  return response;
}

absl::StatusOr<pb::ListAccountsResponse> Credential::List(const Principal& caller,
                                                          const pb::ListAccountsRequest& r) {
  if (!IsOperator(caller)) return Denied("only operators and auditors read accounts");
  std::vector<FieldViolation> v;
  if (r.page_size() < 0 || r.page_size() > kMaxPageSize) {
    v.push_back({"page_size", absl::StrCat("must be 0 to ", kMaxPageSize)});
  }
  int64_t offset = 0;
  if (!r.page_token().empty()) {
    std::string decoded;
    if (!absl::WebSafeBase64Unescape(r.page_token(), &decoded) ||
        !absl::SimpleAtoi(decoded, &offset) || offset < 0) {
      v.push_back({"page_token", "is not a token this service gave out"});
    }
  }
  if (!r.filter().empty()) v.push_back({"filter", "is not supported yet; leave it empty"});
  if (!v.empty()) return InvalidFields(v);
  const int64_t size = r.page_size() == 0 ? 20 : r.page_size();
  ASSIGN_OR_RETURN(KvReply ids, kv_->Run({"ZRANGEBYSCORE", kAccounts, "-inf", "+inf", "LIMIT",
                                          absl::StrCat(offset), absl::StrCat(size + 1)}));
  pb::ListAccountsResponse response;
  for (size_t i = 0; i < ids.elements.size() && static_cast<int64_t>(i) < size; ++i) {
    ASSIGN_OR_RETURN(std::optional<Stored> s, Load(ids.elements[i].str));
    if (s) *response.add_accounts() = s->account;
  }
  if (static_cast<int64_t>(ids.elements.size()) > size) {
    response.set_next_page_token(absl::WebSafeBase64Escape(absl::StrCat(offset + size)));
  }
  return response;
}

absl::StatusOr<pb::ResetCredentialResponse> Credential::Reset(const Principal& caller,
                                                              const pb::ResetCredentialRequest& r) {
  if (caller.role != Role::ROLE_BSRE_OP && caller.role != Role::ROLE_ADMIN) {
    return Denied("only a BSrE operator resets credentials");
  }
  ASSIGN_OR_RETURN(std::optional<Stored> before, LoadNamed(r.name()));
  const std::string hash = RequestHash(r);
  ASSIGN_OR_RETURN(bool retry, AlreadyApplied(before->request_hashes, r.request_id(), hash));
  pb::ResetCredentialResponse response;
  if (retry) {
    *response.mutable_account() = before->account;
    return response;
  }
  const absl::Time now = clock_->Now();
  const std::string id = IdOf(before->account);
  Stored after = *before;
  RETURN_IF_ERROR(Issue(after).status());
  *after.account.mutable_update_time() = ToTimestamp(now);
  ams::credential::v1::CredentialIssued issued;
  issued.set_application(after.account.application());
  issued.set_account(after.account.name());
  issued.set_username(after.account.username());
  *issued.mutable_applicant() = after.account.applicant();
  issued.set_reset(true);
  *issued.mutable_issue_time() = ToTimestamp(now);
  std::vector<KvCommand> extra;
  if (!r.request_id().empty()) extra.push_back(RecordRequest(Key(id), r.request_id(), hash));
  absl::Status saved =
      Save(before, after, {MakeEvent("credential", id, issued, now, *random_)}, std::move(extra));
  if (absl::IsAborted(saved)) return absl::AbortedError("the account changed meanwhile; retry");
  RETURN_IF_ERROR(saved);
  LogInfo("credential reset", {{"account", after.account.name()}, {"operator", caller.subject}});
  RETURN_IF_ERROR(MailPassword(id, {}));  // a failure here is retried by SendPendingMail
  *response.mutable_account() = after.account;
  return response;
}

}  // namespace ams::credential
