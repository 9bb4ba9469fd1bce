// What the auditor's two pages share: their heading with the way between them, a day of the
// period (the browser's own date picker), and the errors of a search form.
import type { ReactNode } from "react";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import { NavLink } from "react-router";
import type { FieldViolation } from "../api/errors";
import type { SummaryItem } from "../common/messages";
import { PageHeading } from "../common/page";
import { auditViolationText } from "./audit-input";
import { ledgerPath, slaPath } from "./paths";

// The top of an auditor's page: "Audit", the page's heading, its lead and the two pages.
export function AuditHeader({ title, lead, hasError }: { title: string; lead: string; hasError: boolean }) {
  const { t } = useTranslation();
  return (
    <>
      <p className="page-caption">{t("queues.audit.title")}</p>
      <PageHeading hasError={hasError}>{title}</PageHeading>
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

// A day (the native date input: a picker on every device, typed as the locale writes dates).
export function DayField({
  id,
  label,
  hint,
  value,
  onChange,
  error,
}: {
  id: string;
  label: string;
  hint?: string;
  value: string;
  onChange(value: string): void;
  error: string | undefined;
}) {
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint ? hintId : "", error ? errorId : ""].filter(Boolean).join(" ");
  return (
    <div className="field field--day" data-invalid={error ? "true" : undefined}>
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      {hint && (
        <p id={hintId} className="field__hint">
          {hint}
        </p>
      )}
      {error && (
        <p id={errorId} className="field__error">
          {error}
        </p>
      )}
      <input
        id={id}
        type="date"
        className="field__input field__input--day"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy || undefined}
        data-invalid={error ? "true" : undefined}
      />
    </div>
  );
}

// A search form's problems: each field's (by the request field the server names, or the form's
// own check), and those no field can fix.
export interface FormErrors {
  fields: Partial<Record<string, string>>;
  other: string[];
}

export const noErrors: FormErrors = { fields: {}, other: [] };

export function hasErrors(errors: FormErrors): boolean {
  return errors.other.length > 0 || Object.values(errors.fields).some(Boolean);
}

// The server's field violations on the form's fields, by the request's field names.
export function errorsOf(t: TFunction, violations: readonly FieldViolation[], fields: readonly string[]): FormErrors {
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
export function summaryOf(errors: FormErrors, ids: Record<string, string>): SummaryItem[] {
  const items: SummaryItem[] = [];
  for (const [field, id] of Object.entries(ids)) {
    const message = errors.fields[field];
    if (message) items.push({ message, fieldId: id });
  }
  for (const message of errors.other) items.push({ message });
  return items;
}

// A form's row of fields that wrap on a narrow screen.
export function FieldRow({ children }: { children: ReactNode }) {
  return <div className="audit-form__row">{children}</div>;
}
