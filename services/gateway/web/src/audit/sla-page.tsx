// Auditor, "Laporan waktu layanan": for a period (the last 30 days unless chosen) and one agency
// or all, each SOP step's times (p50, p90, p99) against its standard time and the share of runs
// within it, as a table and as a chart per step. The choice is in the address (?dari=…&sampai=…
// &instansi=…).
import type { FormEvent, ReactNode } from "react";
import { Form } from "react-aria-components";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { workClient } from "../api/client";
import { formatDuration } from "../common/format";
import { sopStepKey } from "../common/labels";
import { LoadFailed } from "../common/load-state";
import type { StepReport } from "../gen/ams/audit/v1/audit_service_pb";
import { useLoad } from "../work/use-work";
import { FormActions, NameField, PeriodFields, useFormValues } from "./audit-form";
import { agencyName, dayEnd, dayParam, dayStart, dayValue, formatCount, formatDay, formatShare } from "./audit-input";
import { AuditHeader, hasErrors, useSearchErrors } from "./audit-parts";
import type { FormErrors } from "./audit-parts";
import { SlaChart } from "./sla-chart";

interface SlaChoice {
  from: string;
  to: string;
  agency: string;
}

// The last 30 days up to today (the server's default, as days the operator can see and change).
function defaultChoice(): SlaChoice {
  const today = new Date();
  const start = new Date(today.getFullYear(), today.getMonth(), today.getDate() - 30);
  return { from: dayValue(start), to: dayValue(today), agency: "" };
}

function choiceOf(params: URLSearchParams): SlaChoice {
  const defaults = defaultChoice();
  return {
    from: dayParam(params, "dari", defaults.from),
    to: dayParam(params, "sampai", defaults.to),
    agency: params.get("instansi") ?? "",
  };
}

function paramsOf(choice: SlaChoice): URLSearchParams {
  const defaults = defaultChoice();
  const out = new URLSearchParams();
  if (choice.from !== defaults.from || choice.to !== defaults.to) {
    if (choice.from) out.set("dari", choice.from);
    if (choice.to) out.set("sampai", choice.to);
  }
  if (choice.agency.trim()) out.set("instansi", choice.agency.trim());
  return out;
}

const inputIds = {
  start_time: "sla-from",
  end_time: "sla-to",
  agency: "sla-agency",
};

export default function SlaPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const choice = choiceOf(params);
  const key = `${choice.from}|${choice.to}|${choice.agency}`;

  const loaded = useLoad(
    () =>
      workClient.getSlaReport({
        startTime: dayStart(choice.from),
        endTime: dayEnd(choice.to),
        agency: agencyName(choice.agency),
      }),
    [key],
    true,
  );

  const { errors, summary, attempt, checkPeriod } = useSearchErrors({
    key,
    error: loaded.error,
    violations: loaded.error?.violations ?? [],
    inputIds,
  });

  function onChoose(next: SlaChoice) {
    if (!checkPeriod(next.from, next.to)) return;
    const nextKey = `${next.from}|${next.to}|${next.agency.trim()}`;
    if (nextKey === key) loaded.reload();
    else setParams(paramsOf(next));
  }

  const data = loaded.data;
  const agency = agencyName(choice.agency);
  let results: ReactNode;
  if (hasErrors(errors)) {
    results = null;
  } else if (!data && loaded.error) {
    results = <LoadFailed error={loaded.error} retry={loaded.reload} />;
  } else if (!data) {
    results = (
      <p className="loading" role="status">
        {t("sla.loading")}
      </p>
    );
  } else {
    const reports = [...data.stepReports].sort((a, b) => a.step - b.step);
    const any = reports.some((r) => r.count > 0n);
    results = (
      <>
        <p className="queue-count" role="status">
          {t("sla.period", {
            from: formatDay(choice.from),
            to: formatDay(choice.to),
            agency: agency ? t("sla.oneAgency", { agency }) : t("sla.allAgencies"),
          })}
        </p>
        {loaded.error && <LoadFailed error={loaded.error} retry={loaded.reload} />}
        {!any ? (
          <div className="empty">
            <p>{t("sla.empty")}</p>
          </div>
        ) : (
          <>
            <p className="field__hint">{t("sla.percentilesHint")}</p>
            <SlaTable reports={reports} busy={loaded.loading} />
            <section className="section" aria-labelledby="sla-charts-heading">
              <h2 id="sla-charts-heading" className="section__title">
                {t("sla.chartsHeading")}
              </h2>
              <p>{t("sla.chartsLead")}</p>
              <ul className="sla-charts">
                {reports.map((r) => (
                  <li key={r.step}>
                    <SlaChart report={r} />
                  </li>
                ))}
              </ul>
            </section>
          </>
        )}
      </>
    );
  }

  return (
    <>
      <AuditHeader title={t("sla.title")} lead={t("sla.lead")} summary={summary} attempt={attempt} />
      <SlaForm choice={choice} choiceKey={key} errors={errors} onChoose={onChoose} />
      <section className="section" aria-labelledby="sla-results-heading">
        <h2 id="sla-results-heading" className="section__title">
          {t("sla.tableHeading")}
        </h2>
        {results}
      </section>
    </>
  );
}

