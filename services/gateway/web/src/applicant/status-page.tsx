// /status/{id}: the page every mail about an application links to. Where the application is in
// the SOP's eight steps (done, current, to come; or returned, withdrawn, completed), since when
// (WIB, and how long ago), what happens next and who acts, the SOP's standard time for that
// step, and whom to ask. GetApplicationStatus needs no session: the id is the link's only
// credential, and the answer holds nothing personal. An address that holds no id is told as a
// broken link without asking the server; an id the ledger does not know, as such.
import { Code } from "@connectrpc/connect";
import type { ParseKeys, TFunction } from "i18next";
import { useCallback, useEffect, useState } from "react";
import type { ReactNode } from "react";
import { Button } from "react-aria-components";
import { useTranslation } from "react-i18next";
import { Link, Navigate, useParams } from "react-router";
import { workErrorOf } from "../api/errors";
import type { WorkError } from "../api/errors";
import { dateOf, locale } from "../common/format";
import { Notice } from "../common/messages";
import { PageHeading } from "../common/page";
import { GetApplicationStatusResponse_Standing as StandingCode } from "../gen/ams/audit/v1/audit_service_pb";
import type { GetApplicationStatusResponse } from "../gen/ams/audit/v1/audit_service_pb";
import { applicantClient } from "./api";
import { applicantErrorText } from "./parts";
import { logInPath, statusPathOf } from "./paths";
import { actorOf, applicationIdOf, isStepNumber, standardMinutes, stepNumbers, stepStates } from "./status";
import type { Actor, Standing, StepNumber, StepState } from "./status";
import "./status.css";

export default function StatusPage() {
  const raw = useParams()["*"] ?? "";
  const id = applicationIdOf(raw);
  if (!id) return <BrokenLinkView />;
  // The id as the server writes it (lower case), also in the address bar.
  if (id !== raw) return <Navigate to={statusPathOf(id)} replace />;
  return <ApplicationStatus key={id} id={id} />;
}

type Load =
  | { status: "loading" }
  | { status: "notFound" }
  | { status: "broken" }
  | { status: "failed"; error: WorkError }
  // skewMs: the server's clock minus this device's (from the answer's Date), so that "3 jam
  // yang lalu" is right on a phone whose clock is off; readAt: when the server answered.
  | { status: "ready"; answer: GetApplicationStatusResponse; skewMs: number; readAt: Date };

// One call; what the page makes of its answer.
async function fetchStatus(id: string): Promise<Load> {
  let date: string | null = null;
  try {
    const answer = await applicantClient.getApplicationStatus(
      { application: `applications/${id}` },
      { onHeader: (h) => (date = h.get("date")) },
    );
    const server = date ? Date.parse(date) : NaN;
    const skewMs = Number.isNaN(server) ? 0 : server - Date.now();
    return { status: "ready", answer, skewMs, readAt: new Date(Date.now() + skewMs) };
  } catch (error) {
    const e = workErrorOf(error);
    if (e.code === Code.NotFound) return { status: "notFound" };
    if (e.code === Code.InvalidArgument) return { status: "broken" };
    return { status: "failed", error: e };
  }
}

function ApplicationStatus({ id }: { id: string }) {
  const [load, setLoad] = useState<Load>({ status: "loading" });
  // A refresh keeps the status on the page until the new one is there.
  const [refreshing, setRefreshing] = useState(false);
  const [refreshError, setRefreshError] = useState<WorkError>();

  const first = useCallback(async () => {
    setLoad({ status: "loading" });
    setLoad(await fetchStatus(id));
  }, [id]);

  async function refresh() {
    setRefreshing(true);
    const next = await fetchStatus(id);
    setRefreshing(false);
    if (next.status === "failed") setRefreshError(next.error);
    else {
      setRefreshError(undefined);
      setLoad(next);
    }
  }

  useEffect(() => {
    void first();
  }, [first]);

  switch (load.status) {
    case "loading":
      return <LoadingView />;
    case "broken":
      return <BrokenLinkView />;
    case "notFound":
      return <NotFoundView id={id} />;
    case "failed":
      return <FailedView error={load.error} retry={() => void first()} />;
    case "ready":
      return (
        <StatusView
          id={id}
          answer={load.answer}
          skewMs={load.skewMs}
          readAt={load.readAt}
          refreshing={refreshing}
          refreshError={refreshError}
          refresh={() => void refresh()}
        />
      );
  }
}

