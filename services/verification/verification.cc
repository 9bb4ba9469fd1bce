#include "services/verification/verification.h"

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "ams/verification/v1/events.pb.h"
#include "common/cloud_event.h"
#include "common/hashing.h"
#include "common/logging.h"
#include "common/page_token.h"
#include "common/rpc_status.h"
#include "common/status_macros.h"
#include "common/versioned_record.h"
#include "re2/re2.h"

namespace ams::verification {
namespace {

using ams::type::v1::ERROR_REASON_INVALID_STATE;
using ams::type::v1::ERROR_REASON_NOT_FOUND;
using ams::type::v1::ERROR_REASON_PERMISSION_DENIED;
using ams::type::v1::Role;

std::string Key(const std::string& id) { return TaggedKey("verification", id, "case"); }
std::string NikKey(const std::string& fp) { return absl::StrCat("verification:nik:", fp); }

absl::StatusOr<std::string> IdOf(const std::string& name, const std::string& field) {
  static const RE2* const pattern = new RE2(
      "(?:cases|applications)/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})");
  std::string id;
  if (!RE2::FullMatch(name, *pattern, &id)) return InvalidFields({{field, "must be cases/{id}"}});
  return id;
}

bool MayDecide(const Principal& p) {
  return p.role == Role::ROLE_VERIFIER || p.role == Role::ROLE_DISKOMINFO_OP ||
         p.role == Role::ROLE_BSRE_OP;
}

bool MayRead(const Principal& p) {
  return MayDecide(p) || p.role == Role::ROLE_AUDITOR || p.role == Role::ROLE_ADMIN;
}

absl::Status Denied(absl::string_view why) {
  return WithReason(absl::PermissionDeniedError(why), ERROR_REASON_PERMISSION_DENIED);
}

}  // namespace

Verification::Verification(KvStore* kv, Outbox* outbox, ApplicationSource* applications,
                           VerificationOptions options, Clock* clock, RandomSource* random)
    : kv_(kv),
      outbox_(outbox),
      applications_(applications),
      options_(std::move(options)),
      clock_(clock),
      random_(random) {}

absl::StatusOr<std::optional<Verification::Stored>> Verification::Load(const std::string& id) {
  ASSIGN_OR_RETURN(KvReply reply, kv_->Run({"HGETALL", Key(id)}));
  std::optional<Stored> s;
  for (auto& [field, value] : HashPairs(reply)) {
    if (!s) s.emplace();
    bool ok = true;
    if (field == "proto") ok = s->verification_case.ParseFromString(value);
    if (field == "forwarded_by") ok = s->forwarded_by.ParseFromString(value);
    if (field == "registered_by") ok = s->registered_by.ParseFromString(value);
    if (field == "nik_fingerprint") s->nik_fingerprint = value;
    if (field == "submitted") s->submitted = value;
    if (field == "version") absl::SimpleAtoi(value, &s->version);
    CollectRequestField(field, value, s->request_hashes);
    if (!ok) return absl::DataLossError(absl::StrCat("case ", id, " is unreadable"));
  }
  return s;
}

absl::Status Verification::Save(const std::optional<Stored>& before, const Stored& after,
                                std::vector<EventEnvelope> events, KvWrites extra) {
  const std::string id(absl::StripPrefix(after.verification_case.name(), "cases/"));
  extra.Add(VersionedWrite(Key(id), before ? before->version : 0,
                           {"proto", after.verification_case.SerializeAsString(), "forwarded_by",
                            after.forwarded_by.SerializeAsString(), "registered_by",
                            after.registered_by.SerializeAsString(), "nik_fingerprint",
                            after.nik_fingerprint, "submitted", after.submitted}));
  const auto& t = after.verification_case.create_time();
  extra.commands.push_back({"ZADD", "verification:cases", "NX",
                            absl::StrCat(t.seconds() * 1000 + t.nanos() / 1000000), id});
  return outbox_->Commit(id, std::move(extra), events).status();
}

absl::Status Verification::OnSubmitted(const ams::enrollment::v1::EnrollmentSubmitted& e,
                                       const KvWrites& inbox_mark) {
  ASSIGN_OR_RETURN(std::string id, IdOf(e.application(), "application"));
  ASSIGN_OR_RETURN(std::optional<Stored> before, Load(id));
  // Intake down is retried (UNAVAILABLE); anything else about the application is poison.
  ASSIGN_OR_RETURN(ams::intake::v1::Application application, applications_->Get(e.application()));
  const std::string& fp = e.applicant().nik_fingerprint();
  std::string active_elsewhere;
  if (!fp.empty()) {
    ASSIGN_OR_RETURN(KvReply holder, kv_->Run({"GET", NikKey(fp)}));
    // A data update of the holder's own account is not a duplicate.
    if (!holder.is_nil() && holder.str != id &&
        e.kind() != ams::type::v1::APPLICATION_KIND_DATA_UPDATE) {
      active_elsewhere = absl::StrCat("applications/", holder.str);
    }
  }
  const absl::Time now = clock_->Now();
  CheckResult checks = RunChecks({&application, &e, active_elsewhere, options_.email_domains,
                                  absl::ToCivilDay(now, absl::UTCTimeZone())});
  Stored after;
  pb::VerificationCase& c = after.verification_case;
  c.set_name(absl::StrCat("cases/", id));
  c.set_application(e.application());
  c.set_identity(e.identity());
  c.set_username(e.username());
  *c.mutable_applicant() = e.applicant();
  if (application.has_existing_account_applicant()) {
    *c.mutable_previous_applicant() = application.existing_account_applicant();
  }
  c.set_state(pb::VerificationCase::STATE_OPEN);
  for (AutomatedCheck& check : checks.checks) *c.add_checks() = std::move(check);
  for (FieldDifference& d : checks.differences) *c.add_differences() = std::move(d);
  *c.mutable_create_time() = before ? before->verification_case.create_time() : ToTimestamp(now);
  *c.mutable_forwarded_by() = e.forwarded_by();
  *c.mutable_registered_by() = e.registered_by();
  *c.mutable_ktp_image() = e.ktp_image();
  *c.mutable_appointment_decree() = e.appointment_decree();
  *c.mutable_specimen_signature() = e.specimen_signature();
  after.forwarded_by = e.forwarded_by();
  after.registered_by = e.registered_by();
  after.nik_fingerprint = fp;
  after.submitted = e.SerializeAsString();
  if (before) after.request_hashes = before->request_hashes;
  RETURN_IF_ERROR(Save(before, after, {}, inbox_mark));
  LogInfo("verification case opened",
          {{"application", e.application()}, {"failed_checks", checks.any_failed ? "yes" : "no"}});
  return absl::OkStatus();
}

absl::StatusOr<pb::VerificationCase> Verification::Decide(
    const Principal& caller, const std::string& name, const std::string& request_id,
    const google::protobuf::Message& request, bool approve,
    const std::function<void(Stored&, std::vector<EventEnvelope>&)>& decide) {
  if (!MayDecide(caller)) return Denied("only an operator verifies enrollments");
  ASSIGN_OR_RETURN(std::string id, IdOf(name, "name"));
  const std::string hash = RequestHash(request);
  return RetryOnConflict("the case", [&]() -> absl::StatusOr<pb::VerificationCase> {
    ASSIGN_OR_RETURN(std::optional<Stored> before, Load(id));
    if (!before) {
      return WithReason(absl::NotFoundError(absl::StrCat(name, " does not exist")),
                        ERROR_REASON_NOT_FOUND);
    }
    ASSIGN_OR_RETURN(bool retry, AlreadyApplied(before->request_hashes, request_id, hash));
    if (retry) return before->verification_case;  // the decision stands
    KvWrites extra;
    if (!request_id.empty()) extra.commands.push_back(RecordRequest(Key(id), request_id, hash));
    const pb::VerificationCase& c = before->verification_case;
    if (c.state() != pb::VerificationCase::STATE_OPEN) {
      return WithReason(absl::FailedPreconditionError(absl::StrCat(
                            name, " is ", pb::VerificationCase::State_Name(c.state()))),
                        ERROR_REASON_INVALID_STATE);
    }
    if (options_.separation_of_duties && (caller.subject == before->forwarded_by.subject() ||
                                          caller.subject == before->registered_by.subject())) {
      return WithReason(absl::PermissionDeniedError(
                            "separation of duties: you forwarded or registered this application"),
                        ams::type::v1::ERROR_REASON_SEPARATION_OF_DUTIES);
    }
    if (approve) {
      for (const AutomatedCheck& check : c.checks()) {
        if (check.outcome() == AutomatedCheck::OUTCOME_FAILED) {
          return WithReason(absl::FailedPreconditionError(absl::StrCat(
                                "the automated check ", check.check(), " failed: ", check.detail(),
                                "; reject with a reason instead")),
                            ERROR_REASON_INVALID_STATE, {{"check", check.check()}});
        }
      }
    }
    Stored after = *before;
    *after.verification_case.mutable_decided_by() = caller.ToActor();
    *after.verification_case.mutable_decide_time() = ToTimestamp(clock_->Now());
    std::vector<EventEnvelope> events;
    decide(after, events);
    // ABORTED, a concurrent decision: read again.
    RETURN_IF_ERROR(Save(before, after, std::move(events), std::move(extra)));
    return after.verification_case;
  });
}

absl::StatusOr<pb::ApproveEnrollmentResponse> Verification::Approve(
    const Principal& caller, const pb::ApproveEnrollmentRequest& r) {
  ASSIGN_OR_RETURN(pb::VerificationCase c,
                   Decide(caller, r.name(), r.request_id(), r, true,
                          [&](Stored& s, std::vector<EventEnvelope>& events) {
                            pb::VerificationCase& c = s.verification_case;
                            c.set_state(pb::VerificationCase::STATE_APPROVED);
                            ams::enrollment::v1::EnrollmentSubmitted submitted;
                            submitted.ParseFromString(s.submitted);
                            ams::verification::v1::EnrollmentVerified v;
                            v.set_application(c.application());
                            v.set_verification_case(c.name());
                            v.set_identity(c.identity());
                            v.set_username(c.username());
                            v.set_kind(submitted.kind());
                            *v.mutable_applicant() = c.applicant();
                            v.set_existing_account(submitted.existing_account());
                            *v.mutable_verifier() = c.decided_by();
                            *v.mutable_verify_time() = c.decide_time();
                            events.push_back(MakeEvent(
                                "verification", std::string(absl::StripPrefix(c.name(), "cases/")),
                                v, clock_->Now(), *random_));
                          }));
  // The NIK now has an active account (set after the decision; a retry sets it again).
  const std::string id(absl::StripPrefix(c.name(), "cases/"));
  ASSIGN_OR_RETURN(std::optional<Stored> stored, Load(id));
  if (stored && !stored->nik_fingerprint.empty()) {
    RETURN_IF_ERROR(kv_->Run({"SET", NikKey(stored->nik_fingerprint), id}).status());
  }
  pb::ApproveEnrollmentResponse response;
  *response.mutable_verification_case() = std::move(c);
  return response;
}

absl::StatusOr<pb::RejectEnrollmentResponse> Verification::Reject(
    const Principal& caller, const pb::RejectEnrollmentRequest& r) {
  std::vector<FieldViolation> v;
  if (r.reason().code() == ams::type::v1::REASON_CODE_UNSPECIFIED) {
    v.push_back({"reason.code", "say why: a REASON_CODE_… value"});
  }
  if (r.reason().code() == ams::type::v1::REASON_CODE_OTHER &&
      absl::StripAsciiWhitespace(r.reason().text()).empty()) {
    v.push_back({"reason.text", "is required when the code is OTHER"});
  }
  if (r.reason().text().size() > 1000)
    v.push_back({"reason.text", "is longer than 1000 characters"});
  if (!v.empty()) return InvalidFields(v);
  ASSIGN_OR_RETURN(pb::VerificationCase c,
                   Decide(caller, r.name(), r.request_id(), r, false,
                          [&](Stored& s, std::vector<EventEnvelope>& events) {
                            pb::VerificationCase& c = s.verification_case;
                            c.set_state(pb::VerificationCase::STATE_REJECTED);
                            *c.mutable_rejection_reason() = r.reason();
                            ams::verification::v1::EnrollmentRejected e;
                            e.set_application(c.application());
                            e.set_verification_case(c.name());
                            e.set_identity(c.identity());
                            *e.mutable_reason() = r.reason();
                            *e.mutable_verifier() = c.decided_by();
                            *e.mutable_reject_time() = c.decide_time();
                            events.push_back(MakeEvent(
                                "verification", std::string(absl::StripPrefix(c.name(), "cases/")),
                                e, clock_->Now(), *random_));
                          }));
  pb::RejectEnrollmentResponse response;
  *response.mutable_verification_case() = std::move(c);
  return response;
}

absl::StatusOr<pb::GetCaseResponse> Verification::Get(const Principal& caller,
                                                      const pb::GetCaseRequest& r) {
  if (!MayRead(caller)) return Denied("only operators see verification cases");
  ASSIGN_OR_RETURN(std::string id, IdOf(r.name(), "name"));
  ASSIGN_OR_RETURN(std::optional<Stored> s, Load(id));
  if (!s) {
    return WithReason(absl::NotFoundError(absl::StrCat(r.name(), " does not exist")),
                      ERROR_REASON_NOT_FOUND);
  }
  pb::GetCaseResponse response;
  *response.mutable_verification_case() = std::move(s->verification_case);
  return response;
}

absl::StatusOr<pb::ListCasesResponse> Verification::List(const Principal& caller,
                                                         const pb::ListCasesRequest& r) {
  if (!MayRead(caller)) return Denied("only operators see verification cases");
  pb::VerificationCase::State state = pb::VerificationCase::STATE_OPEN;
  bool only_failed = false;
  std::string agency;
  for (absl::string_view term : absl::StrSplit(r.filter(), " AND ", absl::SkipWhitespace())) {
    std::pair<std::string, std::string> kv = absl::StrSplit(term, absl::MaxSplits('=', 1));
    std::string key(absl::StripAsciiWhitespace(kv.first)),
        value(absl::StripAsciiWhitespace(kv.second));
    if (key == "state" && value == "*") {
      state = pb::VerificationCase::STATE_UNSPECIFIED;
    } else if (key == "state" && pb::VerificationCase::State_Parse(value, &state)) {
    } else if (key == "check_failed" && (value == "true" || value == "false")) {
      only_failed = value == "true";
    } else if (key == "agency" && !value.empty()) {
      agency = value;
    } else {
      return InvalidFields({{"filter", absl::StrCat("\"", term,
                                                    "\" is not state=, agency= or "
                                                    "check_failed=")}});
    }
  }
  const int page_size = r.page_size() <= 0 || r.page_size() > 100 ? 20 : r.page_size();
  const std::optional<int64_t> token_offset = PageOffset(r.page_token());
  if (!token_offset) return InvalidFields({{"page_token", kNotAPageToken}});
  int64_t offset = *token_offset;
  pb::ListCasesResponse response;
  while (response.cases_size() < page_size) {
    ASSIGN_OR_RETURN(KvReply ids, kv_->Run({"ZRANGEBYSCORE", "verification:cases", "-inf", "+inf",
                                            "LIMIT", absl::StrCat(offset), "100"}));
    if (ids.elements.empty()) return response;
    for (const KvReply& id : ids.elements) {
      ++offset;
      ASSIGN_OR_RETURN(std::optional<Stored> s, Load(id.str));
      if (!s) continue;
      const pb::VerificationCase& c = s->verification_case;
      bool failed = false;
      for (const auto& check : c.checks())
        failed |= check.outcome() == AutomatedCheck::OUTCOME_FAILED;
      if ((state != pb::VerificationCase::STATE_UNSPECIFIED && c.state() != state) ||
          (only_failed && !failed) || (!agency.empty() && c.applicant().agency() != agency)) {
        continue;
      }
      *response.add_cases() = c;
      if (response.cases_size() == page_size) {
        response.set_next_page_token(PageToken(offset));
        return response;
      }
    }
  }
  return response;
}

}  // namespace ams::verification
