// Admin, "Operator dan peran" (/admin/operator): everyone who signs in at the gateway, operators
// and agencies' users, with their roles, agency, whether their authenticator app is on and how
// many sessions they have open (AdminService/ListOperators, by id). "Tambah operator"; per row
// "Ubah", "Atur ulang kata sandi", "Atur ulang autentikator" and "Hapus", but not what would
// lock the admin out on their own row. A new or reset password is shown once, in its dialog.
import { useCallback, useState } from "react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { LoadFailed, LoadState } from "../common/load-state";
import { ActionMessage } from "../common/messages";
import type { Message } from "../common/messages";
import { PageHeading } from "../common/page";
import type { ListOperatorsResponse, OperatorEntry } from "../gen/ams/gateway/v1/admin_service_pb";
import { useSession } from "../session/session";
import { useActions, useLoad } from "../work/use-work";
import { adminClient } from "./api";
import { AddOperatorDialog } from "./operator-dialogs";
import type { OperatorsContext } from "./operator-dialogs";
import { OperatorsTable } from "./operators-table";
import "./admin.css";

const messageId = "operators-message";

export default function OperatorsPage() {
  const { t } = useTranslation();
  const session = useSession();
  const me = session.state.status === "signedIn" ? session.state.operator.name : "";
  const loaded = useLoad(() => adminClient.listOperators({}), [], true);
  const actions = useActions();
  const [message, setMessage] = useState<Message>();
  const data = loaded.data;
  const { set } = loaded;
  const { refresh } = session;

  const onMessage = useCallback((m: Message, focus = false) => {
    setMessage(m);
    // The row's button may be gone: the message takes the focus instead.
    if (focus) requestAnimationFrame(() => document.getElementById(messageId)?.focus());
  }, []);

  const replace = useCallback(
    (entry: OperatorEntry) => {
      if (!data) return;
      const operators = data.operators.map((e) => (e.operator?.name === entry.operator?.name ? entry : e));
      set({ ...data, operators } as ListOperatorsResponse);
    },
    [data, set],
  );

  const context: OperatorsContext = {
    actions,
    onMessage,
    reload: loaded.reload,
    replace,
    onOwnChange: () => void refresh(),
  };

  let results: ReactNode;
  if (!data) {
    results = <LoadState error={loaded.error} retry={loaded.reload} />;
  } else {
    const entries = data.operators.filter((e) => e.operator);
    results = (
      <>
        <p className="queue-count" role="status">
          {t("operators.count", { count: entries.length })}
        </p>
        {loaded.error && <LoadFailed error={loaded.error} retry={loaded.reload} />}
        <OperatorsTable entries={entries} me={me} busy={loaded.loading} context={context} />
      </>
    );
  }

  return (
    <>
      <PageHeading>{t("queues.operators.title")}</PageHeading>
      <p className="lead">{t("operators.lead")}</p>
      <div className="page-actions">
        <AddOperatorDialog context={context} />
      </div>
      {/* Always in the page: its live regions read out what an action did. */}
      <ActionMessage message={message} id={messageId} />
      {results}
    </>
  );
}
