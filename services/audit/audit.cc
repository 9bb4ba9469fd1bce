#include "services/audit/audit.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "ams/intake/v1/events.pb.h"
#include "common/hashing.h"
#include "common/logging.h"
#include "common/rpc_status.h"
#include "common/status_macros.h"
#include "google/protobuf/util/json_util.h"
#include "google/protobuf/util/time_util.h"
#include "re2/re2.h"
#include "services/audit/overview.h"

namespace ams::audit {
namespace {

using ::ams::type::v1::ERROR_REASON_PERMISSION_DENIED;
using ::ams::type::v1::Role;
using ::google::protobuf::util::TimeUtil;

constexpr int kDefaultPageSize = 50;
constexpr int kMaxPageSize = 1000;
constexpr int64_t kScanBudget = 20000;  // entries one ListEvents call looks at, at most
constexpr int64_t kChunk = 256;

absl::Status RequireAuditor(const Principal& p, bool operators_too = false) {
  if (p.role == Role::ROLE_AUDITOR || p.role == Role::ROLE_ADMIN) return absl::OkStatus();
  if (operators_too && (p.role == Role::ROLE_DISKOMINFO_OP || p.role == Role::ROLE_BSRE_OP ||
                        p.role == Role::ROLE_VERIFIER)) {
    return absl::OkStatus();
  }
  return WithReason(absl::PermissionDeniedError("only auditors read the ledger"),
                    ERROR_REASON_PERMISSION_DENIED);
}

google::protobuf::Duration ToDuration(absl::Duration d) {
  return TimeUtil::NanosecondsToDuration(absl::ToInt64Nanoseconds(d));
}

// ListEvents' filter: `field op "value"` terms joined by AND.
struct EventFilter {
  std::string application, event_type;
  absl::Time from = absl::InfinitePast(), to = absl::InfiniteFuture();
  bool Matches(const LedgerEntry& e) const {
    const absl::Time t = FromTimestamp(e.event_time());
    return (application.empty() || e.application() == application) &&
           (event_type.empty() || e.event_type() == event_type) && t >= from && t < to;
  }
};

absl::StatusOr<EventFilter> ParseFilter(const std::string& text) {
  EventFilter f;
  if (text.empty()) return f;
  static const RE2* const term = new RE2(R"re(\s*(\w+)\s*(>=|<|=)\s*"([^"]*)"\s*)re");
  for (absl::string_view part : absl::StrSplit(text, " AND ")) {
    std::string field, op, value;
    if (!RE2::FullMatch(std::string(part), *term, &field, &op, &value)) {
      return InvalidFields({{"filter", absl::StrCat("cannot read \"", part,
                                                    "\"; write field=\"value\" terms joined by "
                                                    "AND")}});
    }
    if (field == "application" && op == "=") {
      if (!absl::StartsWith(value, "applications/")) {
        return InvalidFields({{"filter", "application must be \"applications/{id}\""}});
      }
      f.application = value;
    } else if (field == "event_type" && op == "=") {
      f.event_type = value;
    } else if (field == "event_time" && op != "=") {
      google::protobuf::Timestamp ts;
      if (!TimeUtil::FromString(value, &ts)) {
        return InvalidFields(
            {{"filter", absl::StrCat("event_time \"", value, "\" is not RFC 3339")}});
      }
      (op == ">=" ? f.from : f.to) = FromTimestamp(ts);
    } else {
      return InvalidFields(
          {{"filter", absl::StrCat("\"", field, " ", op,
                                   "\" is not supported: use application=, event_type=, "
                                   "event_time>= and event_time<")}});
    }
  }
  return f;
}

// Nearest rank: the smallest value with at least q of the values at or below it.
double Quantile(const std::vector<absl::Duration>& sorted, double q) {
  if (sorted.empty()) return 0;
  const size_t rank = static_cast<size_t>(std::ceil(q * sorted.size()));
  return absl::ToDoubleSeconds(sorted[std::min(sorted.size(), std::max<size_t>(rank, 1)) - 1]);
}

absl::Status CheckRange(int64_t first, int64_t last) {
  if (first < 0) return InvalidFields({{"first_sequence", "must be 0 (the start) or positive"}});
  if (last < 0 || (last != 0 && last < first)) {
    return InvalidFields({{"last_sequence", "must be 0 (the end) or at least first_sequence"}});
  }
  return absl::OkStatus();
}

absl::Status CheckTimestamp(const google::protobuf::Timestamp& t, const char* field) {
  // RFC 3339's range, years 1 to 9999 (TimeUtil::kTimestampMinSeconds, …MaxSeconds).
  if (t.seconds() >= TimeUtil::kTimestampMinSeconds &&
      t.seconds() <= TimeUtil::kTimestampMaxSeconds && t.nanos() >= 0 && t.nanos() < 1000000000) {
    return absl::OkStatus();
  }
  return InvalidFields({{field, "is not a valid time"}});
}

std::string CsvField(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

}  // namespace

absl::Status Audit::Record(const EventEnvelope& event, const std::string& bytes) {
  std::string agency;
  ams::intake::v1::ApplicationSubmitted submitted;
  if (event.type() == submitted.GetDescriptor()->full_name() &&
      UnpackEvent(event, &submitted).ok()) {
    agency = submitted.applicant().agency();
  }
  const std::string application =
      event.subject().empty() ? "" : absl::StrCat("applications/", event.subject());
  ASSIGN_OR_RETURN(LedgerStore::Appended a,
                   store_->Append({event.id(), event.type(), application, event.source(),
                                   FromTimestamp(event.time()), Sha256Hex(bytes)},
                                  agency));
  if (on_step_) {
    for (const ClosedStep& c : a.closed) on_step_(c);
  }
  return absl::OkStatus();
}

absl::Status Audit::SignHead() {
  ASSIGN_OR_RETURN(std::optional<LedgerEntry> head, store_->Head());
  if (!head) return absl::OkStatus();
  ASSIGN_OR_RETURN(std::optional<SignedHead> last, store_->LoadSignedHead());
  // Only ever sign a chain that grew from what was signed before: a head cut back, a signed
  // head removed or replaced, or a broken link is refused (and logged), never made good.
  auto refuse = [](absl::string_view why) {
    return absl::FailedPreconditionError(absl::StrCat("ledger head not signed: ", why));
  };
  if (last_signed_ && (!last || last->sequence != last_signed_->sequence ||
                       last->entry_sha256 != last_signed_->entry_sha256)) {
    return refuse("the signed head in Redis is not the one this service signed last");
  }
  int64_t from = 1;
  std::string previous = GenesisHash();
  if (last) {
    if (!signer_->Verify(*last)) return refuse("the signed head's signature does not verify");
    if (head->sequence() < last->sequence) return refuse("the ledger ends before its signed head");
    if (head->sequence() == last->sequence) {
      return head->entry_sha256() == last->entry_sha256 ? absl::OkStatus()
                                                        : refuse("the signed entry changed");
    }
    ASSIGN_OR_RETURN(std::vector<LedgerEntry> signed_entry,
                     store_->Range(last->sequence, last->sequence));
    if (signed_entry.empty() || signed_entry[0].entry_sha256() != last->entry_sha256) {
      return refuse("the signed entry changed");
    }
    from = last->sequence + 1;
    previous = last->entry_sha256;
  }
  ASSIGN_OR_RETURN(std::vector<LedgerEntry> grown, store_->Range(from, head->sequence()));
  if (std::optional<Break> b = FindBreak(grown, from, previous)) {
    return refuse(absl::StrCat("entry ", b->sequence, " ", b->detail));
  }
  if (grown.empty() || grown.back().sequence() != head->sequence() ||
      grown.back().entry_sha256() != head->entry_sha256()) {
    return refuse("the head does not name the last entry");
  }
  SignedHead signed_head = signer_->Sign(head->sequence(), head->entry_sha256(), clock_->Now());
  RETURN_IF_ERROR(store_->SaveSignedHead(signed_head));
  last_signed_ = signed_head;
  // Logs leave the machine: a second, independent record of every signed head.
  LogInfo("ledger head signed", {{"sequence", signed_head.sequence},
                                 {"entry_sha256", signed_head.entry_sha256},
                                 {"signature", signed_head.signature_hex}});
  return absl::OkStatus();
}

absl::StatusOr<pb::ListEventsResponse> Audit::ListEvents(const Principal& caller,
                                                         const pb::ListEventsRequest& r) {
  RETURN_IF_ERROR(RequireAuditor(caller));
  std::vector<FieldViolation> v;
  if (r.page_size() < 0) v.push_back({"page_size", "must not be negative"});
  int64_t after = 0;
  if (!r.page_token().empty() && (!absl::SimpleAtoi(r.page_token(), &after) || after < 0)) {
    v.push_back({"page_token", "is not a token this service gave"});
  }
  if (!v.empty()) return InvalidFields(v);
  ASSIGN_OR_RETURN(EventFilter filter, ParseFilter(r.filter()));
  const int size = std::min(r.page_size() == 0 ? kDefaultPageSize : r.page_size(), kMaxPageSize);

  ASSIGN_OR_RETURN(std::optional<LedgerEntry> head, store_->Head());
  const int64_t last = head ? head->sequence() : 0;
  // The sequences to look at, in order; paging goes by them, so a missing or damaged entry
  // (VerifyLedger names it) cannot stall it.
  std::vector<int64_t> seqs;
  if (!filter.application.empty()) {
    ASSIGN_OR_RETURN(
        seqs,
        store_->SequencesOf(std::string(absl::StripPrefix(filter.application, "applications/"))));
    seqs.erase(std::remove_if(seqs.begin(), seqs.end(), [&](int64_t n) { return n <= after; }),
               seqs.end());
  } else {
    for (int64_t n = after + 1; n <= std::min(last, after + kScanBudget); ++n) seqs.push_back(n);
  }
  pb::ListEventsResponse out;
  for (size_t i = 0; i < seqs.size() && out.ledger_entries_size() < size; i += kChunk) {
    const std::vector<int64_t> batch(seqs.begin() + i,
                                     seqs.begin() + std::min(seqs.size(), i + kChunk));
    ASSIGN_OR_RETURN(std::vector<std::optional<LedgerEntry>> got, store_->Entries(batch));
    for (size_t j = 0; j < batch.size() && out.ledger_entries_size() < size; ++j) {
      after = batch[j];
      if (got[j] && filter.Matches(*got[j])) *out.add_ledger_entries() = *got[j];
    }
  }
  const int64_t end = filter.application.empty() ? last : (seqs.empty() ? after : seqs.back());
  if (after < end) out.set_next_page_token(absl::StrCat(after));
  return out;
}

std::vector<pb::StepTiming> Timeline(const std::vector<LedgerEntry>& entries, absl::Time now) {
  std::vector<pb::StepTiming> out;
  auto add = [&](SopStep step, absl::Time start, std::optional<absl::Time> end) {
    pb::StepTiming t;
    t.set_step(step);
    *t.mutable_start_time() = ToTimestamp(start);
    if (end) *t.mutable_end_time() = ToTimestamp(*end);
    const absl::Duration d = end.value_or(now) - start;
    *t.mutable_duration() = ToDuration(d);
    *t.mutable_standard_time() = ToDuration(StandardTime(step));
    t.set_within_standard_time(d <= StandardTime(step));
    out.push_back(t);
  };
  OpenSteps open;
  for (const LedgerEntry& e : entries) {
    for (const ClosedStep& c : ApplyEvent(open, e.event_type(), FromTimestamp(e.event_time()))) {
      add(c.step, c.start, c.end);
    }
  }
  for (const auto& [step, start] : open) add(step, start, std::nullopt);
  return out;
}

absl::StatusOr<std::vector<LedgerEntry>> Audit::EntriesOf(const std::string& application) {
  absl::string_view id = application;
  if (!absl::ConsumePrefix(&id, "applications/") || id.empty() || id.size() > 64) {
    return InvalidFields({{"application", "must be applications/{id}"}});
  }
  ASSIGN_OR_RETURN(std::vector<int64_t> seqs, store_->SequencesOf(std::string(id)));
  if (seqs.empty()) {
    return absl::NotFoundError(absl::StrCat("the ledger has no event of ", application));
  }
  ASSIGN_OR_RETURN(std::vector<std::optional<LedgerEntry>> got, store_->Entries(seqs));
  std::vector<LedgerEntry> entries;
  for (std::optional<LedgerEntry>& e : got) {
    if (e) entries.push_back(*std::move(e));
  }
  return entries;
}

absl::StatusOr<pb::GetTimelineResponse> Audit::GetTimeline(const Principal& caller,
                                                           const pb::GetTimelineRequest& r) {
  RETURN_IF_ERROR(RequireAuditor(caller, /*operators_too=*/true));
  ASSIGN_OR_RETURN(std::vector<LedgerEntry> entries, EntriesOf(r.application()));
  pb::GetTimelineResponse out;
  for (const LedgerEntry& e : entries) *out.add_ledger_entries() = e;
  for (pb::StepTiming& t : Timeline(entries, clock_->Now())) *out.add_step_timings() = t;
  return out;
}

absl::StatusOr<pb::GetApplicationStatusResponse> Audit::GetApplicationStatus(
    const Principal& caller, const pb::GetApplicationStatusRequest& r) {
  // The gateway asks for the applicant's status page, as itself.
  if (caller.role != Role::ROLE_GATEWAY) RETURN_IF_ERROR(RequireAuditor(caller, true));
  ASSIGN_OR_RETURN(std::vector<LedgerEntry> entries, EntriesOf(r.application()));
  return StatusOf(entries);
}

absl::StatusOr<pb::VerifyLedgerResponse> Audit::VerifyLedger(const Principal& caller,
                                                             const pb::VerifyLedgerRequest& r) {
  RETURN_IF_ERROR(RequireAuditor(caller));
  RETURN_IF_ERROR(CheckRange(r.first_sequence(), r.last_sequence()));
  pb::VerifyLedgerResponse out;
  out.set_intact(true);
  out.set_signing_public_key(signer_->public_key_hex());
  // The signed head before the head: appends and signatures in between only move both on.
  ASSIGN_OR_RETURN(std::optional<SignedHead> signed_head, store_->LoadSignedHead());
  ASSIGN_OR_RETURN(std::optional<LedgerEntry> head, store_->Head());
  const int64_t end = head ? head->sequence() : 0;
  if (r.first_sequence() > std::max<int64_t>(end, 1)) {
    return InvalidFields(
        {{"first_sequence", absl::StrCat("is past the ledger's last entry, ", end)}});
  }
  if (head) {
    out.set_head_sequence(head->sequence());
    out.set_head_entry_sha256(head->entry_sha256());
  }
  auto broken = [&](int64_t sequence, std::string detail) {
    out.set_intact(false);
    out.set_first_broken_sequence(sequence);
    out.set_detail(std::move(detail));
    return out;
  };
  if (!head) {
    ASSIGN_OR_RETURN(std::vector<LedgerEntry> one, store_->Range(1, 1));
    if (!one.empty()) return broken(1, "the ledger's head is missing");
  }
  const int64_t first = std::max<int64_t>(1, r.first_sequence());
  const int64_t last = r.last_sequence() == 0 ? end : std::min(end, r.last_sequence());
  std::string previous = GenesisHash();
  if (first > 1) {
    ASSIGN_OR_RETURN(std::vector<LedgerEntry> before, store_->Range(first - 1, first - 1));
    if (before.empty()) return broken(first - 1, absl::StrCat("entry ", first - 1, " is missing"));
    previous = before[0].entry_sha256();
  }
  for (int64_t from = first; from <= last; from += kChunk) {
    const int64_t to = std::min(last, from + kChunk - 1);
    ASSIGN_OR_RETURN(std::vector<LedgerEntry> chunk, store_->Range(from, to));
    if (std::optional<Break> b = FindBreak(chunk, from, previous)) {
      return broken(b->sequence, b->detail);
    }
    if (static_cast<int64_t>(chunk.size()) != to - from + 1) {
      return broken(
          from + static_cast<int64_t>(chunk.size()),
          absl::StrCat("entry ", from + static_cast<int64_t>(chunk.size()), " is missing"));
    }
    previous = chunk.back().entry_sha256();
  }
  // The signed head: a signature only this service's key makes, naming an entry that must
  // still be there as it was. Catches a cut tail and a chain rewritten from the start.
  if (!signed_head) return out;
  out.set_signed_head_sequence(signed_head->sequence);
  if (!signer_->Verify(*signed_head)) {
    return broken(signed_head->sequence, "the signed head's signature does not verify");
  }
  if (signed_head->sequence > end) {
    return broken(end + 1,
                  absl::StrCat("the ledger ends at ", end, " but entry ", signed_head->sequence,
                               " was signed: entries were removed from the end"));
  }
  ASSIGN_OR_RETURN(std::vector<LedgerEntry> signed_entry,
                   store_->Range(signed_head->sequence, signed_head->sequence));
  if (signed_entry.empty() || signed_entry[0].entry_sha256() != signed_head->entry_sha256) {
    return broken(signed_head->sequence,
                  "the entry named by the signed head is not the one that was signed");
  }
  return out;
}

absl::Status Audit::ExportLedger(const Principal& caller, const pb::ExportLedgerRequest& r,
                                 const std::function<absl::Status(std::string)>& write) {
  RETURN_IF_ERROR(RequireAuditor(caller));
  if (r.format() != pb::EXPORT_FORMAT_JSON_LINES && r.format() != pb::EXPORT_FORMAT_CSV) {
    return InvalidFields({{"format", "choose EXPORT_FORMAT_JSON_LINES or EXPORT_FORMAT_CSV"}});
  }
  RETURN_IF_ERROR(CheckRange(r.first_sequence(), r.last_sequence()));
  ASSIGN_OR_RETURN(std::optional<LedgerEntry> head, store_->Head());
  const int64_t end = head ? head->sequence() : 0;
  const int64_t last = r.last_sequence() == 0 ? end : std::min(end, r.last_sequence());
  const bool csv = r.format() == pb::EXPORT_FORMAT_CSV;
  if (csv) {
    RETURN_IF_ERROR(
        write("sequence,event_id,event_type,application,event_time,producer,event_sha256,"
              "previous_entry_sha256,entry_sha256\n"));
  }
  google::protobuf::util::JsonPrintOptions json;
  json.preserve_proto_field_names = true;
  for (int64_t from = std::max<int64_t>(1, r.first_sequence()); from <= last; from += kChunk) {
    ASSIGN_OR_RETURN(std::vector<LedgerEntry> chunk,
                     store_->Range(from, std::min(last, from + kChunk - 1)));
    std::string data;
    for (const LedgerEntry& e : chunk) {
      if (csv) {
        absl::StrAppend(&data, e.sequence(), ",", CsvField(e.event_id()), ",",
                        CsvField(e.event_type()), ",", CsvField(e.application()), ",",
                        TimeUtil::ToString(e.event_time()), ",", CsvField(e.producer()), ",",
                        e.event_sha256(), ",", e.previous_entry_sha256(), ",", e.entry_sha256(),
                        "\n");
      } else {
        std::string line;
        (void)google::protobuf::util::MessageToJsonString(e, &line, json);
        absl::StrAppend(&data, line, "\n");
      }
    }
    if (!data.empty()) RETURN_IF_ERROR(write(std::move(data)));
  }
  return absl::OkStatus();
}

absl::StatusOr<pb::GetSlaReportResponse> Audit::GetSlaReport(const Principal& caller,
                                                             const pb::GetSlaReportRequest& r) {
  RETURN_IF_ERROR(RequireAuditor(caller));
  if (r.has_start_time()) RETURN_IF_ERROR(CheckTimestamp(r.start_time(), "start_time"));
  if (r.has_end_time()) RETURN_IF_ERROR(CheckTimestamp(r.end_time(), "end_time"));
  const absl::Time from = r.has_start_time() ? FromTimestamp(r.start_time()) : absl::UnixEpoch();
  const absl::Time to = r.has_end_time() ? FromTimestamp(r.end_time()) : clock_->Now();
  if (to <= from) return InvalidFields({{"end_time", "must be after start_time"}});
  if (!r.agency().empty() && !absl::StartsWith(r.agency(), "agencies/")) {
    return InvalidFields({{"agency", "must be agencies/{agency}"}});
  }
  return SlaReport(from, to, r.agency());
}

absl::StatusOr<pb::GetSlaReportResponse> Audit::SlaReport(absl::Time from, absl::Time to,
                                                          const std::string& agency) {
  pb::GetSlaReportResponse out;
  for (int s = ams::type::v1::SOP_STEP_SUBMIT_REQUEST; s <= ams::type::v1::SOP_STEP_CHANGE_PASSWORD;
       ++s) {
    const SopStep step = static_cast<SopStep>(s);
    ASSIGN_OR_RETURN(std::vector<StepRecord> records, store_->Timings(step, from, to));
    std::vector<absl::Duration> d;
    for (const StepRecord& rec : records) {
      if (agency.empty() || rec.agency == agency) d.push_back(rec.end - rec.start);
    }
    std::sort(d.begin(), d.end());
    pb::StepReport* report = out.add_step_reports();
    report->set_step(step);
    report->set_count(static_cast<int64_t>(d.size()));
    *report->mutable_p50() = ToDuration(absl::Seconds(Quantile(d, 0.5)));
    *report->mutable_p90() = ToDuration(absl::Seconds(Quantile(d, 0.9)));
    *report->mutable_p99() = ToDuration(absl::Seconds(Quantile(d, 0.99)));
    *report->mutable_standard_time() = ToDuration(StandardTime(step));
    const auto within = std::count_if(d.begin(), d.end(),
                                      [&](absl::Duration x) { return x <= StandardTime(step); });
    report->set_within_standard_time_ratio(d.empty() ? 0 : static_cast<double>(within) / d.size());
  }
  return out;
}

absl::StatusOr<pb::GetOverviewResponse> Audit::GetOverview(const Principal& caller,
                                                           const pb::GetOverviewRequest& r) {
  RETURN_IF_ERROR(RequireAuditor(caller, /*operators_too=*/true));
  if (r.days() < 0 || r.days() > 90) return InvalidFields({{"days", "must be 0 to 90"}});
  ASSIGN_OR_RETURN(std::optional<LedgerEntry> head, store_->Head());
  std::vector<LedgerEntry> entries;
  for (int64_t first = 1; head && first <= head->sequence(); first += 1000) {
    ASSIGN_OR_RETURN(std::vector<LedgerEntry> chunk,
                     store_->Range(first, std::min(first + 999, head->sequence())));
    entries.insert(entries.end(), std::make_move_iterator(chunk.begin()),
                   std::make_move_iterator(chunk.end()));
  }
  const absl::Time now = clock_->Now();
  pb::GetOverviewResponse out = Overview(entries, now, r.days() == 0 ? 14 : r.days());
  ASSIGN_OR_RETURN(pb::GetSlaReportResponse sla, SlaReport(now - absl::Hours(24 * 30), now, ""));
  *out.mutable_sla() = std::move(*sla.mutable_step_reports());
  return out;
}

}  // namespace ams::audit
