#include "services/audit/ledger.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/hashing.h"
#include "google/protobuf/util/time_util.h"

namespace ams::audit {

using ::google::protobuf::util::TimeUtil;

std::string EntryHash(const LedgerEntry& e) {
  return Sha256Hex(absl::StrJoin({absl::StrCat(e.sequence()), e.event_id(), e.event_type(),
                                  e.application(), TimeUtil::ToString(e.event_time()), e.producer(),
                                  e.event_sha256(), e.previous_entry_sha256()},
                                 "\n"));
}

LedgerEntry Chain(const std::optional<LedgerEntry>& previous, const EventFacts& event) {
  LedgerEntry e;
  e.set_sequence(previous ? previous->sequence() + 1 : 1);
  e.set_name(absl::StrCat("ledgerEntries/", e.sequence()));
  e.set_event_id(event.id);
  e.set_event_type(event.type);
  e.set_application(event.application);
  *e.mutable_event_time() = TimeUtil::NanosecondsToTimestamp(absl::ToUnixNanos(event.time));
  e.set_producer(event.producer);
  e.set_event_sha256(event.sha256);
  e.set_previous_entry_sha256(previous ? previous->entry_sha256() : GenesisHash());
  e.set_entry_sha256(EntryHash(e));
  return e;
}

std::optional<Break> FindBreak(const std::vector<LedgerEntry>& entries, int64_t first_sequence,
                               const std::string& previous_hash) {
  std::string expected_previous = previous_hash;
  int64_t expected_sequence = first_sequence;
  for (const LedgerEntry& e : entries) {
    if (e.sequence() != expected_sequence) {
      return Break{expected_sequence, absl::StrCat("entry ", expected_sequence, " is missing")};
    }
    if (e.previous_entry_sha256() != expected_previous) {
      return Break{e.sequence(), "does not link to the entry before it"};
    }
    if (EntryHash(e) != e.entry_sha256()) {
      return Break{e.sequence(), "its content does not match its hash"};
    }
    expected_previous = e.entry_sha256();
    ++expected_sequence;
  }
  return std::nullopt;
}

}  // namespace ams::audit
