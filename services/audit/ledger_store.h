// The ledger in Redis, with what the audit service derives from it, all under
// "audit:{<ledger>}:" (one hash tag: the chain is one sequence):
//   entry:<seq>      hash of a LedgerEntry's fields, readable with redis-cli
//   head             hash {sequence, entry_sha256}: the last entry
//   signed_head      hash {sequence, entry_sha256, sign_time, signature}
//   event:<ce_id>    sequence of the entry for that event (a redelivery is not appended again)
//   app:<id>         sorted set of an application's entry sequences
//   steps:<id>       hash step -> start (unix ns): the application's steps under way
//   agencies         hash application id -> agency, from ApplicationSubmitted
//   timings:<step>   sorted set by end (ms) of "<app>|<start ns>|<end ns>|<agency>"
//   deadlines        sorted set by breach time (ms) of "<app>|<step>|<start ns>"
//   breached         hash of the same members: SlaBreached emitted for them
// The entry, its indexes and the step bookkeeping are written in one transaction, on the
// condition that the head has not moved, so the chain has a single writer. (With an
// SlaBreached, the transaction also holds the outbox key, in the application's slot: one Redis
// server, not Redis Cluster.)
#ifndef AMS_SERVICES_AUDIT_LEDGER_STORE_H_
#define AMS_SERVICES_AUDIT_LEDGER_STORE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/clock.h"
#include "common/kv_store.h"
#include "common/outbox.h"
#include "common/random.h"
#include "services/audit/head_signer.h"
#include "services/audit/ledger.h"
#include "services/audit/sop_steps.h"

namespace ams::audit {

// One timed step as stored for the SLA report.
struct StepRecord {
  std::string application, agency;
  absl::Time start, end;
};

class LedgerStore {
 public:
  LedgerStore(KvStore* kv, Outbox* outbox, std::string ledger, double sla_factor, Clock* clock,
              RandomSource* random);

  struct Appended {
    bool appended = false;  // false: the event was in the ledger already
    LedgerEntry entry;
    std::vector<ClosedStep> closed;
  };
  // Appends `event` (with the agency when the event names it) and updates the application's
  // steps; a step that closes past its limit emits SlaBreached in the same transaction.
  absl::StatusOr<Appended> Append(const EventFacts& event, const std::string& agency);

  // Emits SlaBreached, once, for each step still running past its limit at `watermark`: the
  // time up to which the ledger has every event (so a step that ended but whose end is still
  // on its way is not reported). Returns how many.
  absl::StatusOr<int> SweepBreaches(absl::Time watermark);

  // The last entry's sequence and hash (the other fields unset), as the head records them.
  absl::StatusOr<std::optional<LedgerEntry>> Head();
  // Entries first..last that exist (missing ones are simply absent from the result).
  absl::StatusOr<std::vector<LedgerEntry>> Range(int64_t first, int64_t last);
  // The entries at `sequences`, in that order (nullopt where there is none).
  absl::StatusOr<std::vector<std::optional<LedgerEntry>>> Entries(
      const std::vector<int64_t>& sequences);
  absl::StatusOr<std::vector<int64_t>> SequencesOf(const std::string& application_id);
  absl::StatusOr<std::vector<StepRecord>> Timings(SopStep step, absl::Time from, absl::Time to);

  absl::Status SaveSignedHead(const SignedHead& head);
  absl::StatusOr<std::optional<SignedHead>> LoadSignedHead();

  std::string Key(absl::string_view suffix) const;

 private:
  static std::optional<LedgerEntry> HeadFrom(const KvReply& head);

  KvStore* kv_;
  Outbox* outbox_;
  const std::string ledger_;
  const double sla_factor_;
  Clock* clock_;
  RandomSource* random_;
};

}  // namespace ams::audit

#endif  // AMS_SERVICES_AUDIT_LEDGER_STORE_H_
