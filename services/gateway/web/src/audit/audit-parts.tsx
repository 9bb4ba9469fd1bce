// What the auditor's two pages share: their heading with the way between them, and the errors
// of a search form. The form's fields are in audit-form.tsx.
import { useEffect, useState } from "react";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import { NavLink } from "react-router";
import type { FieldViolation, WorkError } from "../api/errors";
import { ErrorSummary } from "../common/messages";
import type { SummaryItem } from "../common/messages";
import { PageHeading } from "../common/page";
import { auditViolationText, periodReversed } from "./audit-input";
import { ledgerPath, slaPath } from "./paths";

// The top of an auditor's page: the summary of the search's problems (if any), "Audit", the
// page's heading, its lead and the two pages.
export function AuditHeader({
  title,
  lead,
  summary,
  attempt,
}: {
  title: string;
  lead: string;
  summary: readonly SummaryItem[];
  attempt: number;
}) {
  const { t } = useTranslation();
  return (
    <>
      {summary.length > 0 && <ErrorSummary items={summary} attempt={attempt} />}
      <p className="page-caption">{t("queues.audit.title")}</p>
      <PageHeading hasError={summary.length > 0}>{title}</PageHeading>
      <p className="lead">{lead}</p>
      <nav className="subnav" aria-label={t("audit.pages")}>
        <ul className="subnav__list">
          <li>
            <NavLink to={ledgerPath} end className="subnav__link">
              {t("audit.ledger")}
            </NavLink>
          </li>
          <li>
            <NavLink to={slaPath} end className="subnav__link">
              {t("audit.sla")}
            </NavLink>
          </li>
        </ul>
      </nav>
    </>
  );
}

// A search form's problems: each field's (by the request field the server names, or the form's
// own check), and those no field can fix.
export interface FormErrors {
  fields: Partial<Record<string, string>>;
  other: string[];
}

const noErrors: FormErrors = { fields: {}, other: [] };

export function hasErrors(errors: FormErrors): boolean {
  return errors.other.length > 0 || Object.values(errors.fields).some(Boolean);
}

// The server's field violations on the form's fields, by the request's field names.
function errorsOf(t: TFunction, violations: readonly FieldViolation[], fields: readonly string[]): FormErrors {
  const out: FormErrors = { fields: {}, other: [] };
  for (const v of violations) {
    const text = auditViolationText(t, v);
    if (fields.includes(v.field)) out.fields[v.field] ??= text;
    else out.other.push(text);
  }
  return out;
}

// The error summary's items: each field's problem linking to its input (`ids`: the input of
// each request field), then the others.
function summaryOf(errors: FormErrors, ids: Record<string, string>): SummaryItem[] {
  const items: SummaryItem[] = [];
  for (const [field, id] of Object.entries(ids)) {
    const message = errors.fields[field];
    if (message) items.push({ message, fieldId: id });
  }
  for (const message of errors.other) items.push({ message });
  return items;
}

// A search page's problems: the form's own check of the period (until the address, `key`,
// changes), else the server's refusal of the search (`violations`, of the answer `error`).
// Each refusal takes the focus to the summary anew (`attempt`). `inputIds`: the input of each
// request field the form has.
export function useSearchErrors({
  key,
  error,
  violations,
  inputIds,
}: {
  key: string;
  error: WorkError | undefined;
  violations: readonly FieldViolation[];
  inputIds: Record<string, string>;
}) {
  const { t } = useTranslation();
  const [localErrors, setLocalErrors] = useState<FormErrors>(noErrors);
  const [attempt, setAttempt] = useState(0);
  // Another search (back, forward, a link): the form's own check no longer applies.
  useEffect(() => setLocalErrors(noErrors), [key]);

  const serverErrors = errorsOf(t, violations, Object.keys(inputIds));
  const errors = hasErrors(localErrors) ? localErrors : serverErrors;
  const refused = hasErrors(serverErrors);
  useEffect(() => {
    if (refused) setAttempt((n) => n + 1);
  }, [refused, error]);

  // Whether a period can be searched; if its last day comes before its first, says so there.
  function checkPeriod(from: string, to: string): boolean {
    if (periodReversed(from, to)) {
      setLocalErrors({ fields: { end_time: t("audit.fieldTo") }, other: [] });
      setAttempt((n) => n + 1);
      return false;
    }
    setLocalErrors(noErrors);
    return true;
  }

  return { errors, summary: summaryOf(errors, inputIds), attempt, checkPeriod };
}
