// Auditor, "Laporan waktu layanan": for a period (the last 30 days unless chosen) and one agency
// or all, each SOP step's times (p50, p90, p99) against its standard time and the share of runs
// within it, as a table and as a chart per step. The choice is in the address (?dari=…&sampai=…
// &instansi=…).
import { useEffect, useRef, useState } from "react";
import type { FormEvent, ReactNode } from "react";
import { Button, FieldError, Form, Input, Label, Text, TextField } from "react-aria-components";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { workClient } from "../api/client";
import { formatDuration } from "../common/format";
import { sopStepKey } from "../common/labels";
import { LoadFailed } from "../common/load-state";
import { ErrorSummary } from "../common/messages";
import type { StepReport } from "../gen/ams/audit/v1/audit_service_pb";
import { useLoad } from "../work/use-work";
import { agencyName, dayEnd, dayStart, dayValue, formatCount, formatDay, formatShare, isDay, periodReversed } from "./audit-input";
import { AuditHeader, DayField, FieldRow, errorsOf, hasErrors, noErrors, summaryOf } from "./audit-parts";
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
  const day = (name: string, fallback: string) => {
    const value = params.get(name) ?? "";
    return isDay(value) ? value : fallback;
  };
  return { from: day("dari", defaults.from), to: day("sampai", defaults.to), agency: params.get("instansi") ?? "" };
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
const formFields = Object.keys(inputIds);

export default function SlaPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const choice = choiceOf(params);
  const key = `${choice.from}|${choice.to}|${choice.agency}`;
  const [localErrors, setLocalErrors] = useState<FormErrors>(noErrors);
  const [attempt, setAttempt] = useState(0);
  useEffect(() => setLocalErrors(noErrors), [key]);

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

  const serverErrors = errorsOf(t, loaded.error?.violations ?? [], formFields);
  const errors = hasErrors(localErrors) ? localErrors : serverErrors;
  const summary = summaryOf(errors, inputIds);
  const refused = hasErrors(serverErrors);
  useEffect(() => {
    if (refused) setAttempt((n) => n + 1);
  }, [refused, loaded.error]);

  function onChoose(next: SlaChoice) {
    if (periodReversed(next.from, next.to)) {
      setLocalErrors({ fields: { end_time: t("audit.fieldTo") }, other: [] });
      setAttempt((n) => n + 1);
      return;
    }
    setLocalErrors(noErrors);
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
      {summary.length > 0 && <ErrorSummary items={summary} attempt={attempt} />}
      <AuditHeader title={t("sla.title")} lead={t("sla.lead")} hasError={summary.length > 0} />
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
  const [values, setValues] = useState<SlaChoice>(choice);
  const fromAddress = useRef(choice);
  fromAddress.current = choice;
  useEffect(() => setValues(fromAddress.current), [choiceKey]);

  function set<K extends keyof SlaChoice>(name: K, value: SlaChoice[K]) {
    setValues((v) => ({ ...v, [name]: value }));
  }

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
      <FieldRow>
        <DayField
          id={inputIds.start_time}
          label={t("audit.from")}
          value={values.from}
          onChange={(value) => set("from", value)}
          error={errors.fields.start_time}
        />
        <DayField
          id={inputIds.end_time}
          label={t("audit.to")}
          value={values.to}
          onChange={(value) => set("to", value)}
          error={errors.fields.end_time}
        />
      </FieldRow>
      <TextField
        className="field"
        value={values.agency}
        onChange={(value) => set("agency", value)}
        isInvalid={Boolean(errors.fields.agency)}
      >
        <Label className="field__label">{t("sla.agency")}</Label>
        <Text slot="description" className="field__hint">
          {t("sla.agencyHint")}
        </Text>
        {errors.fields.agency && <FieldError className="field__error">{errors.fields.agency}</FieldError>}
        <Input
          id={inputIds.agency}
          className="field__input"
          autoComplete="off"
          autoCapitalize="none"
          autoCorrect="off"
          spellCheck={false}
        />
      </TextField>
      <div className="button-row audit-form__actions">
        <Button type="submit" className="button button--primary">
          {t("sla.submit")}
        </Button>
      </div>
    </Form>
  );
}
