// The admin's tables of rows with details (the operators, the agencies' keys): on a narrow screen
// the table scrolls sideways inside a focusable region; on a phone, two columns: what heads each
// row, then its details under each other; from 48rem, a column each.
import type { ReactNode } from "react";

export function DetailsTable({
  caption,
  className,
  busy,
  head,
  details,
  columns,
  children,
}: {
  caption: string;
  // The table's own class ("operators-table").
  className: string;
  // The list is being loaded again.
  busy: boolean;
  // The column that heads each row.
  head: string;
  // The phone's column of details.
  details: string;
  // The other columns from 48rem.
  columns: readonly string[];
  // The rows.
  children: ReactNode;
}) {
  return (
    <div className="table-wrap" role="region" aria-label={caption} tabIndex={0}>
      <table className={`table ${className}`} aria-busy={busy || undefined}>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{head}</th>
            <th scope="col" className="only-narrow">
              {details}
            </th>
            {columns.map((column, i) => (
              <th key={i} scope="col" className="only-wide">
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}

// One of a row's details on a phone (in a <dl className="details-list">): what it is, then its
// value.
export function Detail({ term, className, children }: { term: string; className?: string; children: ReactNode }) {
  return (
    <div>
      <dt>{term}</dt>
      <dd className={className}>{children}</dd>
    </div>
  );
}
