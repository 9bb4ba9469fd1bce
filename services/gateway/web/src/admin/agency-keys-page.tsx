// Admin, "Kunci API instansi" (/admin/kunci-api): the API keys of agencies' own systems, which
// call the gRPC APIs with "authorization: Bearer <key>" (AdminService/ListAgencyKeys, newest
// first): what each is for, its agency, its fingerprint (the first 8 hex digits of its SHA-256,
// all the gateway keeps), who made it and when, and whether it works or was revoked, when and
// by whom. "Buat kunci" shows the new key once; "Cabut" ends one for good.
import { useCallback, useState } from "react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { agencyLabel, idOf } from "../common/format";
import { LoadFailed, LoadState } from "../common/load-state";
import { ActionMessage } from "../common/messages";
import type { Message } from "../common/messages";
import { PageHeading } from "../common/page";
import { When } from "../common/when";
import type { AgencyKey } from "../gen/ams/gateway/v1/admin_service_pb";
import { useActions, useLoad } from "../work/use-work";
import { adminClient } from "./api";
import { Detail, DetailsTable } from "./details";
import { CreateKeyDialog, RevokeKeyDialog, fingerprintOf } from "./key-dialogs";
import type { KeysContext } from "./key-dialogs";
import "./admin.css";

const messageId = "agency-keys-message";

// "operators/siti" → "siti"; "—" for none.
function byWhom(name: string): string {
  return idOf(name) || "—";
}

function Issued({ entry }: { entry: AgencyKey }) {
  const { t } = useTranslation();
  return (
    <>
      <When time={entry.issueTime} />
      <span className="keys-table__by">{t("agencyKeys.by", { who: byWhom(entry.issuedBy) })}</span>
    </>
  );
}

// Active, or revoked with when and by whom.
function KeyState({ entry }: { entry: AgencyKey }) {
  const { t } = useTranslation();
  if (entry.revokeTime === undefined) {
    return (
      <span className="tag tag--done tag--small">
        <span aria-hidden="true">✓ </span>
        {t("agencyKeys.active")}
      </span>
    );
  }
  return (
    <>
      <span className="tag tag--back tag--small">{t("agencyKeys.revoked")}</span>
      <span className="keys-table__by">
        <When time={entry.revokeTime} />
      </span>
      <span className="keys-table__by">{t("agencyKeys.by", { who: byWhom(entry.revokedBy) })}</span>
    </>
  );
}

// On a phone, two columns: what the key is for, then the rest under each other with "Cabut";
// from 48rem, a column each.
function KeysTable({ keys, busy, context }: { keys: readonly AgencyKey[]; busy: boolean; context: KeysContext }) {
  const { t } = useTranslation();
  return (
    <DetailsTable
      caption={t("agencyKeys.caption")}
      className="keys-table"
      busy={busy}
      head={t("agencyKeys.label")}
      details={t("agencyKeys.details")}
      columns={[
        t("agencyKeys.agency"),
        t("agencyKeys.fingerprint"),
        t("agencyKeys.issued"),
        t("agencyKeys.status"),
        t("queue.actions"),
      ]}
    >
      {keys.map((key) => {
        const revoked = key.revokeTime !== undefined;
        const fingerprint = (
          <code className="fingerprint" translate="no">
            {fingerprintOf(key.name)}
          </code>
        );
        const revoke = revoked ? null : <RevokeKeyDialog entry={key} context={context} />;
        return (
          <tr key={key.name} data-key={key.name} data-state={revoked ? "revoked" : "active"}>
            <th scope="row" className="keys-table__label">
              {key.label || "—"}
            </th>
            <td className="only-narrow">
              <dl className="details-list">
                <Detail term={t("agencyKeys.agency")}>{agencyLabel(key.agency)}</Detail>
                <Detail term={t("agencyKeys.fingerprint")}>{fingerprint}</Detail>
                <Detail term={t("agencyKeys.issued")}>
                  <Issued entry={key} />
                </Detail>
                <Detail term={t("agencyKeys.status")}>
                  <KeyState entry={key} />
                </Detail>
              </dl>
              {revoke}
            </td>
            <td className="only-wide">{agencyLabel(key.agency)}</td>
            <td className="only-wide">{fingerprint}</td>
            <td className="only-wide">
              <Issued entry={key} />
            </td>
            <td className="only-wide">
              <KeyState entry={key} />
            </td>
            <td className="only-wide">{revoke ?? "—"}</td>
          </tr>
        );
      })}
    </DetailsTable>
  );
}

export default function AgencyKeysPage() {
  const { t } = useTranslation();
  const loaded = useLoad(() => adminClient.listAgencyKeys({}), [], true);
  const actions = useActions();
  const [message, setMessage] = useState<Message>();
  const data = loaded.data;
  const { set } = loaded;

  const onMessage = useCallback((m: Message, focus = false) => {
    setMessage(m);
    if (focus) requestAnimationFrame(() => document.getElementById(messageId)?.focus());
  }, []);

  const replace = useCallback(
    (key: AgencyKey) => {
      if (!data) return;
      set({ ...data, keys: data.keys.map((k) => (k.name === key.name ? key : k)) });
    },
    [data, set],
  );

  const context: KeysContext = { actions, onMessage, reload: loaded.reload, replace };

  let results: ReactNode;
  if (!data) {
    results = <LoadState error={loaded.error} retry={loaded.reload} />;
  } else {
    const active = data.keys.filter((k) => k.revokeTime === undefined).length;
    results = (
      <>
        <p className="queue-count" role="status">
          {t("agencyKeys.count", { count: data.keys.length, active })}
        </p>
        {loaded.error && <LoadFailed error={loaded.error} retry={loaded.reload} />}
        {data.keys.length === 0 ? (
          <div className="empty">
            <p>{t("agencyKeys.empty")}</p>
          </div>
        ) : (
          <KeysTable keys={data.keys} busy={loaded.loading} context={context} />
        )}
      </>
    );
  }

  return (
    <>
      <PageHeading>{t("queues.agencyKeys.title")}</PageHeading>
      <p className="lead">{t("agencyKeys.lead")}</p>
      <div className="page-actions">
        <CreateKeyDialog context={context} />
      </div>
      <ActionMessage message={message} id={messageId} />
      {results}
    </>
  );
}
