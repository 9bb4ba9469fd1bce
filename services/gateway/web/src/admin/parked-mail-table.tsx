// The parked mail as a real table (caption, column and row headers: the recipient heads its
// row). On a narrow screen it scrolls sideways inside a focusable region, the recipient staying
// in view, as the queues do.
import { useTranslation } from "react-i18next";
import { Link, useLocation } from "react-router";
import { idOf, timelinePath } from "../common/format";
import { When } from "../common/when";
import type { ParkedMail } from "../gen/ams/gateway/v1/work_service_pb";
import type { RowContext } from "../work/queue-page";
import { mailKindLabel, serviceLabel, shortApplicationId } from "./mail-labels";
import { ResendDialog } from "./resend-dialog";

export function ParkedMailTable({
  mails,
  busy,
  context,
  onFocusMessage,
}: {
  mails: readonly ParkedMail[];
  // The list is being loaded again.
  busy: boolean;
  context: RowContext;
  onFocusMessage(): void;
}) {
  const { t } = useTranslation();
  const location = useLocation();
  const caption = t("parkedMail.caption");
  return (
    <div className="table-wrap" role="region" aria-label={caption} tabIndex={0}>
      <table className="table parked-mail-table" aria-busy={busy || undefined}>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t("parkedMail.recipient")}</th>
            <th scope="col">{t("parkedMail.kind")}</th>
            <th scope="col">{t("parkedMail.service")}</th>
            <th scope="col">{t("parkedMail.application")}</th>
            <th scope="col">{t("parkedMail.refusal")}</th>
            <th scope="col">{t("parkedMail.attempts")}</th>
            <th scope="col">{t("parkedMail.created")}</th>
            <th scope="col">{t("queue.actions")}</th>
          </tr>
        </thead>
        <tbody>
          {mails.map((parked) => {
            const mail = parked.mail;
            if (!mail) return null;
            return (
              <tr key={`${parked.service}:${mail.messageId}`}>
                <th scope="row" className="parked-mail-table__to">
                  {mail.to.join(", ") || "—"}
                </th>
                <td>{mailKindLabel(t, mail.kind)}</td>
                <td>{serviceLabel(t, parked.service)}</td>
                <td className="number">
                  {mail.application ? (
                    <Link
                      to={timelinePath(mail.application)}
                      state={{ back: location.pathname + location.search }}
                      title={idOf(mail.application)}
                    >
                      <span className="visually-hidden">{t("queue.timelineOf")} </span>
                      {shortApplicationId(mail.application)}
                    </Link>
                  ) : (
                    "—"
                  )}
                </td>
                <td className="parked-mail-table__error">{mail.lastError || "—"}</td>
                <td className="number">{mail.attempts}</td>
                <td>
                  <When time={mail.createTime} relative />
                </td>
                <td>
                  <ResendDialog parked={parked} context={context} onFocusMessage={onFocusMessage} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
