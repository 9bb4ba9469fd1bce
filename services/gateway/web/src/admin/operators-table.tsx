// The operators as a real table (caption, column and row headers: the display name heads its
// row). On a narrow screen it scrolls sideways inside a focusable region, the name staying in
// view, as the queues do.
import { useTranslation } from "react-i18next";
import { agencyLabel, idOf } from "../common/format";
import { roleNameKey } from "../common/roles";
import type { OperatorEntry } from "../gen/ams/gateway/v1/admin_service_pb";
import { Role } from "../gen/ams/type/v1/sop_pb";
import { Detail, DetailsTable } from "./details";
import {
  DeleteOperatorDialog,
  EditOperatorDialog,
  ResetPasswordDialog,
  ResetSecondFactorDialog,
  operatorLabel,
} from "./operator-dialogs";
import type { OperatorsContext } from "./operator-dialogs";

function SecondFactorTag({ entry }: { entry: OperatorEntry }) {
  const { t } = useTranslation();
  if (entry.secondFactorEnrolled) {
    return (
      <span className="tag tag--done tag--small">
        <span aria-hidden="true">✓ </span>
        {t("operators.secondFactorOn")}
      </span>
    );
  }
  // An admin may do nothing before enrolling one.
  const admin = entry.operator?.roles.includes(Role.ADMIN) ?? false;
  return (
    <span className={`tag tag--small ${admin ? "tag--waiting" : "tag--neutral"}`}>
      {admin ? t("operators.secondFactorRequired") : t("operators.secondFactorOff")}
    </span>
  );
}

// The row's actions: not what would lock the admin out on their own row.
function RowActions({ entry, own, context }: { entry: OperatorEntry; own: boolean; context: OperatorsContext }) {
  const { t } = useTranslation();
  return (
    <div className="row-actions">
      <EditOperatorDialog entry={entry} own={own} context={context} />
      {!own && <ResetPasswordDialog entry={entry} context={context} />}
      {!own && entry.secondFactorEnrolled && <ResetSecondFactorDialog entry={entry} context={context} />}
      {!own && <DeleteOperatorDialog entry={entry} context={context} />}
      {own && <p className="row-actions__note muted">{t("operators.ownRow")}</p>}
    </div>
  );
}

function Roles({ roles }: { roles: readonly Role[] }) {
  const { t } = useTranslation();
  return (
    <ul className="plain-list">
      {roles.map((r) => (
        <li key={r}>{t(roleNameKey[r])}</li>
      ))}
    </ul>
  );
}

// On a phone, two columns: the name, then the rest under each other with the actions (as the
// sessions' table does); from 48rem, a column each.
export function OperatorsTable({
  entries,
  me,
  busy,
  context,
}: {
  entries: readonly OperatorEntry[];
  // The signed-in admin ("operators/{id}").
  me: string;
  // The list is being loaded again.
  busy: boolean;
  context: OperatorsContext;
}) {
  const { t } = useTranslation();
  return (
    <DetailsTable
      caption={t("operators.caption")}
      className="operators-table"
      busy={busy}
      head={t("operators.name")}
      details={t("operators.details")}
      columns={[
        t("operators.id"),
        t("operators.roles"),
        t("operators.agency"),
        t("operators.secondFactor"),
        t("operators.sessions"),
        t("queue.actions"),
      ]}
    >
      {entries.map((entry) => {
        const op = entry.operator;
        if (!op) return null;
        const own = op.name === me;
        const id = (
          <span className="operator-id" translate="no">
            {idOf(op.name)}
          </span>
        );
        const agency = op.agency ? agencyLabel(op.agency) : "—";
        return (
          <tr key={op.name} data-operator={op.name}>
            <th scope="row" className="operators-table__name">
              {operatorLabel(entry)}
              {own && (
                <>
                  {" "}
                  <span className="tag tag--done tag--small">{t("operators.you")}</span>
                </>
              )}
            </th>
            <td className="only-narrow">
              <dl className="details-list">
                <Detail term={t("operators.id")}>{id}</Detail>
                <Detail term={t("operators.roles")}>
                  <Roles roles={op.roles} />
                </Detail>
                {op.agency && <Detail term={t("operators.agency")}>{agency}</Detail>}
                <Detail term={t("operators.secondFactor")}>
                  <SecondFactorTag entry={entry} />
                </Detail>
                <Detail term={t("operators.sessions")} className="number">
                  {entry.liveSessions}
                </Detail>
              </dl>
              <RowActions entry={entry} own={own} context={context} />
            </td>
            <td className="only-wide">{id}</td>
            <td className="only-wide">
              <Roles roles={op.roles} />
            </td>
            <td className="only-wide">{agency}</td>
            <td className="only-wide">
              <SecondFactorTag entry={entry} />
            </td>
            <td className="number only-wide">{entry.liveSessions}</td>
            <td className="only-wide">
              <RowActions entry={entry} own={own} context={context} />
            </td>
          </tr>
        );
      })}
    </DetailsTable>
  );
}
