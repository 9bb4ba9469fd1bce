// Auditor, "Buku besar audit": the ledger searched by application, event type and period (the
// search in the address: ?aplikasi=…&jenis=…&dari=…&sampai=…, so reload, back and a shared link
// show the same list), a page of 50 at a time ("Berikutnya" with the server's page token), the
// ledger's verdict ("Periksa keutuhan"), and the whole ledger as a file.
import { useRef, useState } from "react";
import type { FormEvent, ReactNode } from "react";
import { Button, Form } from "react-aria-components";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { workClient } from "../api/client";
import { LoadFailed } from "../common/load-state";
import { Notice } from "../common/messages";
import { FieldRow, FormActions, NameField, PeriodFields, useFormValues } from "./audit-form";
import { applicationName, dayEnd, dayParam, dayStart, eventLabel, eventTypes } from "./audit-input";
import { AuditHeader, hasErrors, useSearchErrors } from "./audit-parts";
import type { FormErrors } from "./audit-parts";
import { LedgerTable } from "./ledger-table";
import { LedgerVerify } from "./ledger-verify";
import { ledgerCsvPath, ledgerJsonlPath } from "./paths";
import { useLoad } from "../work/use-work";

const pageSize = 50;

// The search as typed, as the address keeps it.
interface LedgerSearch {
  application: string;
  eventType: string;
  from: string;
  to: string;
}

function searchOf(params: URLSearchParams): LedgerSearch {
  const eventType = params.get("jenis") ?? "";
  return {
    application: params.get("aplikasi") ?? "",
    eventType: eventTypes.includes(eventType) ? eventType : "",
    from: dayParam(params, "dari"),
    to: dayParam(params, "sampai"),
  };
}

function paramsOf(search: LedgerSearch): URLSearchParams {
  const out = new URLSearchParams();
  if (search.application.trim()) out.set("aplikasi", search.application.trim());
  if (search.eventType) out.set("jenis", search.eventType);
  if (search.from) out.set("dari", search.from);
  if (search.to) out.set("sampai", search.to);
  return out;
}

// The inputs of the request's fields, for the error summary's links.
const inputIds = {
  application: "ledger-application",
  event_type: "ledger-event-type",
  start_time: "ledger-from",
  end_time: "ledger-to",
};

