// Admin, "Surat tertahan": the mail the mail server refused for good (an unknown mailbox), from
// every service that mails, each with "Kirim ulang" to a corrected address. The state change a
// mail tells of has happened already; only the mail is missing. Its contents are never shown.
import { useState } from "react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { workClient } from "../api/client";
import { LoadFailed, LoadState } from "../common/load-state";
import { ActionMessage, Notice } from "../common/messages";
import type { Message } from "../common/messages";
import { PageHeading } from "../common/page";
import { useActions, useLoad } from "../work/use-work";
import { serviceLabel } from "./mail-labels";
import { ParkedMailTable } from "./parked-mail-table";

const messageId = "parked-mail-message";

function focusMessage() {
  // The row's button is gone once the list reloads: the message takes the focus instead.
  requestAnimationFrame(() => document.getElementById(messageId)?.focus());
}

export default function ParkedMailPage() {
  const { t } = useTranslation();
  const loaded = useLoad(() => workClient.listParkedMails({}), [], true);
  const actions = useActions();
  const [message, setMessage] = useState<Message>();
  const data = loaded.data;
  const context = { actions, onMessage: setMessage, reload: loaded.reload };

  let results: ReactNode;
  if (!data) {
    results = <LoadState error={loaded.error} retry={loaded.reload} />;
  } else {
    const mails = data.mails.filter((p) => p.mail);
    results = (
      <>
        <p className="queue-count" role="status">
          {t("parkedMail.count", { count: mails.length })}
        </p>
        {loaded.error && <LoadFailed error={loaded.error} retry={loaded.reload} />}
        {data.unreachableServices.length > 0 && (
          <Notice kind="warning" action={{ label: t("app.retry"), onPress: loaded.reload }}>
            {t("parkedMail.unreachable", {
              services: data.unreachableServices.map((s) => serviceLabel(t, s)).join(", "),
            })}
          </Notice>
        )}
        {mails.length === 0 ? (
          <div className="empty">
            <p>{t("parkedMail.empty")}</p>
          </div>
        ) : (
          <ParkedMailTable mails={mails} busy={loaded.loading} context={context} onFocusMessage={focusMessage} />
        )}
      </>
    );
  }

  return (
    <>
      <PageHeading>{t("queues.parkedMail.title")}</PageHeading>
      <p className="lead">{t("parkedMail.lead")}</p>
      {/* Always in the page: its live regions read out what "Kirim ulang" did. */}
      <ActionMessage message={message} id={messageId} />
      {results}
    </>
  );
}
