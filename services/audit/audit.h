// The audit service's logic without transport: records each event in the ledger, signs the
// head, sweeps running steps for SLA breaches, and answers auditors (events by application,
// type and time; one application's timeline; verification of the chain and its signed head;
// the export; the SLA report).
#ifndef AMS_SERVICES_AUDIT_AUDIT_H_
#define AMS_SERVICES_AUDIT_AUDIT_H_

#include <functional>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "ams/audit/v1/audit_service.pb.h"
#include "common/api_keys.h"
#include "common/clock.h"
#include "common/cloud_event.h"
#include "services/audit/head_signer.h"
#include "services/audit/ledger_store.h"

namespace ams::audit {

namespace pb = ::ams::audit::v1;

class Audit {
 public:
  // `on_step` sees each step that closes (for the duration histograms); may be empty.
  Audit(LedgerStore* store, const HeadSigner* signer, Clock* clock,
        std::function<void(const ClosedStep&)> on_step = {})
      : store_(store), signer_(signer), clock_(clock), on_step_(std::move(on_step)) {}

  // Appends `event`, whose record value is `bytes`; a redelivery is a no-op.
  absl::Status Record(const EventEnvelope& event, const std::string& bytes);
  // Signs the head when the chain grew, intact, from the last signed head; FAILED_PRECONDITION
  // (and nothing signed) when it did not. Called from one thread.
  absl::Status SignHead();

  absl::StatusOr<pb::ListEventsResponse> ListEvents(const Principal& caller,
                                                    const pb::ListEventsRequest& r);
  absl::StatusOr<pb::GetTimelineResponse> GetTimeline(const Principal& caller,
                                                      const pb::GetTimelineRequest& r);
  absl::StatusOr<pb::VerifyLedgerResponse> VerifyLedger(const Principal& caller,
                                                        const pb::VerifyLedgerRequest& r);
  // Calls `write` with each chunk of the export, in order; stops at its first error.
  absl::Status ExportLedger(const Principal& caller, const pb::ExportLedgerRequest& r,
                            const std::function<absl::Status(std::string)>& write);
  absl::StatusOr<pb::GetSlaReportResponse> GetSlaReport(const Principal& caller,
                                                        const pb::GetSlaReportRequest& r);
  // Every operator: where applications stand now (overview.h), from the whole ledger.
  absl::StatusOr<pb::GetOverviewResponse> GetOverview(const Principal& caller,
                                                      const pb::GetOverviewRequest& r);
  absl::StatusOr<pb::GetApplicationStatusResponse> GetApplicationStatus(
      const Principal& caller, const pb::GetApplicationStatusRequest& r);

 private:
  // The ledger entries of "applications/{id}", in order; NOT_FOUND when there is none.
  absl::StatusOr<std::vector<LedgerEntry>> EntriesOf(const std::string& application);
  // Each step's timings closed in [from, to), of `agency`'s applications (empty: all).
  absl::StatusOr<pb::GetSlaReportResponse> SlaReport(absl::Time from, absl::Time to,
                                                     const std::string& agency);

  LedgerStore* store_;
  const HeadSigner* signer_;
  Clock* clock_;
  std::function<void(const ClosedStep&)> on_step_;
  std::optional<SignedHead> last_signed_;  // by this process
};

// Each step's timings for one application's entries, in order; a step still running at
// `now` has no end time and counts its duration so far.
std::vector<pb::StepTiming> Timeline(const std::vector<LedgerEntry>& entries, absl::Time now);

}  // namespace ams::audit

#endif  // AMS_SERVICES_AUDIT_AUDIT_H_
