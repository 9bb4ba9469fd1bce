// Where applications stand now, from the ledger alone: each application's last event that
// moves it says which SOP step it waits at (or that it is returned, withdrawn or done). Pure;
// the audit service feeds it the ledger and adds the SLA report (GetOverview).
#ifndef AMS_SERVICES_AUDIT_OVERVIEW_H_
#define AMS_SERVICES_AUDIT_OVERVIEW_H_

#include <vector>

#include "absl/time/time.h"
#include "ams/audit/v1/audit_service.pb.h"

namespace ams::audit {

// `entries` in ledger order; completed per day over the `days` days up to `now`'s day (WIB).
ams::audit::v1::GetOverviewResponse Overview(
    const std::vector<ams::audit::v1::LedgerEntry>& entries, absl::Time now, int days);

// Where the application of `entries` (its ledger entries, in order) stands now.
ams::audit::v1::GetApplicationStatusResponse StatusOf(
    const std::vector<ams::audit::v1::LedgerEntry>& entries);

}  // namespace ams::audit

#endif  // AMS_SERVICES_AUDIT_OVERVIEW_H_
