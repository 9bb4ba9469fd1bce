// The search forms of the auditor's two pages: their values (as the address has them), a name to
// type (an application, an agency), the period's two days (the browser's own date picker), and
// the button that sends the form.
import { useEffect, useRef, useState } from "react";
import type { ReactNode } from "react";
import { Button, FieldError, Input, Label, Text, TextField } from "react-aria-components";
import { useTranslation } from "react-i18next";
import type { FormErrors } from "./audit-parts";

// The values in a form's fields: those of the address at first, and again whenever the address
// changes (`key`): back and forward put its search in the fields.
export function useFormValues<T>(fromAddress: T, key: string) {
  const [values, setValues] = useState<T>(fromAddress);
  const latest = useRef(fromAddress);
  latest.current = fromAddress;
  useEffect(() => setValues(latest.current), [key]);

  function set<K extends keyof T>(name: K, value: T[K]) {
    setValues((v) => ({ ...v, [name]: value }));
  }

  return { values, set };
}

// What each field of the forms is given: its input's id, its label, its value and its problem.
interface FieldProps {
  id: string;
  label: string;
  value: string;
  onChange(value: string): void;
  error: string | undefined;
}

// A name or id to type as it is: no completion, capitals or corrections of the browser.
export function NameField({
  id,
  className,
  label,
  hint,
  value,
  onChange,
  error,
}: FieldProps & { className: string; hint: string }) {
  return (
    <TextField className={className} value={value} onChange={onChange} isInvalid={Boolean(error)}>
      <Label className="field__label">{label}</Label>
      <Text slot="description" className="field__hint">
        {hint}
      </Text>
      {error && <FieldError className="field__error">{error}</FieldError>}
      <Input
        id={id}
        className="field__input"
        autoComplete="off"
        autoCapitalize="none"
        autoCorrect="off"
        spellCheck={false}
      />
    </TextField>
  );
}

// The period's first and last day, side by side (`ids`: the inputs of the request's
// start_time and end_time).
export function PeriodFields({
  ids,
  from,
  to,
  onChange,
  errors,
}: {
  ids: { start_time: string; end_time: string };
  from: string;
  to: string;
  onChange(name: "from" | "to", value: string): void;
  errors: FormErrors;
}) {
  const { t } = useTranslation();
  return (
    <FieldRow>
      <DayField
        id={ids.start_time}
        label={t("audit.from")}
        value={from}
        onChange={(value) => onChange("from", value)}
        error={errors.fields.start_time}
      />
      <DayField
        id={ids.end_time}
        label={t("audit.to")}
        value={to}
        onChange={(value) => onChange("to", value)}
        error={errors.fields.end_time}
      />
    </FieldRow>
  );
}

// A day (the native date input: a picker on every device, typed as the locale writes dates).
function DayField({ id, label, value, onChange, error }: FieldProps) {
  const errorId = `${id}-error`;
  return (
    <div className="field field--day" data-invalid={error ? "true" : undefined}>
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
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
        aria-describedby={error ? errorId : undefined}
        data-invalid={error ? "true" : undefined}
      />
    </div>
  );
}

// A form's row of fields that wrap on a narrow screen.
export function FieldRow({ children }: { children: ReactNode }) {
  return <div className="audit-form__row">{children}</div>;
}

// The button that sends the form, and what goes beside it.
export function FormActions({ submit, children }: { submit: string; children?: ReactNode }) {
  return (
    <div className="button-row audit-form__actions">
      <Button type="submit" className="button button--primary">
        {submit}
      </Button>
      {children}
    </div>
  );
}
