// The auditor's pages (plain paths the gateway hands to the app): the ledger and the SLA report.
export const ledgerPath = "/audit";
export const slaPath = "/audit/sla";

// The whole ledger as a file, from the gateway (GET, the session's cookie).
export const ledgerCsvPath = "/documents/ledger/csv";
export const ledgerJsonlPath = "/documents/ledger/jsonl";
