// A queue's rows as a real table (caption, column and row headers). On a narrow screen it
// scrolls sideways inside a focusable region, so the keyboard can scroll it too.
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { Message } from "../common/messages";
import { agencyLabel, dateOf, formatDateTime, formatNip } from "../common/format";
import { itemStateKey, itemStateTone, kindKey } from "../common/labels";
import { When } from "../common/when";
import type { Claim, QueueItem } from "../gen/ams/gateway/v1/work_service_pb";
import { ItemState } from "../gen/ams/gateway/v1/work_service_pb";
import { ClaimButtons, ClaimText } from "./claim";
import type { useActions } from "./use-work";

interface Props {
  caption: string;
  items: readonly QueueItem[];
  // A new page of the list is on its way.
  busy: boolean;
  // The list's own address, for the detail page's "back to the queue".
  back: string;
  detailPath?: ((item: QueueItem) => string) | undefined;
  showClaim: boolean;
  // BSrE's "awaiting activation" view: the username (the link's expiry is beside "Kirim ulang
  // tautan", where it matters).
  activation: boolean;
  actions: ReturnType<typeof useActions>;
  onClaim(item: QueueItem, claim: Claim | undefined, refused?: boolean): void;
  onMessage(message: Message): void;
  rowActions?: ((item: QueueItem) => ReactNode) | undefined;
}

export function StateTag({ state }: { state: ItemState }) {
  const { t } = useTranslation();
  return <span className={`tag tag--${itemStateTone[state]}`}>{t(itemStateKey[state])}</span>;
}

export function QueueTable(props: Props) {
  const { t } = useTranslation();
  const { caption, items, busy, back, detailPath, showClaim, activation, actions, onClaim, onMessage, rowActions } =
    props;
  return (
    <div className="table-wrap" role="region" aria-label={caption} tabIndex={0}>
      <table
        className={activation ? "table queue-table queue-table--activation" : "table queue-table"}
        aria-busy={busy || undefined}
      >
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t("queue.name")}</th>
            <th scope="col">{t("queue.nip")}</th>
            <th scope="col">{t("queue.nik")}</th>
            <th scope="col">{t("queue.agency")}</th>
            <th scope="col">{t("queue.kind")}</th>
            <th scope="col">{t("queue.entered")}</th>
            <th scope="col">{t("queue.state")}</th>
            {activation && <th scope="col">{t("queue.username")}</th>}
            {showClaim && !rowActions && <th scope="col">{t("queue.claim")}</th>}
            {rowActions && <th scope="col">{t("queue.actions")}</th>}
          </tr>
        </thead>
        <tbody>
          {items.map((item) => {
            const a = item.applicant;
            const name = a?.fullName || item.name;
            // Who holds the row, and "Ambil"/"Lepas"; with the row's own actions when it has
            // some (BSrE), in one column, so the table fits an office screen.
            const claim = (
              <div className="queue-table__claim-inner">
                <ClaimText claim={item.claim} />
                <ClaimButtons
                  name={item.name}
                  claim={item.claim}
                  actions={actions}
                  context={name}
                  onChange={(c, refused) => onClaim(item, c, refused)}
                  onMessage={onMessage}
                />
              </div>
            );
            return (
              <tr key={item.name}>
                <th scope="row" className="queue-table__name">
                  {detailPath ? (
                    <Link to={detailPath(item)} state={{ back }}>
                      {name}
                    </Link>
                  ) : (
                    name
                  )}
                </th>
                <td className="nip">{a?.employeeNumber ? formatNip(a.employeeNumber) : "—"}</td>
                <td className="number">{a?.nikMasked || "—"}</td>
                <td>{a ? agencyLabel(a.agency) : "—"}</td>
                <td>{t(kindKey[item.kind])}</td>
                <td>
                  <When time={item.enterTime} relative />
                </td>
                <td>
                  <StateTag state={item.state} />
                </td>
                {activation && <td className="username">{item.username || "—"}</td>}
                {showClaim && !rowActions && <td className="queue-table__claim">{claim}</td>}
                {rowActions && (
                  <td className="queue-table__actions">
                    {showClaim && claim}
                    {rowActions(item)}
                  </td>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

// "berlaku sampai 2 Des 2025 14.05", or that it has expired (then "Kirim ulang tautan").
export function LinkExpiry({ item }: { item: QueueItem }) {
  const { t } = useTranslation();
  const expires = dateOf(item.linkExpireTime);
  if (!expires) return <>—</>;
  const time = formatDateTime(expires);
  return expires > new Date() ? (
    <>{t("registration.linkUntil", { time })}</>
  ) : (
    <strong className="text-warning">{t("registration.linkExpired", { time })}</strong>
  );
}

// Whether an item is still to be decided in its queue (the decision buttons show then).
export function awaitingDecision(state: ItemState): boolean {
  return (
    state === ItemState.AWAITING_REVIEW ||
    state === ItemState.AWAITING_DECISION ||
    state === ItemState.ACTIVATION_SUBMITTED
  );
}
