// /instansi, "Permohonan instansi": the agency's own applications, newest first
// (AgencyService/ListApplications, 20 a page, "Berikutnya" with the server's page token): the
// applicant, where it stands in words and, when it was returned, why; when it was submitted, its
// kind, the official e-mail and the application's number. "Ajukan permohonan baru" opens the
// form; after a submission the page names the new application.
import { useEffect, useRef, useState } from "react";
import type { ReactNode } from "react";
import { Button } from "react-aria-components";
import { useTranslation } from "react-i18next";
import { Link, useLocation } from "react-router";
import { LoadFailed } from "../common/load-state";
import { agencyLabel, idOf } from "../common/format";
import { kindKey, reasonCodeKey } from "../common/labels";
import { PageHeading } from "../common/page";
import { When } from "../common/when";
import type { SubmittedApplication } from "../gen/ams/gateway/v1/agency_service_pb";
import { ReasonCode } from "../gen/ams/type/v1/sop_pb";
import { useSession } from "../session/session";
import { useLoad } from "../work/use-work";
import { agencyClient } from "./api";
import { agencySubmitPath } from "./paths";
import { stateOf } from "./states";
import "./agency.css";

const pageSize = 20;

// What the form hands over after a submission (router state).
interface Submitted {
  name: string;
  fullName: string;
}

function submittedOf(state: unknown): Submitted | undefined {
  const s = (state as { submitted?: Partial<Submitted> } | null)?.submitted;
  return s && typeof s.name === "string" ? { name: s.name, fullName: typeof s.fullName === "string" ? s.fullName : "" } : undefined;
}

export default function AgencyListPage() {
  const { t } = useTranslation();
  const location = useLocation();
  const { state: session } = useSession();
  const submitted = submittedOf(location.state);
  // The page tokens from the first page to the one shown ("" for the first).
  const [tokens, setTokens] = useState<string[]>([""]);
  const token = tokens[tokens.length - 1] ?? "";
  const page = tokens.length;
  const countRef = useRef<HTMLParagraphElement>(null);

  const loaded = useLoad(
    () => agencyClient.listApplications({ pageSize, pageToken: token }).then((response) => ({ response, page })),
    [token],
    true,
  );

  function goTo(next: string[]) {
    setTokens(next);
    // The button pressed may go (no next page): the count, which tells the new page, has the focus.
    requestAnimationFrame(() => countRef.current?.focus());
  }

  const agency = session.status === "signedIn" ? agencyLabel(session.operator.agency) : "";
  const answer = loaded.data;
  let results: ReactNode;
  if (!answer && loaded.error) {
    results = <LoadFailed error={loaded.error} retry={loaded.reload} />;
  } else if (!answer) {
    results = (
      <p className="loading" role="status">
        {t("agency.listLoading")}
      </p>
    );
  } else {
    const { response } = answer;
    const applications = response.applications;
    const busy = loaded.loading;
    results = (
      <>
        <p ref={countRef} className="queue-count" role="status" tabIndex={-1}>
          {t("agency.count", { count: applications.length, page: answer.page })}
        </p>
        {loaded.error && <LoadFailed error={loaded.error} retry={loaded.reload} />}
        {applications.length === 0 ? (
          <div className="empty">
            <p>{answer.page > 1 ? t("agency.beyondLastPage") : t("agency.empty")}</p>
          </div>
        ) : (
          <ApplicationsTable applications={applications} page={answer.page} busy={busy} />
        )}
        {(answer.page > 1 || response.nextPageToken) && (
          <nav className="paging" aria-label={t("agency.paging")}>
            {answer.page > 1 && (
              <div className="button-row">
                {answer.page > 2 && (
                  <Button className="button button--secondary button--small" isDisabled={busy} onPress={() => goTo([""])}>
                    {t("agency.first")}
                  </Button>
                )}
                <Button className="button button--secondary button--small" isDisabled={busy} onPress={() => goTo(tokens.slice(0, -1))}>
                  <span aria-hidden="true">← </span>
                  {t("agency.previous")}
                </Button>
              </div>
            )}
            <span className="paging__where">{t("agency.page", { page: answer.page })}</span>
            {response.nextPageToken && (
              <Button
                className="button button--secondary button--small paging__next"
                isDisabled={busy}
                onPress={() => goTo([...tokens, response.nextPageToken])}
              >
                {t("agency.nextPage")}
                <span aria-hidden="true"> →</span>
              </Button>
            )}
          </nav>
        )}
      </>
    );
  }

  return (
    <div className="agency-list">
      {submitted && <SubmittedNotice submitted={submitted} />}
      <PageHeading takeFocus={!submitted}>{t("agency.listTitle")}</PageHeading>
      <p className="lead">{t("agency.listLead", { agency })}</p>
      <p className="agency-actions agency-actions--top">
        <Link to={agencySubmitPath} className="button button--primary">
          {t("agency.newApplication")}
        </Link>
      </p>
      <section className="section" aria-labelledby="agency-applications-heading">
        <h2 id="agency-applications-heading" className="section__title">
          {t("agency.applications")}
        </h2>
        {results}
      </section>
    </div>
  );
}

