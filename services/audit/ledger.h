// The ledger's chain: each entry names one event (id, type, application, time, producer and
// the SHA-256 of its bytes) and the hash of the entry before it, so changing, inserting or
// removing an entry breaks every link after it. Pure functions; the store is elsewhere.
#ifndef AMS_SERVICES_AUDIT_LEDGER_H_
#define AMS_SERVICES_AUDIT_LEDGER_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "ams/audit/v1/audit_service.pb.h"

namespace ams::audit {

using ::ams::audit::v1::LedgerEntry;

// The previous hash of the first entry.
inline const std::string& GenesisHash() {
  static const std::string* const zeros = new std::string(64, '0');
  return *zeros;
}

// What the ledger records of one event, before it is chained.
struct EventFacts {
  std::string id, type, application, producer;
  absl::Time time;
  std::string sha256;  // of the event's bytes (the record value)
};

// Hex SHA-256 over the entry's fields in a fixed text form (one per line), including the
// previous entry's hash; entry_sha256 itself is not part of it.
std::string EntryHash(const LedgerEntry& entry);

// The entry after `previous` (nullopt: the first) for `event`, with its hash.
LedgerEntry Chain(const std::optional<LedgerEntry>& previous, const EventFacts& event);

// The first problem in `entries` (consecutive, ascending), each checked against its own hash
// and its link to the one before; `previous_hash` is what the first must link to.
struct Break {
  int64_t sequence;
  std::string detail;
};
std::optional<Break> FindBreak(const std::vector<LedgerEntry>& entries, int64_t first_sequence,
                               const std::string& previous_hash);

}  // namespace ams::audit

#endif  // AMS_SERVICES_AUDIT_LEDGER_H_
