// Small pieces the applicants' pages and the agency's pages share: file sizes, data as a list of
// terms and values, a bar (upload progress, password strength) drawn as SVG (the CSP allows no
// inline style), and the PDF mark beside an uploaded PDF.
import type { ReactNode } from "react";
import { locale } from "./format";
import "./parts.css";

// "183 kB", "2,5 MB" (never "0 kB"); decimal-free for small files.
export function fileSize(bytes: number | bigint): string {
  const kb = Number(bytes) / 1024;
  const mb = kb >= 1024;
  return new Intl.NumberFormat(locale(), {
    style: "unit",
    unit: mb ? "megabyte" : "kilobyte",
    maximumFractionDigits: mb ? 1 : 0,
  }).format(mb ? kb / 1024 : Math.max(1, kb));
}

// A term and its value on each line (GOV.UK's summary list); "—" for an empty value.
export function DataList({ rows }: { rows: readonly (readonly [string, ReactNode])[] }) {
  return (
    <dl className="data-list">
      {rows.map(([term, value]) => (
        <div key={term} className="data-list__row">
          <dt className="data-list__term">{term}</dt>
          <dd className="data-list__value">{value === "" || value === undefined || value === null ? "—" : value}</dd>
        </div>
      ))}
    </dl>
  );
}

// A horizontal bar filled to `fraction` (0..1); decoration only (the words beside it and the
// element's role say the value). `tone` colours the fill, never the only signal.
export function Bar({ fraction, tone = "progress" }: { fraction: number; tone?: "progress" | "weak" | "fair" | "strong" }) {
  const width = Math.round(Math.min(1, Math.max(0, fraction)) * 1000) / 10;
  return (
    <svg className={`bar bar--${tone}`} viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true" focusable="false">
      <rect className="bar__track" x="0" y="0" width="100" height="10" />
      {width > 0 && <rect className="bar__fill" x="0" y="0" width={width} height="10" />}
    </svg>
  );
}

// The PDF mark beside an uploaded PDF (no PDF is shown in the page).
export function PdfIcon() {
  return (
    <svg className="pdf-icon" viewBox="0 0 40 48" aria-hidden="true" focusable="false">
      <path className="pdf-icon__page" d="M3 1h24l10 10v34a2 2 0 0 1-2 2H3a2 2 0 0 1-2-2V3a2 2 0 0 1 2-2z" />
      <path className="pdf-icon__fold" d="M27 1v10h10" />
      <rect className="pdf-icon__band" x="1" y="26" width="36" height="13" />
      <text className="pdf-icon__text" x="19" y="36" textAnchor="middle">
        PDF
      </text>
    </svg>
  );
}
