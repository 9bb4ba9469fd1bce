#include "services/intake/intake.h"

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "common/hashing.h"
#include "common/logging.h"
#include "common/page_token.h"
#include "common/status_macros.h"
#include "common/versioned_record.h"
#include "google/protobuf/util/time_util.h"

namespace ams::intake {
namespace {

using ams::type::v1::ERROR_REASON_NOT_FOUND;
using ams::type::v1::ERROR_REASON_PERMISSION_DENIED;
using ams::type::v1::Role;

constexpr int kDefaultPageSize = 20;
constexpr int kMaxPageSize = 100;

// Parses "state=STATE_RETURNED AND agency=agencies/x AND create_time>=2026-01-01T00:00:00Z".
absl::Status ParseFilter(const std::string& filter, ListQuery& q) {
  if (absl::StripAsciiWhitespace(filter).empty()) return absl::OkStatus();
  for (absl::string_view term : absl::StrSplit(filter, " AND ")) {
    term = absl::StripAsciiWhitespace(term);
    std::string op;
    size_t at = std::string::npos;
    for (const char* candidate : {">=", "<", "="}) {
      at = term.find(candidate);
      if (at != absl::string_view::npos) {
        op = candidate;
        break;
      }
    }
    if (op.empty()) return InvalidFields({{"filter", absl::StrCat("cannot read \"", term, "\"")}});
    std::string key(absl::StripAsciiWhitespace(term.substr(0, at)));
    std::string value(absl::StripAsciiWhitespace(term.substr(at + op.size())));
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
      value = value.substr(1, value.size() - 2);
    }
    if (key == "state" && op == "=") {
      if (!Application::State_Parse(value, &q.state)) {
        return InvalidFields({{"filter", absl::StrCat("unknown state \"", value, "\"")}});
      }
    } else if (key == "agency" && op == "=") {
      q.agency = value;
    } else if (key == "create_time" && op != "=") {
      google::protobuf::Timestamp ts;
      if (!google::protobuf::util::TimeUtil::FromString(value, &ts)) {
        return InvalidFields({{"filter", absl::StrCat("\"", value, "\" is not an RFC 3339 time")}});
      }
      absl::Time t = FromTimestamp(ts);
      (op == ">=" ? q.from : q.to) = t;
    } else {
      return InvalidFields({{"filter", absl::StrCat("\"", term,
                                                    "\" is not supported; use state=, "
                                                    "agency=, create_time>= or create_time<")}});
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status RequireAgency(const Principal& caller) {
  if (caller.role == ams::type::v1::ROLE_AGENCY) return absl::OkStatus();
  return WithReason(absl::PermissionDeniedError("only an agency's own system changes its "
                                                "applications"),
                    ERROR_REASON_PERMISSION_DENIED);
}

Intake::Intake(ApplicationStore* store, IntakeRules rules, std::string nik_key, Clock* clock,
               RandomSource* random)
    : store_(store),
      rules_(std::move(rules)),
      nik_key_(std::move(nik_key)),
      clock_(clock),
      random_(random) {}

absl::Status MayRead(const Principal& caller, Reading what) {
  // An agency reads its own applications only: Load hides the others.
  if (caller.role == Role::ROLE_AGENCY || IsPersonRole(caller.role)) return absl::OkStatus();
  switch (caller.role) {
    case Role::ROLE_SERVICE_APPLICATION_READER:
      if (what == Reading::kApplication) return absl::OkStatus();
      break;
    case Role::ROLE_SERVICE_LETTER_READER:
      if (what == Reading::kLetter) return absl::OkStatus();
      break;
    default:
      break;
  }
  return WithReason(absl::PermissionDeniedError("this key's role may not read that"),
                    ERROR_REASON_PERMISSION_DENIED);
}

absl::StatusOr<StoredApplication> Intake::Load(const Principal& caller, const std::string& name,
                                               Reading what) {
  RETURN_IF_ERROR(MayRead(caller, what));
  ASSIGN_OR_RETURN(std::string id, ParseApplicationName(name, "name"));
  ASSIGN_OR_RETURN(std::optional<StoredApplication> stored, store_->Get(id));
  // Another agency's application is answered as if it did not exist: a caller learns nothing
  // of what it may not see.
  if (!stored || (caller.role == Role::ROLE_AGENCY &&
                  stored->application.applicant().agency() != caller.agency)) {
    return WithReason(absl::NotFoundError(absl::StrCat(name, " does not exist")),
                      ERROR_REASON_NOT_FOUND);
  }
  return *std::move(stored);
}

absl::StatusOr<pb::SubmitApplicationResponse> Intake::Submit(
    const Principal& caller, const pb::SubmitApplicationRequest& r) {
  RETURN_IF_ERROR(RequireAgency(caller));
  const absl::Time now = clock_->Now();
  ASSIGN_OR_RETURN(CheckedLetter letter,
                   CheckSubmission(r, caller, rules_, absl::ToCivilDay(now, absl::UTCTimeZone())));
  const std::string id = ApplicationIdFor(caller.agency, r.request_id());
  if (r.validate_only()) {
    pb::SubmitApplicationResponse response;
    *response.mutable_application() = NewApplication(id, r, letter, now);
    return response;
  }
  const std::string request_hash = RequestHash(r);
  // A retry: the first attempt's application answers it.
  auto replay = [&]() -> absl::StatusOr<std::optional<pb::SubmitApplicationResponse>> {
    if (r.request_id().empty()) return std::nullopt;
    ASSIGN_OR_RETURN(std::optional<StoredApplication> existing, store_->Get(id));
    if (!existing) return std::nullopt;
    RequestHashes seen = {{r.request_id(), existing->request_hash}};
    RETURN_IF_ERROR(AlreadyApplied(seen, r.request_id(), request_hash).status());
    pb::SubmitApplicationResponse response;
    *response.mutable_application() = existing->application;
    return response;
  };
  ASSIGN_OR_RETURN(auto replayed, replay());
  if (replayed) return *replayed;

  const std::string fingerprint = HmacSha256Hex(nik_key_, r.applicant().nik());
  Application app = NewApplication(id, r, letter, now);
  if (r.kind() == ams::type::v1::APPLICATION_KIND_DATA_UPDATE) {
    // Only the account's own person may change it: the same answer for an account that does
    // not exist and one of somebody else, so nothing is learnt about other people's accounts.
    const std::string username(absl::StripPrefix(r.existing_account(), "accounts/"));
    ASSIGN_OR_RETURN(std::optional<ams::type::v1::ApplicantSummary> holder,
                     store_->GetAccountHolder(username));
    if (!holder || holder->nik_fingerprint() != fingerprint) {
      return InvalidFields({{"existing_account",
                             "is not an account of this applicant (NIK): a data update changes "
                             "only the applicant's own account"}});
    }
    *app.mutable_existing_account_applicant() = *std::move(holder);
  }
  EventEnvelope submitted =
      MakeEvent("intake", id, SubmittedEvent(app, fingerprint), now, *random_);
  absl::Status created =
      store_->Create(app, r.recommendation_letter().pdf(), fingerprint, request_hash, submitted);
  if (absl::IsAborted(created) && !r.request_id().empty()) {
    ASSIGN_OR_RETURN(replayed, replay());  // a concurrent retry won
    if (replayed) return *replayed;
  }
  RETURN_IF_ERROR(created);
  LogInfo("application submitted",
          {{"application", app.name()},
           {"agency", caller.agency},
           {"nik", MaskNik(r.applicant().nik())},
           {"letter_signature", ams::type::v1::SignatureCheck::Outcome_Name(
                                    app.recommendation_letter().signature().outcome())}});
  pb::SubmitApplicationResponse response;
  *response.mutable_application() = std::move(app);
  return response;
}

absl::StatusOr<pb::GetApplicationResponse> Intake::Get(const Principal& caller,
                                                       const pb::GetApplicationRequest& r) {
  ASSIGN_OR_RETURN(StoredApplication stored, Load(caller, r.name(), Reading::kApplication));
  pb::GetApplicationResponse response;
  *response.mutable_application() = std::move(stored.application);
  return response;
}

absl::StatusOr<pb::ListApplicationsResponse> Intake::List(const Principal& caller,
                                                          const pb::ListApplicationsRequest& r) {
  RETURN_IF_ERROR(MayRead(caller, Reading::kList));
  ListQuery q;
  std::vector<FieldViolation> v;
  if (r.page_size() < 0 || r.page_size() > kMaxPageSize) {
    v.push_back({"page_size", absl::StrCat("must be 0 to ", kMaxPageSize)});
  }
  q.page_size = r.page_size() == 0 ? kDefaultPageSize : r.page_size();
  if (std::optional<int64_t> offset = PageOffset(r.page_token())) {
    q.offset = *offset;
  } else {
    v.push_back({"page_token", kNotAPageToken});
  }
  if (!v.empty()) return InvalidFields(v);
  RETURN_IF_ERROR(ParseFilter(r.filter(), q));
  if (caller.role == ams::type::v1::ROLE_AGENCY) {
    if (!q.agency.empty() && q.agency != caller.agency) {
      return WithReason(absl::PermissionDeniedError(absl::StrCat(
                            "your API key is for ", caller.agency, ", not for ", q.agency)),
                        ERROR_REASON_PERMISSION_DENIED);
    }
    q.agency = caller.agency;
  }
  ASSIGN_OR_RETURN(ListPage page, store_->List(q));
  pb::ListApplicationsResponse response;
  for (Application& app : page.applications) *response.add_applications() = std::move(app);
  if (page.next_offset >= 0) {
    response.set_next_page_token(PageToken(page.next_offset));
  }
  return response;
}

absl::StatusOr<Application> Intake::Change(
    const Principal& caller, const std::string& name, const std::string& request_id,
    const google::protobuf::Message& request,
    const std::function<absl::Status(StoredApplication&, std::vector<EventEnvelope>&,
                                     std::string&)>& change) {
  RETURN_IF_ERROR(RequireAgency(caller));
  const std::string request_hash = RequestHash(request);
  return RetryOnConflict("the application", [&]() -> absl::StatusOr<Application> {
    ASSIGN_OR_RETURN(StoredApplication stored, Load(caller, name, Reading::kApplication));
    KvWrites extra;
    ASSIGN_OR_RETURN(bool retry, AlreadyApplied(stored.request_hashes, request_id, request_hash));
    if (retry) return std::move(stored.application);  // answered by what was done
    if (!request_id.empty()) {
      extra.commands.push_back(RecordRequest(
          ApplicationStore::Key(ApplicationId(stored.application)), request_id, request_hash));
    }
    StoredApplication before = stored;
    std::vector<EventEnvelope> events;
    std::string new_letter;
    RETURN_IF_ERROR(change(stored, events, new_letter));
    if (!IsActive(stored.application)) {
      ASSIGN_OR_RETURN(KvWrites release, store_->ReleaseNik(stored));
      extra.Add(release);
    }
    // ABORTED, someone else changed it (or the NIK's claim did): read again.
    RETURN_IF_ERROR(store_->Update(before, stored.application, std::move(events), std::move(extra),
                                   new_letter));
    return std::move(stored.application);
  });
}

absl::StatusOr<pb::WithdrawApplicationResponse> Intake::Withdraw(
    const Principal& caller, const pb::WithdrawApplicationRequest& r) {
  if (r.reason().size() > 500) return InvalidFields({{"reason", "is longer than 500 characters"}});
  ASSIGN_OR_RETURN(
      Application app,
      Change(caller, r.name(), r.request_id(), r,
             [&](StoredApplication& s, std::vector<EventEnvelope>& events, std::string&) {
               const absl::Time now = clock_->Now();
               RETURN_IF_ERROR(ams::intake::Withdraw(s.application, now));
               pb::ApplicationWithdrawn withdrawn;
               withdrawn.set_application(s.application.name());
               withdrawn.set_reason(r.reason());
               *withdrawn.mutable_withdraw_time() = s.application.update_time();
               events.push_back(
                   MakeEvent("intake", ApplicationId(s.application), withdrawn, now, *random_));
               return absl::OkStatus();
             }));
  pb::WithdrawApplicationResponse response;
  *response.mutable_application() = std::move(app);
  return response;
}

absl::StatusOr<pb::ResubmitApplicationResponse> Intake::Resubmit(
    const Principal& caller, const pb::ResubmitApplicationRequest& r) {
  const absl::CivilDay today = absl::ToCivilDay(clock_->Now(), absl::UTCTimeZone());
  CheckedLetter letter;
  if (r.has_recommendation_letter()) {
    std::vector<FieldViolation> v = CheckLetter(r.recommendation_letter(), rules_, today, &letter);
    if (!v.empty()) return InvalidFields(v);
  }
  ASSIGN_OR_RETURN(
      Application app,
      Change(caller, r.name(), r.request_id(), r,
             [&](StoredApplication& s, std::vector<EventEnvelope>& events, std::string& new_pdf) {
               if (r.has_applicant()) {
                 // NIK and agency stay those on file; the rest is checked as at submission.
                 ams::type::v1::ApplicantIdentity corrected = r.applicant();
                 corrected.set_nik(s.application.applicant().nik());
                 corrected.set_agency(s.application.applicant().agency());
                 std::vector<FieldViolation> v = CheckApplicant(corrected, rules_, today);
                 if (!v.empty()) return InvalidFields(v);
               }
               const absl::Time now = clock_->Now();
               RETURN_IF_ERROR(ams::intake::Resubmit(
                   s.application, r, r.has_recommendation_letter() ? &letter : nullptr, now));
               if (r.has_recommendation_letter()) new_pdf = r.recommendation_letter().pdf();
               events.push_back(MakeEvent("intake", ApplicationId(s.application),
                                          SubmittedEvent(s.application, s.nik_fingerprint), now,
                                          *random_));
               return absl::OkStatus();
             }));
  pb::ResubmitApplicationResponse response;
  *response.mutable_application() = std::move(app);
  return response;
}

absl::StatusOr<pb::GetRecommendationLetterResponse> Intake::GetLetter(
    const Principal& caller, const pb::GetRecommendationLetterRequest& r) {
  ASSIGN_OR_RETURN(StoredApplication stored, Load(caller, r.name(), Reading::kLetter));
  const auto& document = stored.application.recommendation_letter().document();
  ASSIGN_OR_RETURN(std::optional<std::string> pdf, store_->GetLetter(document.sha256()));
  if (!pdf) return absl::DataLossError("the letter's bytes are missing");
  pb::GetRecommendationLetterResponse response;
  *response.mutable_document() = document;
  response.set_pdf(*std::move(pdf));
  return response;
}

}  // namespace ams::intake
