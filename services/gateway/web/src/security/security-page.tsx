// "Keamanan akun": whether the operator's authenticator app is on (and the way to enrol one),
// and their sessions: where and in which browser they are signed in, when each was last used,
// and "Akhiri" for one left open elsewhere (this one ends with "Keluar").
import { Code } from "@connectrpc/connect";
import { useState } from "react";
import { Button } from "react-aria-components";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { sessionClient } from "../api/client";
import { errorText } from "../common/error-text";
import { LoadState } from "../common/load-state";
import { ActionMessage } from "../common/messages";
import type { Message } from "../common/messages";
import { PageHeading } from "../common/page";
import { When } from "../common/when";
import type { SessionInfo } from "../gen/ams/gateway/v1/session_service_pb";
import { useSession } from "../session/session";
import { useActions, useLoad } from "../work/use-work";
import { authenticatorPath } from "./paths";
import { browserLabel } from "./user-agent";

export default function SecurityPage() {
  const { t } = useTranslation();
  const { state } = useSession();
  const enrolled = state.status === "signedIn" && state.secondFactor.enrolled;
  return (
    <>
      <PageHeading>{t("security.title")}</PageHeading>
      <section className="section" aria-labelledby="authenticator-heading">
        <h2 id="authenticator-heading" className="section__title">
          {t("totp.title")}
        </h2>
        {enrolled ? (
          <p>
            <span className="badge badge--done">
              <span className="badge__icon" aria-hidden="true">
                ✓
              </span>
              {t("security.totpOn")}
            </span>{" "}
            {t("totp.activeBody")}
          </p>
        ) : (
          <>
            <p>{t("security.totpOff")}</p>
            <p>
              <Link to={authenticatorPath} className="button button--secondary">
                {t("security.enrol")}
              </Link>
            </p>
          </>
        )}
      </section>
      <section className="section" aria-labelledby="sessions-heading">
        <h2 id="sessions-heading" className="section__title">
          {t("security.sessions")}
        </h2>
        <p>{t("security.sessionsLead")}</p>
        <Sessions />
      </section>
    </>
  );
}

function Sessions() {
  const { t } = useTranslation();
  const loaded = useLoad(() => sessionClient.listSessions({}), [], true);
  const actions = useActions();
  const [message, setMessage] = useState<Message>();

  async function end(session: SessionInfo, label: string) {
    const result = await actions.run(`end:${session.name}`, () => sessionClient.endSession({ name: session.name }));
    // Gone already (it expired, or was ended in another tab): as the operator wanted.
    if (result.ok || result.error.code === Code.NotFound) {
      setMessage({ kind: "success", text: t("security.ended", { browser: label }) });
    } else {
      setMessage({ kind: "warning", text: errorText(t, result.error) });
    }
    loaded.reload();
  }

  const sessions = loaded.data?.sessions;
  if (!sessions) return <LoadState error={loaded.error} retry={loaded.reload} />;
  return (
    <>
      {/* Takes the focus: the row and its button are gone. */}
      <ActionMessage message={message} takeFocus />
      {/* On a phone, two columns: the browser, then the rest under each other with "Akhiri". */}
      <div className="table-wrap" role="region" aria-labelledby="sessions-heading" tabIndex={0}>
        <table className="table sessions-table" aria-busy={loaded.loading || undefined}>
          <caption className="visually-hidden">{t("security.sessionsCaption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("security.browser")}</th>
              <th scope="col" className="only-narrow">
                {t("security.details")}
              </th>
              <th scope="col" className="only-wide">
                {t("security.address")}
              </th>
              <th scope="col" className="only-wide">
                {t("security.started")}
              </th>
              <th scope="col" className="only-wide">
                {t("security.lastUsed")}
              </th>
              <th scope="col" className="only-wide">
                <span className="visually-hidden">{t("queue.actions")}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {sessions.map((s) => {
              const label = browserLabel(t, s.userAgent);
              const key = `end:${s.name}`;
              const endButton = !s.current && (
                <Button
                  className="button button--secondary button--small"
                  isPending={actions.pending === key}
                  isDisabled={actions.pending !== undefined && actions.pending !== key}
                  onPress={() => void end(s, label)}
                >
                  {t("security.end")}
                  <span className="visually-hidden"> {t("security.endWhich", { browser: label })}</span>
                </Button>
              );
              return (
                <tr key={s.name}>
                  <th scope="row">
                    <span title={s.userAgent || undefined}>{label}</span>
                    {s.current && (
                      <>
                        {" "}
                        <span className="tag tag--done tag--small">{t("security.current")}</span>
                      </>
                    )}
                  </th>
                  <td className="only-narrow">
                    <dl className="sessions-table__details">
                      <div>
                        <dt>{t("security.address")}</dt>
                        <dd className="number">{s.address || "—"}</dd>
                      </div>
                      <div>
                        <dt>{t("security.started")}</dt>
                        <dd>
                          <When time={s.startTime} />
                        </dd>
                      </div>
                      <div>
                        <dt>{t("security.lastUsed")}</dt>
                        <dd>
                          <When time={s.lastUseTime} relative />
                        </dd>
                      </div>
                    </dl>
                    {endButton}
                  </td>
                  <td className="number only-wide">{s.address || "—"}</td>
                  <td className="only-wide">
                    <When time={s.startTime} relative />
                  </td>
                  <td className="only-wide">
                    <When time={s.lastUseTime} relative />
                  </td>
                  <td className="only-wide">{endButton}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </>
  );
}