function LoadingView() {
  const { t } = useTranslation();
  return (
    <div className="portal-page" data-status="loading">
      <PageHeading>{t("applicationStatus.title")}</PageHeading>
      <p className="loading" role="status">
        {t("applicationStatus.loading")}
      </p>
    </div>
  );
}

// Whom to ask: naming the application number when there is one (shown here when the page does
// not show it above, `id`), or the one above (`numberAbove`).
function Contact({ id, numberAbove = false, title }: { id?: string; numberAbove?: boolean; title?: string }) {
  const { t } = useTranslation();
  return (
    <section className="panel" aria-labelledby="status-contact-title">
      <h2 id="status-contact-title" className="panel__title">
        {title ?? t("applicationStatus.contactTitle")}
      </h2>
      <p>
        {id
          ? t("applicationStatus.contactWithNumber")
          : numberAbove
            ? t("applicationStatus.contactNumberAbove")
            : t("applicationStatus.contact")}
      </p>
      {id && (
        <p>
          {t("applicationStatus.number")}: <span className="number">{id}</span>
        </p>
      )}
    </section>
  );
}

function BrokenLinkView() {
  const { t } = useTranslation();
  return (
    <div className="portal-page" data-status="broken">
      <PageHeading>{t("applicationStatus.brokenTitle")}</PageHeading>
      <p className="lead">{t("applicationStatus.brokenBody")}</p>
      <p>{t("applicationStatus.brokenWhat")}</p>
      <Contact title={t("applicationStatus.brokenContactTitle")} />
    </div>
  );
}

function NotFoundView({ id }: { id: string }) {
  const { t } = useTranslation();
  return (
    <div className="portal-page" data-status="not-found">
      <PageHeading>{t("applicationStatus.notFoundTitle")}</PageHeading>
      <p className="lead">{t("applicationStatus.notFoundBody")}</p>
      <p>{t("applicationStatus.notFoundNew")}</p>
      <Contact id={id} />
    </div>
  );
}

// Why the status could not be read (UNAVAILABLE: later), with "Coba lagi".
function failureText(t: TFunction, error: WorkError): string {
  if (error.code === Code.Unavailable || error.reason === "DEPENDENCY_UNAVAILABLE") {
    return t("applicationStatus.unavailable");
  }
  return applicantErrorText(t, error);
}

function FailedView({ error, retry }: { error: WorkError; retry(): void }) {
  const { t } = useTranslation();
  return (
    <div className="portal-page" data-status="failed">
      <PageHeading hasError>{t("applicationStatus.title")}</PageHeading>
      <Notice kind="warning" action={{ label: t("app.retry"), onPress: retry }}>
        {`${t("applicationStatus.failed")} ${failureText(t, error)}`}
      </Notice>
      <Contact />
    </div>
  );
}

// The API's standing as the page tells it; waiting at a step this page does not know, or a
// standing it does not know, is "unknown".
function standingOf(answer: GetApplicationStatusResponse): Standing {
  switch (answer.standing) {
    case StandingCode.WAITING:
      return isStepNumber(answer.step) ? { kind: "waiting", step: answer.step } : { kind: "unknown" };
    case StandingCode.RETURNED:
      return { kind: "returned" };
    case StandingCode.WITHDRAWN:
      return { kind: "withdrawn" };
    case StandingCode.COMPLETED:
      return { kind: "completed" };
    default:
      return { kind: "unknown" };
  }
}

// Each step as an activity ("Penerusan ke BSrE", "Forwarding to BSrE"): it may be still to come.
const stepNameKey: Record<StepNumber, ParseKeys> = {
  1: "applicationStatus.stepName.step1",
  2: "applicationStatus.stepName.step2",
  3: "applicationStatus.stepName.step3",
  4: "applicationStatus.stepName.step4",
  5: "applicationStatus.stepName.step5",
  6: "applicationStatus.stepName.step6",
  7: "applicationStatus.stepName.step7",
  8: "applicationStatus.stepName.step8",
};

const actorKey: Record<Actor, ParseKeys> = {
  agency: "applicationStatus.actor.agency",
  diskominfo: "applicationStatus.actor.diskominfo",
  bsre: "applicationStatus.actor.bsre",
  applicant: "applicationStatus.actor.applicant",
  verifier: "applicationStatus.actor.verifier",
  system: "applicationStatus.actor.system",
};

const stateKey: Record<StepState, ParseKeys> = {
  done: "applicationStatus.state.done",
  current: "applicationStatus.state.current",
  returned: "applicationStatus.state.returned",
  todo: "applicationStatus.state.todo",
};

