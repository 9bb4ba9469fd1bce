// One heading per page: it names the page in the tab title and, after a navigation inside the
// app, takes the focus so a screen reader starts reading the new page there.
import { useEffect, useRef } from "react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";

let firstPage = true;

export function PageHeading({
  children,
  title,
  hasError = false,
  takeFocus = true,
}: {
  children: ReactNode;
  // The tab title, when children is not plain text.
  title?: string;
  // An error on the page: the tab title says so first (GOV.UK).
  hasError?: boolean;
  // Whether the heading takes the focus when it comes (after a navigation inside the app); not
  // when an error summary that comes with it should have it.
  takeFocus?: boolean;
}) {
  const { t } = useTranslation();
  const ref = useRef<HTMLHeadingElement>(null);
  const text = title ?? (typeof children === "string" ? children : "");

  useEffect(() => {
    document.title = `${hasError ? t("errors.titlePrefix") : ""}${text} — ${t("app.titleSuffix")}`;
  }, [t, text, hasError]);

  useEffect(() => {
    if (firstPage) {
      firstPage = false;
      return;
    }
    // Only when it comes, as it was then.
    if (takeFocus) ref.current?.focus();
  }, []);

  return (
    <h1 ref={ref} tabIndex={-1} className="page-heading">
      {children}
    </h1>
  );
}

// Pages with no screen yet: a heading and "not yet available".
export function NotYetAvailable({ title }: { title: string }) {
  const { t } = useTranslation();
  return (
    <>
      <PageHeading>{title}</PageHeading>
      <p className="lead">{t("placeholder.notYet")}</p>
    </>
  );
}
