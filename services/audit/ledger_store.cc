#include "services/audit/ledger_store.h"

#include <map>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "ams/audit/v1/events.pb.h"
#include "common/cloud_event.h"
#include "common/hashing.h"
#include "common/status_macros.h"
#include "common/versioned_record.h"
#include "google/protobuf/util/time_util.h"

namespace ams::audit {
namespace {

using ::google::protobuf::util::TimeUtil;

std::string Ms(absl::Time t) { return absl::StrCat(absl::ToUnixMillis(t)); }
std::string Ns(absl::Time t) { return absl::StrCat(absl::ToUnixNanos(t)); }
absl::Time FromNs(const std::string& s) {
  int64_t ns = 0;
  (void)absl::SimpleAtoi(s, &ns);
  return absl::FromUnixNanos(ns);
}
std::string IdOf(const std::string& application) {
  return std::string(absl::StripPrefix(application, "applications/"));
}

KvCommand EntryFields(const std::string& key, const LedgerEntry& e) {
  return {"HSET",
          key,
          "sequence",
          absl::StrCat(e.sequence()),
          "event_id",
          e.event_id(),
          "event_type",
          e.event_type(),
          "application",
          e.application(),
          "event_time",
          TimeUtil::ToString(e.event_time()),
          "producer",
          e.producer(),
          "event_sha256",
          e.event_sha256(),
          "previous_entry_sha256",
          e.previous_entry_sha256(),
          "entry_sha256",
          e.entry_sha256()};
}

LedgerEntry EntryFrom(const KvReply& reply) {
  LedgerEntry e;
  for (const auto& [field, value] : HashPairs(reply)) {
    if (field == "sequence") {
      int64_t n = 0;
      (void)absl::SimpleAtoi(value, &n);
      e.set_sequence(n);
    } else if (field == "event_id") {
      e.set_event_id(value);
    } else if (field == "event_type") {
      e.set_event_type(value);
    } else if (field == "application") {
      e.set_application(value);
    } else if (field == "event_time") {
      (void)TimeUtil::FromString(value, e.mutable_event_time());
    } else if (field == "producer") {
      e.set_producer(value);
    } else if (field == "event_sha256") {
      e.set_event_sha256(value);
    } else if (field == "previous_entry_sha256") {
      e.set_previous_entry_sha256(value);
    } else if (field == "entry_sha256") {
      e.set_entry_sha256(value);
    }
  }
  e.set_name(absl::StrCat("ledgerEntries/", e.sequence()));
  return e;
}

std::string OpenMember(const std::string& app, SopStep step, absl::Time start) {
  return absl::StrCat(app, "|", static_cast<int>(step), "|", Ns(start));
}

// SlaBreached for one run of a step. Its id derives from the run, so the same breach found
// twice (a replayed ledger, a retried sweep) is one event to every consumer.
EventEnvelope BreachEvent(const std::string& app, SopStep step, absl::Time start,
                          absl::Duration elapsed, absl::Time now, RandomSource& random) {
  ams::audit::v1::SlaBreached b;
  b.set_application(absl::StrCat("applications/", app));
  b.set_step(step);
  *b.mutable_elapsed() = TimeUtil::NanosecondsToDuration(absl::ToInt64Nanoseconds(elapsed));
  *b.mutable_standard_time() =
      TimeUtil::NanosecondsToDuration(absl::ToInt64Nanoseconds(StandardTime(step)));
  *b.mutable_start_time() = ToTimestamp(start);
  *b.mutable_detect_time() = ToTimestamp(now);
  EventEnvelope e = MakeEvent("audit", app, b, now, random);
  // A UUID (version 8, RFC 9562) made of the run's hash.
  const std::string h = Sha256Hex(absl::StrCat("SlaBreached|", OpenMember(app, step, start)));
  e.set_id(absl::StrCat(h.substr(0, 8), "-", h.substr(8, 4), "-8", h.substr(13, 3), "-",
                        std::string(1, "89ab"[h[16] % 4]), h.substr(17, 3), "-", h.substr(20, 12)));
  return e;
}

}  // namespace

LedgerStore::LedgerStore(KvStore* kv, Outbox* outbox, std::string ledger, double sla_factor,
                         Clock* clock, RandomSource* random)
    : kv_(kv),
      outbox_(outbox),
      ledger_(std::move(ledger)),
      sla_factor_(sla_factor),
      clock_(clock),
      random_(random) {}

std::string LedgerStore::Key(absl::string_view suffix) const {
  return absl::StrCat("audit:{", ledger_, "}:", suffix);
}

absl::StatusOr<std::optional<LedgerEntry>> LedgerStore::Head() {
  ASSIGN_OR_RETURN(KvReply head, kv_->Run({"HGETALL", Key("head")}));
  return HeadFrom(head);
}

std::optional<LedgerEntry> LedgerStore::HeadFrom(const KvReply& head) {
  std::optional<LedgerEntry> out;
  for (const auto& [field, value] : HashPairs(head)) {
    if (!out) out.emplace();
    int64_t n = 0;
    if (field == "sequence" && absl::SimpleAtoi(value, &n)) out->set_sequence(n);
    if (field == "entry_sha256") out->set_entry_sha256(value);
  }
  return out;
}

absl::StatusOr<LedgerStore::Appended> LedgerStore::Append(const EventFacts& event,
                                                          const std::string& agency) {
  const std::string app = IdOf(event.application);
  return RetryOnConflict(
      "the ledger head (is a second audit writer running?)",
      [&]() -> absl::StatusOr<LedgerStore::Appended> {
        // What the append depends on, read in one round trip.
        ASSIGN_OR_RETURN(std::vector<KvReply> read,
                         kv_->Pipeline({{"GET", Key(absl::StrCat("event:", event.id))},
                                        {"HGETALL", Key("head")},
                                        {"HGETALL", Key(absl::StrCat("steps:", app))},
                                        {"HGET", Key("agencies"), app}}));
        for (const KvReply& r : read) {
          if (r.type == KvReply::Type::kError) return absl::UnavailableError(r.str);
        }
        if (!read[0].is_nil()) return Appended{};
        const std::optional<LedgerEntry> head = HeadFrom(read[1]);
        Appended out{true, Chain(head, event), {}};
        const LedgerEntry& e = out.entry;
        std::vector<KvCommand> writes = {
            EntryFields(Key(absl::StrCat("entry:", e.sequence())), e),
            {"HSET", Key("head"), "sequence", absl::StrCat(e.sequence()), "entry_sha256",
             e.entry_sha256()},
            {"SET", Key(absl::StrCat("event:", event.id)), absl::StrCat(e.sequence())}};
        // The head as read, and no entry already at the new place (a lost head must not make
        // the chain start again over old entries).
        std::vector<KvPrecondition> unchanged = {
            {Key("head"), "sequence", head ? absl::StrCat(head->sequence()) : ""},
            {Key(absl::StrCat("entry:", e.sequence())), "sequence", ""}};
        std::vector<EventEnvelope> breaches;
        if (!app.empty()) {
          writes.push_back({"ZADD", Key(absl::StrCat("app:", app)), absl::StrCat(e.sequence()),
                            absl::StrCat(e.sequence())});
          if (!agency.empty()) writes.push_back({"HSET", Key("agencies"), app, agency});
          // The application's steps: close what this event ends, open what it starts.
          OpenSteps open;
          for (const auto& [step, start] : HashPairs(read[2])) {
            int n = 0;
            if (absl::SimpleAtoi(step, &n)) open[static_cast<SopStep>(n)] = FromNs(start);
          }
          const OpenSteps before = open;
          out.closed = ApplyEvent(open, event.type, event.time);
          const std::string known_agency = agency.empty() ? read[3].str : agency;
          for (const ClosedStep& c : out.closed) {
            const std::string member = OpenMember(app, c.step, c.start);
            writes.push_back(
                {"ZADD", Key(absl::StrCat("timings:", static_cast<int>(c.step))), Ms(c.end),
                 absl::StrCat(app, "|", Ns(c.start), "|", Ns(c.end), "|", known_agency)});
            writes.push_back({"ZREM", Key("deadlines"), member});
            if (c.end <= BreachTime(c.step, c.start, sla_factor_)) continue;
            ASSIGN_OR_RETURN(KvReply flagged, kv_->Run({"HGET", Key("breached"), member}));
            if (!flagged.is_nil()) continue;
            writes.push_back({"HSET", Key("breached"), member, "1"});
            unchanged.push_back({Key("breached"), member, ""});
            breaches.push_back(
                BreachEvent(app, c.step, c.start, c.duration(), clock_->Now(), *random_));
          }
          for (const auto& [step, start] : open) {
            if (before.count(step)) continue;
            writes.push_back({"ZADD", Key("deadlines"), Ms(BreachTime(step, start, sla_factor_)),
                              OpenMember(app, step, start)});
          }
          writes.push_back({"DEL", Key(absl::StrCat("steps:", app))});
          for (const auto& [step, start] : open) {
            writes.push_back({"HSET", Key(absl::StrCat("steps:", app)),
                              absl::StrCat(static_cast<int>(step)), Ns(start)});
          }
        }
        // ABORTED, a breach sweep or another writer: again.
        RETURN_IF_ERROR(
            outbox_->Commit(app.empty() ? "ledger" : app, {std::move(writes), unchanged}, breaches)
                .status());
        return out;
      });
}

absl::StatusOr<int> LedgerStore::SweepBreaches(absl::Time watermark) {
  ASSIGN_OR_RETURN(KvReply due, kv_->Run({"ZRANGEBYSCORE", Key("deadlines"), "-inf", Ms(watermark),
                                          "LIMIT", "0", "500"}));
  int emitted = 0;
  for (const KvReply& m : due.elements) {
    const std::vector<std::string> parts = absl::StrSplit(m.str, '|');
    int step = 0;
    if (parts.size() != 3 || !absl::SimpleAtoi(parts[1], &step)) {
      RETURN_IF_ERROR(kv_->Run({"ZREM", Key("deadlines"), m.str}).status());
      continue;
    }
    const absl::Time start = FromNs(parts[2]);
    const SopStep s = static_cast<SopStep>(step);
    // Still running (its start is still the one recorded), and not reported yet.
    absl::Status committed =
        outbox_
            ->Commit(parts[0],
                     {{{"ZREM", Key("deadlines"), m.str}, {"HSET", Key("breached"), m.str, "1"}},
                      {{Key("breached"), m.str, ""},
                       {Key(absl::StrCat("steps:", parts[0])), parts[1], parts[2]}}},
                     {BreachEvent(parts[0], s, start, watermark - start, clock_->Now(), *random_)})
            .status();
    if (absl::IsAborted(committed)) {
      // Ended, reported at its end, or a write elsewhere in the keys watched: look again.
      ASSIGN_OR_RETURN(std::vector<KvReply> now,
                       kv_->Pipeline({{"HGET", Key("breached"), m.str},
                                      {"HGET", Key(absl::StrCat("steps:", parts[0])), parts[1]}}));
      if (!now[0].is_nil() || now[1].str != parts[2]) {
        RETURN_IF_ERROR(kv_->Run({"ZREM", Key("deadlines"), m.str}).status());
      }
      continue;  // else the next sweep tries again
    }
    RETURN_IF_ERROR(committed);
    ++emitted;
  }
  return emitted;
}

absl::StatusOr<std::vector<std::optional<LedgerEntry>>> LedgerStore::Entries(
    const std::vector<int64_t>& seqs) {
  std::vector<KvCommand> reads;
  for (int64_t n : seqs) reads.push_back({"HGETALL", Key(absl::StrCat("entry:", n))});
  std::vector<std::optional<LedgerEntry>> out;
  if (reads.empty()) return out;
  ASSIGN_OR_RETURN(std::vector<KvReply> replies, kv_->Pipeline(reads));
  for (const KvReply& r : replies) {
    if (r.type == KvReply::Type::kError) return absl::UnavailableError(r.str);
    out.push_back(HashPairs(r).empty() ? std::nullopt : std::optional<LedgerEntry>(EntryFrom(r)));
  }
  return out;
}

absl::StatusOr<std::vector<LedgerEntry>> LedgerStore::Range(int64_t first, int64_t last) {
  std::vector<int64_t> seqs;
  for (int64_t n = first; n <= last; ++n) seqs.push_back(n);
  ASSIGN_OR_RETURN(std::vector<std::optional<LedgerEntry>> got, Entries(seqs));
  std::vector<LedgerEntry> out;
  for (std::optional<LedgerEntry>& e : got) {
    if (e) out.push_back(*std::move(e));
  }
  return out;
}

absl::StatusOr<std::vector<int64_t>> LedgerStore::SequencesOf(const std::string& application_id) {
  ASSIGN_OR_RETURN(KvReply r, kv_->Run({"ZRANGEBYSCORE", Key(absl::StrCat("app:", application_id)),
                                        "-inf", "+inf"}));
  std::vector<int64_t> out;
  for (const KvReply& m : r.elements) {
    int64_t n = 0;
    if (absl::SimpleAtoi(m.str, &n)) out.push_back(n);
  }
  return out;
}

absl::StatusOr<std::vector<StepRecord>> LedgerStore::Timings(SopStep step, absl::Time from,
                                                             absl::Time to) {
  ASSIGN_OR_RETURN(KvReply r,
                   kv_->Run({"ZRANGEBYSCORE", Key(absl::StrCat("timings:", static_cast<int>(step))),
                             Ms(from), absl::StrCat("(", Ms(to))}));
  std::vector<StepRecord> out;
  for (const KvReply& m : r.elements) {
    std::vector<std::string> p = absl::StrSplit(m.str, '|');
    if (p.size() != 4) continue;
    out.push_back({p[0], p[3], FromNs(p[1]), FromNs(p[2])});
  }
  return out;
}

absl::Status LedgerStore::SaveSignedHead(const SignedHead& h) {
  return kv_
      ->Run({"HSET", Key("signed_head"), "sequence", absl::StrCat(h.sequence), "entry_sha256",
             h.entry_sha256, "sign_time", absl::StrCat(absl::ToUnixSeconds(h.sign_time)),
             "signature", h.signature_hex})
      .status();
}

absl::StatusOr<std::optional<SignedHead>> LedgerStore::LoadSignedHead() {
  ASSIGN_OR_RETURN(KvReply r, kv_->Run({"HGETALL", Key("signed_head")}));
  if (HashPairs(r).empty()) return std::nullopt;
  SignedHead h;
  for (const auto& [field, value] : HashPairs(r)) {
    int64_t n = 0;
    if (field == "sequence" && absl::SimpleAtoi(value, &n)) h.sequence = n;
    if (field == "entry_sha256") h.entry_sha256 = value;
    if (field == "sign_time" && absl::SimpleAtoi(value, &n)) h.sign_time = absl::FromUnixSeconds(n);
    if (field == "signature") h.signature_hex = value;
  }
  return h;
}

}  // namespace ams::audit