// What happens at each step, from the applicant's side.
const nextKey: Record<StepNumber, ParseKeys> = {
  1: "applicationStatus.next.step1",
  2: "applicationStatus.next.step2",
  3: "applicationStatus.next.step3",
  4: "applicationStatus.next.step4",
  5: "applicationStatus.next.step5",
  6: "applicationStatus.next.step6",
  7: "applicationStatus.next.step7",
  8: "applicationStatus.next.step8",
};

// "30 Nov 2025 14.05" in WIB (the regency's time, whatever the device's zone), "WIB" after it.
function formatWib(date: Date): string {
  return new Intl.DateTimeFormat(locale(), {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone: "Asia/Jakarta",
  }).format(date);
}

// "11.26.05": with the seconds, so that each refresh changes the words (and is read out).
function formatWibTime(date: Date): string {
  return new Intl.DateTimeFormat(locale(), { timeStyle: "medium", timeZone: "Asia/Jakarta" }).format(date);
}

// "3 jam yang lalu", "2 hari yang lalu" ("sekarang" within the minute): always in numbers (not
// "kemarin dulu", which a day and a half rounded to 2 days may not be).
function formatAgo(date: Date, now: Date): string {
  const seconds = Math.max(0, (now.getTime() - date.getTime()) / 1000);
  if (seconds < 60) return new Intl.RelativeTimeFormat(locale(), { numeric: "auto" }).format(0, "second");
  const rtf = new Intl.RelativeTimeFormat(locale(), { numeric: "always" });
  if (seconds < 3600) return rtf.format(-Math.floor(seconds / 60), "minute");
  if (seconds < 86400) return rtf.format(-Math.floor(seconds / 3600), "hour");
  return rtf.format(-Math.floor(seconds / 86400), "day");
}

// "3 menit", "1 minute": Intl words the unit.
function minutes(n: number): string {
  return new Intl.NumberFormat(locale(), { style: "unit", unit: "minute", unitDisplay: "long" }).format(n);
}

// This device's clock, read again every `ms`.
function useNow(ms: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), ms);
    return () => window.clearInterval(timer);
  }, [ms]);
  return now;
}

function WibTime({ date }: { date: Date }) {
  const { t } = useTranslation();
  return <time dateTime={date.toISOString()}>{t("applicationStatus.wib", { time: formatWib(date) })}</time>;
}

function StatusView({
  id,
  answer,
  skewMs,
  readAt,
  refreshing,
  refreshError,
  refresh,
}: {
  id: string;
  answer: GetApplicationStatusResponse;
  skewMs: number;
  readAt: Date;
  refreshing: boolean;
  refreshError: WorkError | undefined;
  refresh(): void;
}) {
  const { t } = useTranslation();
  const now = new Date(useNow(30_000) + skewMs);
  const standing = standingOf(answer);
  const states = stepStates(standing);
  const since = dateOf(answer.since);
  const submitted = dateOf(answer.submitTime);
  return (
    <div className="portal-page" data-status={standing.kind}>
      <PageHeading>{t("applicationStatus.title")}</PageHeading>
      <p className="status-number">
        {t("applicationStatus.number")}: <span className="number">{id}</span>
      </p>

      <Now standing={standing} since={since} now={now} />
      <WhatNext standing={standing} />

      {states && (
        <section aria-labelledby="status-steps-title">
          <h2 id="status-steps-title" className="section-title">
            {t("applicationStatus.stepsTitle")}
          </h2>
          <ol className="sop-steps" role="list">
            {stepNumbers.map((n, i) => (
              <Step key={n} n={n} state={states[i] ?? "todo"} submitted={n === 1 ? submitted : undefined} />
            ))}
          </ol>
        </section>
      )}
      {!states && submitted && (
        <p>
          {t("applicationStatus.submittedAt")} <WibTime date={submitted} />
        </p>
      )}

      <Contact numberAbove />

      <div className="status-refresh">
        <p role="status" className="status-refresh__read">
          {refreshError
            ? `${t("applicationStatus.refreshFailed")} ${failureText(t, refreshError)}`
            : t("applicationStatus.readAt", { time: formatWibTime(readAt) })}
        </p>
        <Button className="button button--secondary" isPending={refreshing} onPress={refresh}>
          {t("applicationStatus.refresh")}
        </Button>
      </div>
      <p className="portal-page__aside">{t("applicationStatus.privacy")}</p>
    </div>
  );
}