function SlaTable({ reports, busy }: { reports: readonly StepReport[]; busy: boolean }) {
  const { t } = useTranslation();
  const caption = t("sla.caption");
  return (
    <div className="table-wrap" role="region" aria-label={caption} tabIndex={0}>
      <table className="table sla-table" aria-busy={busy || undefined}>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t("sla.step")}</th>
            <th scope="col">{t("sla.count")}</th>
            <th scope="col">{t("sla.p50")}</th>
            <th scope="col">{t("sla.p90")}</th>
            <th scope="col">{t("sla.p99")}</th>
            <th scope="col">{t("sla.standard")}</th>
            <th scope="col">{t("sla.within")}</th>
          </tr>
        </thead>
        <tbody>
          {reports.map((r) => {
            const none = r.count === 0n;
            const duration = (d: StepReport["p50"]) => (none || !d ? "—" : formatDuration(d));
            return (
              <tr key={r.step} className={none ? "sla-table__row--none" : undefined}>
                <th scope="row">
                  {r.step}. {t(sopStepKey[r.step])}
                </th>
                <td className="number">{formatCount(r.count)}</td>
                <td className="number">{duration(r.p50)}</td>
                <td className="number">{duration(r.p90)}</td>
                <td className="number">{duration(r.p99)}</td>
                <td className="number">{r.standardTime ? formatDuration(r.standardTime) : "—"}</td>
                <td className="number">{none ? "—" : formatShare(r.withinStandardTimeRatio)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function SlaForm({
  choice,
  choiceKey,
  errors,
  onChoose,
}: {
  choice: SlaChoice;
  // Changes with the address: back and forward put its choice in the fields.
  choiceKey: string;
  errors: FormErrors;
  onChoose(choice: SlaChoice): void;
}) {
  const { t } = useTranslation();
  const { values, set } = useFormValues(choice, choiceKey);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const defaults = defaultChoice();
    // An emptied day: the default period's.
    onChoose({
      from: values.from || defaults.from,
      to: values.to || defaults.to,
      agency: values.agency.trim(),
    });
  }

  return (
    <Form aria-label={t("sla.formLabel")} className="audit-form" validationBehavior="aria" onSubmit={submit}>
      <PeriodFields ids={inputIds} from={values.from} to={values.to} onChange={set} errors={errors} />
      <NameField
        id={inputIds.agency}
        className="field"
        label={t("sla.agency")}
        hint={t("sla.agencyHint")}
        value={values.agency}
        onChange={(value) => set("agency", value)}
        error={errors.fields.agency}
      />
      <FormActions submit={t("sla.submit")} />
    </Form>
  );
}