// After a submission: what was submitted, under which number, and what comes next. It takes the
// focus (the page's heading does not), so that it is read first.
function SubmittedNotice({ submitted }: { submitted: Submitted }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, [submitted.name]);
  return (
    <div ref={ref} className="notice notice--success agency-submitted" role="status" tabIndex={-1} data-application={submitted.name}>
      <p>
        {t("agency.submitted", { name: submitted.fullName })}{" "}
        {t("agency.submittedNumber")} <span className="number">{idOf(submitted.name)}</span>.{" "}
        {t("agency.submittedNext")}
      </p>
    </div>
  );
}

function ApplicationsTable({ applications, page, busy }: { applications: readonly SubmittedApplication[]; page: number; busy: boolean }) {
  const { t } = useTranslation();
  const caption = t("agency.caption", { page });
  return (
    <div className="table-wrap" role="region" aria-label={caption} tabIndex={0}>
      <table className="table agency-table" aria-busy={busy || undefined}>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t("agency.applicant")}</th>
            <th scope="col">{t("queue.state")}</th>
            <th scope="col">{t("agency.note")}</th>
            <th scope="col">{t("agency.submittedAt")}</th>
            <th scope="col">{t("queue.kind")}</th>
            <th scope="col">{t("applicant.email")}</th>
            <th scope="col">{t("agency.number")}</th>
          </tr>
        </thead>
        <tbody>
          {applications.map((a) => {
            const state = stateOf(t, a.state);
            const reason = a.state === "RETURNED" ? a.returnReason : undefined;
            return (
              <tr key={a.name} data-application={a.name}>
                <th scope="row" className="agency-table__name">
                  {a.fullName || "—"}
                </th>
                <td>
                  <span className={`tag tag--${state.tone}`}>{state.label}</span>
                </td>
                <td className="agency-table__note">
                  {reason ? (
                    <>
                      {reason.code !== ReasonCode.UNSPECIFIED && <span className="agency-table__reason">{t(reasonCodeKey[reason.code])}</span>}
                      {reason.text && <q className="agency-table__reason-text">{reason.text}</q>}
                    </>
                  ) : (
                    "—"
                  )}
                </td>
                <td>
                  <When time={a.createTime} relative />
                </td>
                <td>{t(kindKey[a.kind])}</td>
                <td className="agency-table__email">{a.officialEmail ? <Email address={a.officialEmail} /> : "—"}</td>
                <td>
                  {/* The whole number is the text (copied, and read out, in full); the screen
                      shows its start. */}
                  <code className="hash">{idOf(a.name)}</code>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

// An e-mail address that may wrap before its "@" (not in the middle of a name).
function Email({ address }: { address: string }) {
  const at = address.lastIndexOf("@");
  if (at <= 0) return <>{address}</>;
  return (
    <>
      {address.slice(0, at)}
      <wbr />
      {address.slice(at)}
    </>
  );
}