// Where it is now, and since when: the first thing the applicant reads.
function Now({ standing, since, now }: { standing: Standing; since: Date | undefined; now: Date }) {
  const { t } = useTranslation();
  let title: string;
  switch (standing.kind) {
    case "waiting":
      title = t("applicationStatus.waitingTitle", {
        step: standing.step,
        total: stepNumbers.length,
        name: t(stepNameKey[standing.step]),
      });
      break;
    case "returned":
      title = t("applicationStatus.returnedTitle");
      break;
    case "withdrawn":
      title = t("applicationStatus.withdrawnTitle");
      break;
    case "completed":
      title = t("applicationStatus.completedTitle");
      break;
    case "unknown":
      title = t("applicationStatus.unknownTitle");
      break;
  }
  return (
    <section className={`status-now status-now--${standing.kind}`} aria-labelledby="status-now-title">
      <p className="status-now__label">{t("applicationStatus.nowLabel")}</p>
      <h2 id="status-now-title" className="status-now__title">
        {title}
      </h2>
      {since && (
        <p className="status-now__since">
          {t("applicationStatus.since")} <WibTime date={since} />{" "}
          <span className="status-now__ago">({formatAgo(since, now)})</span>
        </p>
      )}
    </section>
  );
}

// What happens next and who acts; the SOP's standard time for the step it waits at.
function WhatNext({ standing }: { standing: Standing }) {
  const { t } = useTranslation();
  const logIn = `${window.location.origin}${logInPath}`;
  let actor: Actor | undefined;
  let body: ReactNode;
  let step: StepNumber | undefined;
  let logInLink = false;
  switch (standing.kind) {
    case "waiting":
      step = standing.step;
      actor = actorOf[step];
      body = <p>{t(nextKey[step], { page: logIn })}</p>;
      logInLink = step === 7 || step === 8;
      break;
    case "returned":
      actor = "agency";
      body = <p>{t("applicationStatus.next.returned")}</p>;
      break;
    case "withdrawn":
      body = <p>{t("applicationStatus.next.withdrawn")}</p>;
      break;
    case "completed":
      actor = "applicant";
      body = <p>{t("applicationStatus.next.completed", { page: logIn })}</p>;
      logInLink = true;
      break;
    case "unknown":
      body = <p>{t("applicationStatus.next.unknown")}</p>;
      break;
  }
  const yourTurn = actor === "applicant" && standing.kind === "waiting";
  return (
    <section aria-labelledby="status-next-title">
      <h2 id="status-next-title" className="section-title">
        {t("applicationStatus.nextTitle")}
      </h2>
      {yourTurn && <p className="status-turn">{t("applicationStatus.yourTurn")}</p>}
      {actor && (
        <p>
          <span className="status-term">{t("applicationStatus.whoActs")}:</span> {t(actorKey[actor])}
        </p>
      )}
      {body}
      {step && (
        <p>
          <span className="status-term">{t("applicationStatus.standardTime")}:</span>{" "}
          {minutes(standardMinutes[step])}.{" "}
          {t(actor === "applicant" ? "applicationStatus.standardTimeYours" : "applicationStatus.standardTimeQueue")}
        </p>
      )}
      {step === 4 && <p>{t("applicationStatus.next.step4Link")}</p>}
      {logInLink && (
        <p>
          <Link to={logInPath} className="button button--primary">
            {t("applicationStatus.logIn")}
          </Link>
        </p>
      )}
    </section>
  );
}

function Step({ n, state, submitted }: { n: StepNumber; state: StepState; submitted: Date | undefined }) {
  const { t } = useTranslation();
  return (
    <li
      className={`sop-steps__step sop-steps__step--${state}`}
      aria-current={state === "current" || state === "returned" ? "step" : undefined}
    >
      <span className="sop-steps__marker" aria-hidden="true">
        {state === "done" ? "✓" : n}
      </span>
      <span className="sop-steps__body">
        <span className="sop-steps__name">
          <span className="visually-hidden">{t("applicationStatus.stepLabel", { step: n })} </span>
          {t(stepNameKey[n])}
        </span>
        <span className="sop-steps__state">
          {t(stateKey[state])}
          {state === "done" && submitted && (
            <>
              {" · "}
              <WibTime date={submitted} />
            </>
          )}
        </span>
        <span className="sop-steps__meta">
          {t(actorKey[actorOf[n]])} · {t("applicationStatus.standardShort", { time: minutes(standardMinutes[n]) })}
        </span>
      </span>
    </li>
  );
}
