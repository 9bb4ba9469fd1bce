// The error summary (GOV.UK): at the top of the page after a failed submit, focused, each
// problem a link that puts the focus in its field.
import { useEffect, useRef } from "react";
import { Button } from "react-aria-components";
import { useTranslation } from "react-i18next";

export interface SummaryItem {
  message: string;
  // The id of the field to fix; none for a problem no field can fix.
  fieldId?: string;
}

export function ErrorSummary({
  items,
  attempt,
}: {
  items: readonly SummaryItem[];
  // Changes with each submit: the summary takes the focus then, not while the user types.
  attempt: number;
}) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);

  useEffect(() => {
    ref.current?.focus();
  }, [attempt]);

  return (
    <div ref={ref} className="error-summary" role="alert" aria-labelledby="error-summary-title" tabIndex={-1}>
      <h2 id="error-summary-title" className="error-summary__title">
        {t("errors.summaryTitle")}
      </h2>
      <ul className="error-summary__list">
        {items.map((item) => (
          <li key={item.message}>
            {item.fieldId ? (
              <a
                href={`#${item.fieldId}`}
                onClick={(event) => {
                  const field = document.getElementById(item.fieldId ?? "");
                  if (!field) return;
                  event.preventDefault();
                  field.focus();
                  field.closest(".field")?.scrollIntoView({ block: "start" });
                }}
              >
                {item.message}
              </a>
            ) : (
              item.message
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}

// A short notice at the top of a page: what happened, calmly.
export function Notice({
  kind,
  children,
  action,
}: {
  kind: "info" | "success" | "warning";
  children: string;
  action?: { label: string; onPress: () => void };
}) {
  return (
    <div className={`notice notice--${kind}`} role={kind === "warning" ? "alert" : "status"}>
      <p>{children}</p>
      {action && (
        <Button className="button button--secondary" onPress={action.onPress}>
          {action.label}
        </Button>
      )}
    </div>
  );
}

export interface Message {
  kind: "success" | "warning";
  text: string;
}

// What an action did, where the operator acted. Both live regions are always in the page (a
// region added together with its text is not reliably read out): success politely, a problem
// as an alert.
export function ActionMessage({
  message,
  id,
  takeFocus = false,
}: {
  message: Message | undefined;
  id?: string;
  // Take the focus with each new message: for actions whose button goes away once done (the
  // focus would otherwise fall back to the top of the page).
  takeFocus?: boolean;
}) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (takeFocus && message) ref.current?.focus();
  }, [takeFocus, message]);
  return (
    <div ref={ref} id={id} className="action-message" tabIndex={-1}>
      <div role="status">
        {message?.kind === "success" && (
          <div className="notice notice--success">
            <p>{message.text}</p>
          </div>
        )}
      </div>
      <div role="alert">
        {message?.kind === "warning" && (
          <div className="notice notice--warning">
            <p>{message.text}</p>
          </div>
        )}
      </div>
    </div>
  );
}
