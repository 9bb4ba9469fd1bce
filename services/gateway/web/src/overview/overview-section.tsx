// One part of the overview: a section named by its heading, a line on what it shows, and the
// part itself (marked busy while the page loads again).
import type { ReactNode } from "react";

export function OverviewSection({
  id,
  title,
  lead,
  busy,
  children,
}: {
  id: string;
  title: string;
  lead: string;
  busy: boolean;
  children: ReactNode;
}) {
  return (
    <section className="section overview-section" aria-labelledby={`${id}-heading`} aria-busy={busy || undefined}>
      <h2 id={`${id}-heading`} className="section__title">
        {title}
      </h2>
      <p className="overview-section__lead">{lead}</p>
      {children}
    </section>
  );
}
