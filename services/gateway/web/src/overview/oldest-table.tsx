// "Paling lama menunggu per langkah": for each step 2 to 8, how many wait there, the one waiting
// longest (its short id, linking to its timeline) and since when. A real table (caption, column
// and row headers: the step heads its row); on a narrow screen it scrolls sideways inside a
// focusable region, as the queues do.
import { useTranslation } from "react-i18next";
import { Link, useLocation } from "react-router";
import { shortApplicationId } from "../admin/mail-labels";
import { formatCount } from "../audit/audit-input";
import { idOf, timelinePath } from "../common/format";
import { When } from "../common/when";
import type { GetOverviewResponse_Waiting } from "../gen/ams/audit/v1/audit_service_pb";
import { stepLabel } from "./overview-format";

export function OldestTable({ waiting, busy }: { waiting: readonly GetOverviewResponse_Waiting[]; busy: boolean }) {
  const { t } = useTranslation();
  const location = useLocation();
  const caption = t("overview.oldest.caption");
  return (
    <div className="table-wrap" role="region" aria-label={caption} tabIndex={0}>
      <table className="table overview-oldest-table" aria-busy={busy || undefined}>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t("overview.oldest.step")}</th>
            <th scope="col">{t("overview.oldest.waiting")}</th>
            <th scope="col">{t("overview.oldest.application")}</th>
            <th scope="col">{t("overview.oldest.since")}</th>
          </tr>
        </thead>
        <tbody>
          {waiting.map((w) => {
            const none = w.applications === 0n || !w.oldestApplication;
            return (
              <tr key={w.step} className={none ? "overview-oldest-table__row--none" : undefined}>
                <th scope="row">{stepLabel(t, w.step)}</th>
                <td className="number">{formatCount(w.applications)}</td>
                <td className="number">
                  {none ? (
                    <span>
                      <span aria-hidden="true">—</span>
                      <span className="visually-hidden">{t("overview.oldest.none")}</span>
                    </span>
                  ) : (
                    <Link
                      to={timelinePath(w.oldestApplication)}
                      state={{ back: location.pathname + location.search }}
                      title={idOf(w.oldestApplication)}
                    >
                      <span className="visually-hidden">{t("queue.timelineOf")} </span>
                      {shortApplicationId(w.oldestApplication)}
                    </Link>
                  )}
                </td>
                <td>{none ? "—" : <When time={w.oldestSince} relative />}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