export default function LedgerPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const search = searchOf(params);
  const key = paramsOf(search).toString();
  // The page tokens from the first page to the one shown ("" for the first); a new search
  // starts again at the first.
  const [paging, setPaging] = useState<{ key: string; tokens: string[] }>({ key, tokens: [""] });
  const tokens = paging.key === key ? paging.tokens : [""];
  const token = tokens[tokens.length - 1] ?? "";
  const page = tokens.length;
  const countRef = useRef<HTMLParagraphElement>(null);

  const loaded = useLoad(
    () =>
      workClient
        .searchLedger({
          application: applicationName(search.application),
          eventType: search.eventType,
          startTime: dayStart(search.from),
          endTime: dayEnd(search.to),
          pageSize,
          pageToken: token,
        })
        .then((response) => ({ response, page })),
    [key, token],
    true,
  );

  const violations = loaded.error?.violations ?? [];
  const stale = violations.some((v) => v.field === "page_token");
  const { errors, summary, attempt, checkPeriod } = useSearchErrors({
    key,
    error: loaded.error,
    violations: violations.filter((v) => v.field !== "page_token"),
    inputIds,
  });

  function onSearch(next: LedgerSearch) {
    if (!checkPeriod(next.from, next.to)) return;
    const nextKey = paramsOf(next).toString();
    setPaging({ key: nextKey, tokens: [""] });
    // The same search again: its first page, as the ledger stands now.
    if (nextKey === key) loaded.reload();
    else setParams(paramsOf(next));
  }

  function goTo(next: string[]) {
    setPaging({ key, tokens: next });
    // The button pressed may go (no next page): the count, which tells the new page, has the focus.
    requestAnimationFrame(() => countRef.current?.focus());
  }

  const answer = loaded.data;
  const data = answer?.response;
  const searching = Boolean(key);
  let results: ReactNode;
  if (hasErrors(errors)) {
    // The summary and the fields say what to fix; the list of the last search is not this one's.
    results = null;
  } else if (stale) {
    results = (
      <Notice kind="warning" action={{ label: t("ledger.first"), onPress: () => goTo([""]) }}>
        {t("ledger.pageTokenStale")}
      </Notice>
    );
  } else if (!data && loaded.error) {
    results = <LoadFailed error={loaded.error} retry={loaded.reload} />;
  } else if (!data || !answer) {
    results = (
      <p className="loading" role="status">
        {t("ledger.loading")}
      </p>
    );
  } else {
    const entries = data.ledgerEntries;
    const busy = loaded.loading;
    results = (
      <>
        <p ref={countRef} className="queue-count" role="status" tabIndex={-1}>
          {t("ledger.count", { count: entries.length, page: answer.page })}
        </p>
        {loaded.error && <LoadFailed error={loaded.error} retry={loaded.reload} />}
        {entries.length === 0 ? (
          <div className="empty">
            <p>{answer.page > 1 ? t("ledger.beyondLastPage") : searching ? t("ledger.empty") : t("ledger.emptyAll")}</p>
          </div>
        ) : (
          <LedgerTable entries={entries} page={answer.page} busy={busy} />
        )}
        {(answer.page > 1 || data.nextPageToken) && (
          <nav className="paging" aria-label={t("ledger.paging")}>
            {answer.page > 1 && (
              <div className="button-row">
                {answer.page > 2 && (
                  <Button className="button button--secondary button--small" isDisabled={busy} onPress={() => goTo([""])}>
                    {t("ledger.first")}
                  </Button>
                )}
                <Button
                  className="button button--secondary button--small"
                  isDisabled={busy}
                  onPress={() => goTo(tokens.slice(0, -1))}
                >
                  <span aria-hidden="true">← </span>
                  {t("ledger.previous")}
                </Button>
              </div>
            )}
            <span className="paging__where">{t("ledger.page", { page: answer.page })}</span>
            {data.nextPageToken && (
              <Button
                className="button button--secondary button--small paging__next"
                isDisabled={busy}
                onPress={() => goTo([...tokens, data.nextPageToken])}
              >
                {t("ledger.next")}
                <span aria-hidden="true"> →</span>
              </Button>
            )}
          </nav>
        )}
      </>
    );
  }

  return (
    <>
      <AuditHeader title={t("ledger.title")} lead={t("ledger.lead")} summary={summary} attempt={attempt} />
      <LedgerSearchForm search={search} searchKey={key} errors={errors} onSearch={onSearch} />
      <section className="section" aria-labelledby="ledger-results-heading">
        <h2 id="ledger-results-heading" className="section__title">
          {t("ledger.results")}
        </h2>
        {results}
      </section>
      <LedgerVerify />
      <section className="section" aria-labelledby="ledger-download-heading">
        <h2 id="ledger-download-heading" className="section__title">
          {t("ledger.downloadHeading")}
        </h2>
        <p>{t("ledger.downloadLead")}</p>
        <div className="button-row">
          <a className="button button--secondary" href={ledgerCsvPath} download>
            {t("ledger.downloadCsv")}
          </a>
          <a className="button button--secondary" href={ledgerJsonlPath} download>
            {t("ledger.downloadJsonl")}
          </a>
        </div>
      </section>
    </>
  );
}

function LedgerSearchForm({
  search,
  searchKey,
  errors,
  onSearch,
}: {
  search: LedgerSearch;
  // Changes with the address: back and forward put its search in the fields.
  searchKey: string;
  errors: FormErrors;
  onSearch(search: LedgerSearch): void;
}) {
  const { t } = useTranslation();
  const { values, set } = useFormValues(search, searchKey);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    onSearch({ ...values, application: values.application.trim() });
  }

  const eventError = errors.fields.event_type;
  return (
    <Form role="search" aria-label={t("ledger.searchLabel")} className="audit-form" validationBehavior="aria" onSubmit={submit}>
      <FieldRow>
        <NameField
          id={inputIds.application}
          className="field audit-form__wide"
          label={t("ledger.application")}
          hint={t("ledger.applicationHint")}
          value={values.application}
          onChange={(value) => set("application", value)}
          error={errors.fields.application}
        />
        <div className="field" data-invalid={eventError ? "true" : undefined}>
          <label className="field__label" htmlFor={inputIds.event_type}>
            {t("ledger.eventType")}
          </label>
          {eventError && (
            <p id="ledger-event-type-error" className="field__error">
              {eventError}
            </p>
          )}
          <select
            id={inputIds.event_type}
            className="field__input field__select"
            value={values.eventType}
            onChange={(e) => set("eventType", e.target.value)}
            aria-invalid={eventError ? true : undefined}
            aria-describedby={eventError ? "ledger-event-type-error" : undefined}
          >
            <option value="">{t("ledger.eventTypeAll")}</option>
            {eventTypes.map((type) => (
              <option key={type} value={type}>
                {eventLabel(t, type)}
              </option>
            ))}
          </select>
        </div>
      </FieldRow>
      <PeriodFields ids={inputIds} from={values.from} to={values.to} onChange={set} errors={errors} />
      <p className="field__hint audit-form__note">{t("ledger.periodHint")}</p>
      <FormActions submit={t("ledger.submit")}>
        {searchKey && (
          <Button
            className="link-button"
            onPress={() => onSearch({ application: "", eventType: "", from: "", to: "" })}
          >
            {t("ledger.clear")}
          </Button>
        )}
      </FormActions>
    </Form>
  );
}
