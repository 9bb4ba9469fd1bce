// A page of the ledger as a real table (caption, column headers, the entry's number heading its
// row): when, what happened (in words, with its type), to which application (linking to its
// timeline), from which service, and the entry's hash. On a narrow screen it scrolls sideways
// inside a focusable region, the number staying in view, as the queues do.
import { useTranslation } from "react-i18next";
import { Link, useLocation } from "react-router";
import { idOf, timelinePath } from "../common/format";
import { When } from "../common/when";
import type { LedgerEntry } from "../gen/ams/audit/v1/audit_service_pb";
import { shortApplicationId } from "../admin/mail-labels";
import { eventLabel } from "./audit-input";

export function LedgerTable({ entries, page, busy }: { entries: readonly LedgerEntry[]; page: number; busy: boolean }) {
  const { t } = useTranslation();
  const location = useLocation();
  const caption = t("ledger.caption", { page });
  return (
    <div className="table-wrap" role="region" aria-label={caption} tabIndex={0}>
      <table className="table ledger-table" aria-busy={busy || undefined}>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t("ledger.sequence")}</th>
            <th scope="col">{t("ledger.time")}</th>
            <th scope="col">{t("ledger.event")}</th>
            <th scope="col">{t("ledger.application")}</th>
            <th scope="col">{t("ledger.producer")}</th>
            <th scope="col">{t("ledger.hash")}</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => {
            const label = eventLabel(t, e.eventType);
            return (
              <tr key={e.sequence.toString()}>
                <th scope="row" className="number ledger-table__sequence">
                  {e.sequence.toString()}
                </th>
                <td>
                  <When time={e.eventTime} />
                </td>
                <td className="ledger-table__event">
                  {label}
                  {label !== e.eventType && <code className="event-type">{e.eventType}</code>}
                </td>
                <td className="number">
                  {e.application ? (
                    <Link
                      to={timelinePath(e.application)}
                      state={{ back: location.pathname + location.search }}
                      title={idOf(e.application)}
                    >
                      <span className="visually-hidden">{t("queue.timelineOf")} </span>
                      {shortApplicationId(e.application)}
                    </Link>
                  ) : (
                    "—"
                  )}
                </td>
                <td className="ledger-table__producer">{e.producer || "—"}</td>
                <td>
                  {/* The whole hash is the text (copied, and read out, in full); the screen shows
                      its start. One click selects all of it. */}
                  <code className="hash">{e.entrySha256 || "—"}</code>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
