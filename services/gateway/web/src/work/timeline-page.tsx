// One application's way through the SOP: a row per step with who, when, how long against the
// SOP's standard time (an overrun in colour and in words), then the audit ledger's events.
import { useTranslation } from "react-i18next";
import type { TFunction } from "i18next";
import { Link, useLocation, useParams } from "react-router";
import type { Duration } from "@bufbuild/protobuf/wkt";
import { workClient } from "../api/client";
import { errorText } from "../common/error-text";
import { dateOf, durationSeconds, formatDuration, personName } from "../common/format";
import { eventNameKey, sopStepKey } from "../common/labels";
import { Notice } from "../common/messages";
import { PageHeading } from "../common/page";
import { When } from "../common/when";
import type { TimelineStep } from "../gen/ams/gateway/v1/work_service_pb";
import { SopStep } from "../gen/ams/type/v1/sop_pb";
import { DetailLoadState } from "./detail";
import { useLoad } from "./use-work";

// The SOP's standard times in minutes (docs/events.md), for the steps not reached yet.
const standardMinutes: Record<number, number> = { 1: 1, 2: 3, 3: 1, 4: 3, 5: 3, 6: 1, 7: 1, 8: 1 };
const allSteps = [
  SopStep.SUBMIT_REQUEST,
  SopStep.FORWARD_TO_BSRE,
  SopStep.REGISTER_IDENTITY,
  SopStep.COMPLETE_DATA,
  SopStep.VERIFY_DATA,
  SopStep.ISSUE_CREDENTIAL,
  SopStep.FIRST_LOGIN,
  SopStep.CHANGE_PASSWORD,
];

type StepStatus = "within" | "overrun" | "running" | "runningOverrun" | "notStarted";

function statusOf(step: TimelineStep | undefined, now: Date): StepStatus {
  if (!step?.startTime) return "notStarted";
  const standard = durationSeconds(step.standardTime) || (standardMinutes[step.step] ?? 0) * 60;
  if (!step.endTime) {
    const start = dateOf(step.startTime);
    const elapsed = step.duration ? durationSeconds(step.duration) : start ? (now.getTime() - start.getTime()) / 1000 : 0;
    return standard > 0 && elapsed > standard ? "runningOverrun" : "running";
  }
  return step.withinStandardTime ? "within" : "overrun";
}

function StatusText({ status, t }: { status: StepStatus; t: TFunction }) {
  const parts: Record<StepStatus, [string, string]> = {
    within: ["✓", t("timeline.within")],
    overrun: ["!", t("timeline.overrun")],
    running: ["…", t("timeline.running")],
    runningOverrun: ["!", `${t("timeline.running")}; ${t("timeline.overrun").toLowerCase()}`],
    notStarted: ["", t("timeline.notStarted")],
  };
  const [icon, text] = parts[status];
  return (
    <span className={`step-status step-status--${status}`}>
      {icon && (
        <span className="step-status__icon" aria-hidden="true">
          {icon}
        </span>
      )}
      {text}
    </span>
  );
}

function standardOf(step: TimelineStep | undefined, number: SopStep): Duration | undefined {
  if (step?.standardTime) return step.standardTime;
  const minutes = standardMinutes[number];
  return minutes ? ({ seconds: BigInt(minutes * 60), nanos: 0 } as Duration) : undefined;
}

export default function TimelinePage() {
  const { t } = useTranslation();
  const { id = "" } = useParams();
  const location = useLocation();
  const application = `applications/${id}`;
  const loaded = useLoad(() => workClient.getTimeline({ application }), [application]);
  const back = (location.state as { back?: unknown } | null)?.back;

  const timeline = loaded.data;
  if (!timeline) return <DetailLoadState error={loaded.error} queuePath="/" retry={loaded.reload} />;

  const now = new Date();
  // The steps as the ledger has them (a step may come twice: returned, then resubmitted), then
  // the steps not reached yet.
  const reached = new Set(timeline.steps.map((s) => s.step));
  const rows: { step: SopStep; data?: TimelineStep }[] = [
    ...timeline.steps.map((s) => ({ step: s.step, data: s })),
    ...allSteps.filter((s) => !reached.has(s)).map((s) => ({ step: s })),
  ];

  return (
    <>
      {typeof back === "string" && back.startsWith("/") && !back.startsWith("//") && (
        <p className="back-link">
          <Link to={back}>
            <span aria-hidden="true">← </span>
            {t("app.back")}
          </Link>
        </p>
      )}
      <p className="page-caption">{t("timeline.title")}</p>
      <PageHeading title={`${t("timeline.title")}: ${timeline.applicant?.fullName ?? ""}`}>
        {timeline.applicant?.fullName || t("timeline.title")}
      </PageHeading>
      <p className="lead">{t("timeline.lead")}</p>
      {loaded.error && <Notice kind="warning">{errorText(t, loaded.error)}</Notice>}

      <section className="section" aria-labelledby="steps-heading">
        <h2 id="steps-heading" className="section__title">
          {t("timeline.steps")}
        </h2>
        <div className="table-wrap" role="region" aria-labelledby="steps-heading" tabIndex={0}>
          <table className="table timeline-table">
            <caption className="visually-hidden">{t("timeline.steps")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("timeline.step")}</th>
                <th scope="col">{t("timeline.actor")}</th>
                <th scope="col">{t("timeline.start")}</th>
                <th scope="col">{t("timeline.end")}</th>
                <th scope="col">{t("timeline.duration")}</th>
                <th scope="col">{t("timeline.standard")}</th>
                <th scope="col">{t("timeline.status")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map(({ step, data }, i) => {
                const status = statusOf(data, now);
                return (
                  <tr key={`${step}-${i}`} className={`timeline-row timeline-row--${status}`}>
                    <th scope="row">
                      {step}. {t(sopStepKey[step])}
                    </th>
                    <td>{data?.actor ? personName(data.actor) : "—"}</td>
                    <td>{data ? <When time={data.startTime} /> : "—"}</td>
                    <td>{data ? <When time={data.endTime} /> : "—"}</td>
                    <td className="number">{data?.duration ? formatDuration(data.duration) : "—"}</td>
                    <td className="number">{formatDuration(standardOf(data, step)) || "—"}</td>
                    <td>
                      <StatusText status={status} t={t} />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </section>

      <section className="section" aria-labelledby="events-heading">
        <h2 id="events-heading" className="section__title">
          {t("timeline.events")}
        </h2>
        {timeline.events.length === 0 ? (
          <p>{t("timeline.noEvents")}</p>
        ) : (
          <div className="table-wrap" role="region" aria-labelledby="events-heading" tabIndex={0}>
            <table className="table">
              <caption className="visually-hidden">{t("timeline.eventsCaption")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("timeline.sequence")}</th>
                  <th scope="col">{t("timeline.eventTime")}</th>
                  <th scope="col">{t("timeline.event")}</th>
                  <th scope="col">{t("timeline.producer")}</th>
                </tr>
              </thead>
              <tbody>
                {timeline.events.map((e) => {
                  const key = eventNameKey(e.eventType);
                  return (
                    <tr key={`${e.sequence}-${e.eventType}`}>
                      <td className="number">{e.sequence.toString()}</td>
                      <td>
                        <When time={e.eventTime} />
                      </td>
                      <th scope="row">
                        {key ? t(key) : e.eventType}
                        {key && <code className="event-type">{e.eventType}</code>}
                      </th>
                      <td>{e.producer || "—"}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}
