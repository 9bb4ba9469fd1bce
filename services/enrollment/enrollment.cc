#include "services/enrollment/enrollment.h"

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "ams/enrollment/v1/events.pb.h"
#include "common/cloud_event.h"
#include "common/field_rules.h"
#include "common/hashing.h"
#include "common/image_document.h"
#include "common/logging.h"
#include "common/page_token.h"
#include "common/pdf_document.h"
#include "common/rpc_status.h"
#include "common/status_macros.h"
#include "common/text_rules.h"
#include "common/versioned_record.h"
#include "re2/re2.h"

namespace ams::enrollment {
namespace {

using ams::type::v1::ERROR_REASON_NOT_FOUND;
using ams::type::v1::ERROR_REASON_PERMISSION_DENIED;
using ams::type::v1::ERROR_REASON_RATE_LIMITED;
using ams::type::v1::Role;
using Cause = ams::enrollment::v1::ActivationLinkIssued::Cause;

absl::Status Denied(absl::string_view who) {
  return WithReason(absl::PermissionDeniedError(absl::StrCat("only ", who)),
                    ERROR_REASON_PERMISSION_DENIED);
}

bool IsOperator(const Principal& p) {
  return p.role == Role::ROLE_BSRE_OP || p.role == Role::ROLE_DISKOMINFO_OP ||
         p.role == Role::ROLE_VERIFIER || p.role == Role::ROLE_AUDITOR ||
         p.role == Role::ROLE_ADMIN;
}

// "applications/{id}" or "identities/{id}" -> id.
absl::StatusOr<std::string> IdOf(const std::string& name, const std::string& field) {
  static const RE2* const pattern = new RE2(
      "(?:applications|identities)/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})");
  std::string id;
  if (!RE2::FullMatch(name, *pattern, &id)) {
    return InvalidFields({{field, "must be applications/{id} or identities/{id}"}});
  }
  return id;
}

// A username from the official e-mail's local part: lowercase letters, digits, . _ -
std::string UsernameFrom(const std::string& email) {
  std::string out;
  for (char c : email.substr(0, email.find('@'))) {
    c = absl::ascii_tolower(static_cast<unsigned char>(c));
    if (absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-') {
      out.push_back(c);
    }
  }
  return out.size() >= 3 ? out.substr(0, 32) : absl::StrCat("user.", out);
}

std::string Text(absl::string_view s) { return std::string(absl::StripAsciiWhitespace(s)); }

absl::StatusOr<int64_t> Offset(const std::string& token) {
  std::optional<int64_t> offset = PageOffset(token);
  if (!offset) return InvalidFields({{"page_token", kNotAPageToken}});
  return *offset;
}

std::string NextToken(int64_t offset, size_t got, int page_size) {
  return static_cast<int>(got) < page_size ? "" : PageToken(offset + got);
}

struct IdentityFilter {
  std::string application_id;
  pb::Identity::State state = pb::Identity::STATE_UNSPECIFIED;
};

// `application="applications/{id}"` and `state=STATE_…`, separated by spaces or " AND ".
absl::StatusOr<IdentityFilter> ParseIdentityFilter(const std::string& filter) {
  IdentityFilter f;
  for (absl::string_view term : absl::StrSplit(filter, ' ', absl::SkipWhitespace())) {
    if (term == "AND") continue;
    std::pair<absl::string_view, absl::string_view> kv =
        absl::StrSplit(term, absl::MaxSplits('=', 1));
    const std::string value(absl::StripSuffix(absl::StripPrefix(kv.second, "\""), "\""));
    if (kv.first == "application") {
      absl::StatusOr<std::string> id = IdOf(value, "filter");
      if (!id.ok()) return InvalidFields({{"filter", "application must be applications/{id}"}});
      f.application_id = *id;
    } else if (kv.first == "state" && pb::Identity::State_Parse(value, &f.state) &&
               f.state != pb::Identity::STATE_UNSPECIFIED) {
      continue;
    } else {
      return InvalidFields(
          {{"filter", absl::StrCat("\"", term,
                                   "\" is not supported; use application=\"applications/"
                                   "{id}\" or state=STATE_…")}});
    }
  }
  return f;
}

}  // namespace

Enrollment::Enrollment(RegistrationStore* store, MailOutbox* mail, EnrollmentOptions options,
                       Clock* clock, RandomSource* random)
    : store_(store), mail_(mail), options_(std::move(options)), clock_(clock), random_(random) {}

absl::Status Enrollment::OnForwarded(const ams::forwarding::v1::ApplicationForwarded& e,
                                     const KvWrites& inbox_mark) {
  ASSIGN_OR_RETURN(std::string id, IdOf(e.application(), "application"));
  ASSIGN_OR_RETURN(std::optional<Record> before, store_->Get(id));
  if (before && before->identity) return absl::OkStatus();  // registered already
  Record after = before.value_or(Record{});
  after.application_id = id;
  after.registration.set_application(e.application());
  after.registration.set_kind(e.kind());
  *after.registration.mutable_applicant() = e.applicant();
  *after.registration.mutable_forward_time() = e.forward_time();
  after.forwarded_by = e.forwarded_by();
  after.existing_account = e.existing_account();
  return store_->Put(before, after, {}, inbox_mark);
}

absl::Status Enrollment::IssueLinkAndOweMail(std::optional<Record> before, Record after,
                                             Cause cause, const std::string& reason,
                                             std::vector<EventEnvelope> events, KvWrites extra) {
  const absl::Time now = clock_->Now();
  IssuedLink link = IssueLink(*random_, options_.links, now);
  after.link_hash = link.token_hash;
  after.link = StoredLink{link.link_id, after.identity->name(), link.expire_time};
  ++after.links_issued;
  after.identity->set_state(cause == Cause::ActivationLinkIssued_Cause_CAUSE_CORRECTION
                                ? pb::Identity::STATE_CORRECTION_REQUESTED
                                : pb::Identity::STATE_AWAITING_ACTIVATION);
  *after.identity->mutable_link_expire_time() = ToTimestamp(link.expire_time);
  *after.identity->mutable_update_time() = ToTimestamp(now);

  const auto& a = after.registration.applicant();
  MailMessage m;
  m.message_id = MailMessageId("activation-link", after.application_id, after.links_issued);
  m.from = options_.mail_from;
  m.to = {a.official_email()};
  m.subject = "Link aktivasi akun AMS / AMS activation link";
  m.text_body = absl::StrCat(
      "Yth. ", a.full_name(), ",\n\n",
      reason.empty()
          ? ""
          : absl::StrCat("Data Anda perlu diperbaiki / your data needs correcting: ", reason,
                         "\n\n"),
      "Buka link berikut untuk melengkapi data akun AMS Anda (nama pengguna: ",
      after.identity->username(), ").\nOpen this link to complete your AMS account data:\n\n",
      link.url,
      "\n\nLink ini hanya dapat dipakai sekali dan berlaku sampai / single use, valid until ",
      absl::FormatTime("%Y-%m-%d %H:%M UTC", link.expire_time, absl::UTCTimeZone()), ".\n\n",
      "Status permohonan / application status: ", options_.status_base_url, "/",
      after.application_id, "\n");
  extra.Add(mail_->Owe(after.application_id, "activation-link", m));

  ams::enrollment::v1::ActivationLinkIssued issued;
  issued.set_application(after.registration.application());
  issued.set_identity(after.identity->name());
  issued.set_link_id(link.link_id);
  *issued.mutable_expire_time() = ToTimestamp(link.expire_time);
  issued.set_cause(cause);
  events.push_back(MakeEvent("enrollment", after.application_id, issued, now, *random_));
  RETURN_IF_ERROR(store_->Put(before, after, std::move(events), std::move(extra)));
  LogInfo("activation link owed", {{"application", after.registration.application()},
                                   {"link", link.link_id},
                                   {"to", MaskEmail(a.official_email())}});
  return absl::OkStatus();
}

absl::StatusOr<pb::RegisterIdentityResponse> Enrollment::Register(
    const Principal& caller, const pb::RegisterIdentityRequest& r) {
  if (caller.role != Role::ROLE_BSRE_OP) return Denied("a BSrE operator registers identities");
  ASSIGN_OR_RETURN(std::string id, IdOf(r.application(), "application"));
  static const RE2* const username_pattern = new RE2("[a-z][a-z0-9._-]{2,31}");
  if (!r.username().empty() && !RE2::FullMatch(r.username(), *username_pattern)) {
    return InvalidFields({{"username", "must be 3 to 32 of a-z 0-9 . _ - starting with a letter"}});
  }
  const std::string hash = RequestHash(r);
  // A retried request (same request_id) gets the first answer, even while the first runs.
  return RetryOnConflict("the registration", [&]() -> absl::StatusOr<pb::RegisterIdentityResponse> {
    ASSIGN_OR_RETURN(std::optional<Record> before, store_->Get(id));
    if (!before) {
      return WithReason(
          absl::NotFoundError(absl::StrCat(r.application(), " has not been forwarded to BSrE")),
          ERROR_REASON_NOT_FOUND);
    }
    ASSIGN_OR_RETURN(bool retry, AlreadyApplied(before->request_hashes, r.request_id(), hash));
    if (retry) {
      pb::RegisterIdentityResponse response;
      if (before->identity) *response.mutable_identity() = *before->identity;
      return response;
    }
    if (before->identity) {
      return WithReason(
          absl::FailedPreconditionError(absl::StrCat(r.application(), " is registered already as ",
                                                     before->identity->name())),
          ams::type::v1::ERROR_REASON_INVALID_STATE);
    }
    // A data update keeps the account's username; a new account gets a free one.
    std::string username = r.username();
    if (!before->existing_account.empty()) {
      username = std::string(absl::StripPrefix(before->existing_account, "accounts/"));
    } else {
      std::string base = username.empty()
                             ? UsernameFrom(before->registration.applicant().official_email())
                             : username;
      username = base;
      for (int n = 2;; ++n) {
        ASSIGN_OR_RETURN(bool mine, store_->ClaimUsername(username, id));
        if (mine) break;
        if (!r.username().empty() || n > 99) {
          return WithReason(
              absl::AlreadyExistsError(absl::StrCat("username ", username, " is taken")),
              ams::type::v1::ERROR_REASON_INVALID_STATE);
        }
        username = absl::StrCat(base, n);
      }
    }
    const absl::Time now = clock_->Now();
    Record after = *before;
    pb::Identity& identity = after.identity.emplace();
    identity.set_name(absl::StrCat("identities/", id));
    identity.set_application(after.registration.application());
    identity.set_username(username);
    *identity.mutable_applicant() = after.registration.applicant();
    *identity.mutable_registered_by() = caller.ToActor();
    *identity.mutable_create_time() = ToTimestamp(now);
    ams::enrollment::v1::IdentityRegistered registered;
    registered.set_application(identity.application());
    registered.set_identity(identity.name());
    registered.set_username(username);
    registered.set_kind(after.registration.kind());
    *registered.mutable_applicant() = identity.applicant();
    *registered.mutable_registered_by() = identity.registered_by();
    *registered.mutable_register_time() = identity.create_time();
    KvWrites extra;
    if (!r.request_id().empty())
      extra.commands.push_back(RecordRequest(RegistrationStore::Key(id), r.request_id(), hash));
    // ABORTED, a concurrent change (the same request retried at once): read again.
    RETURN_IF_ERROR(IssueLinkAndOweMail(
        before, after, Cause::ActivationLinkIssued_Cause_CAUSE_REGISTERED, "",
        {MakeEvent("enrollment", id, registered, now, *random_)}, std::move(extra)));
    ASSIGN_OR_RETURN(std::optional<Record> stored, store_->Get(id));
    pb::RegisterIdentityResponse response;
    *response.mutable_identity() = *stored->identity;
    return response;
  });
}

absl::StatusOr<pb::ResendActivationLinkResponse> Enrollment::Resend(
    const Principal& caller, const pb::ResendActivationLinkRequest& r) {
  if (caller.role != Role::ROLE_BSRE_OP) return Denied("a BSrE operator re-sends links");
  ASSIGN_OR_RETURN(std::string id, IdOf(r.name(), "name"));
  ASSIGN_OR_RETURN(std::optional<Record> before, store_->Get(id));
  if (!before || !before->identity) {
    return WithReason(absl::NotFoundError(absl::StrCat(r.name(), " is not registered")),
                      ERROR_REASON_NOT_FOUND);
  }
  const auto state = before->identity->state();
  if (state != pb::Identity::STATE_AWAITING_ACTIVATION &&
      state != pb::Identity::STATE_CORRECTION_REQUESTED) {
    return WithReason(
        absl::FailedPreconditionError(absl::StrCat("the applicant already submitted their data (",
                                                   pb::Identity::State_Name(state), ")")),
        ams::type::v1::ERROR_REASON_INVALID_STATE);
  }
  RETURN_IF_ERROR(IssueLinkAndOweMail(before, *before,
                                      Cause::ActivationLinkIssued_Cause_CAUSE_RESENT, "", {}, {}));
  ASSIGN_OR_RETURN(std::optional<Record> stored, store_->Get(id));
  pb::ResendActivationLinkResponse response;
  *response.mutable_identity() = *stored->identity;
  return response;
}

absl::StatusOr<std::optional<Record>> Enrollment::AwaitingDecision(const std::string& application) {
  ASSIGN_OR_RETURN(std::string id, IdOf(application, "application"));
  ASSIGN_OR_RETURN(std::optional<Record> record, store_->Get(id));
  if (!record || !record->identity) {
    return absl::InvalidArgumentError(absl::StrCat(application, " is not registered here"));
  }
  if (record->identity->state() != pb::Identity::STATE_SUBMITTED) return std::nullopt;
  return record;
}

absl::Status Enrollment::OnVerified(const ams::verification::v1::EnrollmentVerified& e,
                                    const KvWrites& inbox_mark) {
  ASSIGN_OR_RETURN(std::optional<Record> before, AwaitingDecision(e.application()));
  if (!before) return absl::OkStatus();  // decided already: a redelivery
  Record after = *before;
  after.identity->set_state(pb::Identity::STATE_VERIFIED);
  return store_->Put(before, after, {}, inbox_mark);
}

absl::Status Enrollment::OnRejected(const ams::verification::v1::EnrollmentRejected& e,
                                    const KvWrites& inbox_mark) {
  ASSIGN_OR_RETURN(std::optional<Record> before, AwaitingDecision(e.application()));
  if (!before) return absl::OkStatus();  // decided already: a redelivery
  std::string reason(
      absl::StripPrefix(ams::type::v1::ReasonCode_Name(e.reason().code()), "REASON_CODE_"));
  if (!e.reason().text().empty()) absl::StrAppend(&reason, ": ", e.reason().text());
  return IssueLinkAndOweMail(before, *before, Cause::ActivationLinkIssued_Cause_CAUSE_CORRECTION,
                             reason, {}, inbox_mark);
}

absl::StatusOr<Record> Enrollment::UsableRecord(const std::string& token) {
  const absl::Time now = clock_->Now();
  // Failures count per token and per identity, never per address: behind the gateway every
  // applicant shares one, and one person's typos must not lock the others out.
  const std::vector<std::string> by_token = {absl::StrCat("token:", TokenHash(token))};
  auto limited = [&](const std::vector<std::string>& counters) -> absl::StatusOr<bool> {
    for (const std::string& counter : counters) {
      ASSIGN_OR_RETURN(int64_t failures, store_->Failures(counter, now));
      if (failures >= options_.max_failures_per_minute) return true;
    }
    return false;
  };
  auto refuse = [&](const std::vector<std::string>& counters,
                    absl::Status why) -> absl::StatusOr<Record> {
    for (const std::string& counter : counters) {
      RETURN_IF_ERROR(store_->CountFailure(counter, now).status());
    }
    ASSIGN_OR_RETURN(bool over, limited(counters));
    if (!over) return why;
    return WithReason(absl::ResourceExhaustedError("too many attempts; wait a minute"),
                      ERROR_REASON_RATE_LIMITED);
  };
  ASSIGN_OR_RETURN(bool token_over, limited(by_token));
  if (token_over) {
    return WithReason(absl::ResourceExhaustedError("too many attempts; wait a minute"),
                      ERROR_REASON_RATE_LIMITED);
  }
  std::optional<Record> record;
  if (WellFormedToken(token)) {
    ASSIGN_OR_RETURN(record, store_->GetByTokenHash(TokenHash(token)));
  }
  absl::Status usable =
      CheckUsable(record ? std::optional<StoredLink>(record->link) : std::nullopt, now);
  if (usable.ok()) return *std::move(record);  // a live link is never refused for others' tries
  std::vector<std::string> counters = by_token;
  if (record) counters.push_back(absl::StrCat("identity:", record->application_id));
  return refuse(counters, usable);
}

absl::StatusOr<pb::GetActivationFormResponse> Enrollment::GetForm(
    const Principal&, const pb::GetActivationFormRequest& r) {
  ASSIGN_OR_RETURN(Record record, UsableRecord(r.token()));
  pb::GetActivationFormResponse response;
  *response.mutable_applicant() = record.registration.applicant();  // masked NIK/NIP already
  response.set_username(record.identity->username());
  *response.mutable_expire_time() = ToTimestamp(record.link.expire_time);
  response.set_max_image_bytes(static_cast<int64_t>(options_.max_image_bytes));
  response.set_max_decree_bytes(static_cast<int64_t>(options_.max_decree_bytes));
  return response;
}

absl::StatusOr<std::string> Enrollment::CheckDocumentContent(absl::string_view field,
                                                             const std::string& bytes) const {
  if (field == "appointment_decree_pdf") {
    RETURN_IF_ERROR(options_.pdf_checker->Check(bytes, options_.max_decree_bytes).status());
    return std::string("application/pdf");
  }
  return CheckImage(bytes, options_.max_image_bytes);
}

absl::StatusOr<pb::CheckActivationDocumentResponse> Enrollment::CheckDocument(
    const Principal&, const pb::CheckActivationDocumentRequest& r) {
  RETURN_IF_ERROR(UsableRecord(r.token()).status());
  if (r.field() != "ktp_image" && r.field() != "appointment_decree_pdf" &&
      r.field() != "specimen_signature_image") {
    return InvalidFields(
        {{"field", "must be ktp_image, appointment_decree_pdf or specimen_signature_image"}});
  }
  absl::StatusOr<std::string> media_type = CheckDocumentContent(r.field(), r.content());
  if (!media_type.ok())
    return InvalidFields({{"content", std::string(media_type.status().message())}});
  pb::CheckActivationDocumentResponse response;
  response.set_media_type(*media_type);
  return response;
}

absl::StatusOr<pb::SubmitActivationResponse> Enrollment::Submit(
    const Principal&, const pb::SubmitActivationRequest& r) {
  // The link first: an invalid one learns nothing about what else is wrong.
  ASSIGN_OR_RETURN(Record before, UsableRecord(r.token()));
  const pb::ActivationData& d = r.data();
  std::vector<FieldViolation> v;
  // Counted in characters, stored in NFC, no controls or bidirectional overrides.
  std::string address, city, province;
  for (auto [field, value, max, out] :
       {std::make_tuple("data.address", &d.address(), MaxChars("activation.address"), &address),
        std::make_tuple("data.city", &d.city(), MaxChars("activation.city"), &city),
        std::make_tuple("data.province", &d.province(), MaxChars("activation.province"),
                        &province)}) {
    absl::StatusOr<std::string> text = NormalizeText(Text(*value), max);
    if (text.ok()) {
      *out = *std::move(text);
    } else {
      v.push_back({field, std::string(text.status().message())});
    }
  }
  absl::StatusOr<std::string> ktp = CheckDocumentContent("ktp_image", d.ktp_image());
  if (!ktp.ok()) v.push_back({"data.ktp_image", std::string(ktp.status().message())});
  absl::StatusOr<std::string> specimen =
      CheckDocumentContent("specimen_signature_image", d.specimen_signature_image());
  if (!specimen.ok()) {
    v.push_back({"data.specimen_signature_image", std::string(specimen.status().message())});
  }
  absl::StatusOr<std::string> decree =
      CheckDocumentContent("appointment_decree_pdf", d.appointment_decree_pdf());
  if (!decree.ok()) {
    v.push_back({"data.appointment_decree_pdf", std::string(decree.status().message())});
  }
  if (!v.empty()) return InvalidFields(v);

  auto store_document = [&](const std::string& bytes, const std::string& media_type,
                            ams::type::v1::DocumentReference* ref) -> absl::Status {
    ref->set_sha256(Sha256Hex(bytes));
    ref->set_size_bytes(static_cast<int64_t>(bytes.size()));
    ref->set_media_type(media_type);
    return store_->PutDocument(ref->sha256(), bytes);
  };
  const absl::Time now = clock_->Now();
  ams::enrollment::v1::EnrollmentSubmitted e;
  RETURN_IF_ERROR(store_document(d.ktp_image(), *ktp, e.mutable_ktp_image()));
  RETURN_IF_ERROR(store_document(d.appointment_decree_pdf(), "application/pdf",
                                 e.mutable_appointment_decree()));
  RETURN_IF_ERROR(
      store_document(d.specimen_signature_image(), *specimen, e.mutable_specimen_signature()));
  Record after = before;
  after.link.used = true;  // single use
  after.identity->set_state(pb::Identity::STATE_SUBMITTED);
  *after.identity->mutable_update_time() = ToTimestamp(now);
  e.set_application(after.registration.application());
  e.set_identity(after.identity->name());
  e.set_username(after.identity->username());
  e.set_kind(after.registration.kind());
  *e.mutable_applicant() = after.registration.applicant();
  e.set_address(address);
  e.set_city(city);
  e.set_province(province);
  *e.mutable_registered_by() = after.identity->registered_by();
  *e.mutable_forwarded_by() = after.forwarded_by;
  e.set_existing_account(after.existing_account);
  *e.mutable_submit_time() = ToTimestamp(now);
  // The version check makes the link single use even under concurrent submissions.
  absl::Status put =
      store_->Put(before, after, {MakeEvent("enrollment", after.application_id, e, now, *random_)});
  if (absl::IsAborted(put)) return CheckUsable(std::nullopt, now);
  RETURN_IF_ERROR(put);
  pb::SubmitActivationResponse response;
  *response.mutable_identity() = *after.identity;
  return response;
}

absl::StatusOr<pb::ListPendingRegistrationsResponse> Enrollment::ListPending(
    const Principal& caller, const pb::ListPendingRegistrationsRequest& r) {
  if (!IsOperator(caller)) return Denied("operators see pending registrations");
  const int page_size = r.page_size() <= 0 || r.page_size() > 100 ? 20 : r.page_size();
  ASSIGN_OR_RETURN(int64_t offset, Offset(r.page_token()));
  ASSIGN_OR_RETURN(std::vector<std::string> ids, store_->Page("pending", offset, page_size));
  pb::ListPendingRegistrationsResponse response;
  for (const std::string& id : ids) {
    ASSIGN_OR_RETURN(std::optional<Record> rec, store_->Get(id));
    if (rec && !rec->identity) *response.add_pending_registrations() = rec->registration;
  }
  response.set_next_page_token(NextToken(offset, ids.size(), page_size));
  return response;
}

absl::StatusOr<pb::GetIdentityResponse> Enrollment::GetIdentity(const Principal& caller,
                                                                const pb::GetIdentityRequest& r) {
  if (!IsOperator(caller)) return Denied("operators see identities");
  ASSIGN_OR_RETURN(std::string id, IdOf(r.name(), "name"));
  ASSIGN_OR_RETURN(std::optional<Record> rec, store_->Get(id));
  if (!rec || !rec->identity) {
    return WithReason(absl::NotFoundError(absl::StrCat(r.name(), " is not registered")),
                      ERROR_REASON_NOT_FOUND);
  }
  pb::GetIdentityResponse response;
  *response.mutable_identity() = *rec->identity;
  return response;
}

absl::StatusOr<pb::GetDocumentResponse> Enrollment::GetDocument(const Principal& caller,
                                                                const pb::GetDocumentRequest& r) {
  if (caller.role != Role::ROLE_VERIFIER && caller.role != Role::ROLE_AUDITOR &&
      caller.role != Role::ROLE_ADMIN) {
    return Denied("verifiers, auditors and admins see the applicants' documents");
  }
  static const RE2* const kSha256 = new RE2("[0-9a-f]{64}");
  if (!RE2::FullMatch(r.sha256(), *kSha256)) {
    return InvalidFields({{"sha256", "must be 64 lowercase hex digits"}});
  }
  ASSIGN_OR_RETURN(std::optional<std::string> bytes, store_->GetDocument(r.sha256()));
  if (!bytes) {
    return WithReason(absl::NotFoundError("no document has this hash"), ERROR_REASON_NOT_FOUND);
  }
  pb::GetDocumentResponse response;
  // Only what passed the checks at upload is stored: a PDF, or a JPEG or PNG (CheckImage).
  if (absl::StartsWith(*bytes, "%PDF-")) {
    response.set_media_type("application/pdf");
  } else {
    ASSIGN_OR_RETURN(std::string image, CheckImage(*bytes, bytes->size()));
    response.set_media_type(image);
  }
  response.set_data(*std::move(bytes));
  return response;
}

absl::StatusOr<pb::ListIdentitiesResponse> Enrollment::ListIdentities(
    const Principal& caller, const pb::ListIdentitiesRequest& r) {
  if (!IsOperator(caller)) return Denied("operators see identities");
  const int page_size = r.page_size() <= 0 || r.page_size() > 100 ? 20 : r.page_size();
  ASSIGN_OR_RETURN(int64_t offset, Offset(r.page_token()));
  ASSIGN_OR_RETURN(IdentityFilter filter, ParseIdentityFilter(r.filter()));
  pb::ListIdentitiesResponse response;
  auto keep = [&](const std::optional<Record>& rec) {
    if (rec && rec->identity &&
        (filter.state == pb::Identity::STATE_UNSPECIFIED ||
         rec->identity->state() == filter.state)) {
      *response.add_identities() = *rec->identity;
    }
  };
  if (!filter.application_id.empty()) {  // one application has one identity at most
    ASSIGN_OR_RETURN(std::optional<Record> rec, store_->Get(filter.application_id));
    keep(rec);
    return response;
  }
  ASSIGN_OR_RETURN(std::vector<std::string> ids, store_->Page("identities", offset, page_size));
  for (const std::string& id : ids) {
    ASSIGN_OR_RETURN(std::optional<Record> rec, store_->Get(id));
    keep(rec);
  }
  response.set_next_page_token(NextToken(offset, ids.size(), page_size));
  return response;
}

absl::StatusOr<int> Enrollment::OweReminders() {
  int owed = 0;
  const absl::Time now = clock_->Now();
  for (int64_t offset = 0;; offset += 200) {
    ASSIGN_OR_RETURN(std::vector<std::string> ids, store_->Page("identities", offset, 200));
    for (const std::string& id : ids) {
      ASSIGN_OR_RETURN(std::optional<Record> rec, store_->Get(id));
      if (!rec || !rec->link_hash || !ReminderDue(rec->link, now, options_.links)) continue;
      const auto& a = rec->registration.applicant();
      MailMessage m;
      m.message_id = MailMessageId("reminder", id, rec->links_issued);
      m.from = options_.mail_from;
      m.to = {a.official_email()};
      m.subject = "Pengingat: link aktivasi AMS segera kedaluwarsa / activation link expires soon";
      m.text_body = absl::StrCat(
          "Yth. ", a.full_name(), ",\n\nLink aktivasi akun AMS Anda (nama pengguna ",
          rec->identity->username(), ") berlaku sampai ",
          absl::FormatTime("%Y-%m-%d %H:%M UTC", rec->link.expire_time, absl::UTCTimeZone()),
          ".\nGunakan link dari e-mail aktivasi sebelumnya, atau minta link baru kepada operator"
          " BSrE.\nUse the link in the earlier activation mail before then, or ask the BSrE "
          "operator for a new one.\n\nStatus permohonan / application status: ",
          options_.status_base_url, "/", id, "\n");
      Record after = *rec;
      after.link.reminded = true;
      // Under the record's version: of replicas owing the same reminder, one commits.
      absl::Status put = store_->Put(rec, after, {}, mail_->Owe(id, "reminder", m));
      if (absl::IsAborted(put)) continue;
      RETURN_IF_ERROR(put);
      ++owed;
    }
    if (ids.size() < 200) return owed;
  }
}

}  // namespace ams::enrollment
