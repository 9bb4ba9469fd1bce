// "Permohonan per langkah sekarang": the applications waiting at each SOP step, 2 to 8, as a
// funnel drawn by hand in SVG: one bar per step, as long as its count against the largest, its
// name above it and its count beside it. An image to assistive technology (role="img"), named
// by a sentence with every step's count; the table of the oldest waiting says them too.
// Colours by class (the gateway's CSP allows no style attribute).
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import { formatCount } from "../audit/audit-input";
import type { GetOverviewResponse_Waiting } from "../gen/ams/audit/v1/audit_service_pb";
import { stepLabel } from "./overview-format";

// The drawing's own units (it scales to the width it is given).
const width = 400;
const barMax = 320;
const labelHeight = 20;
const barHeight = 20;
const rowGap = 12;
const rowHeight = labelHeight + barHeight + rowGap;

export function waitingTotal(waiting: readonly GetOverviewResponse_Waiting[]): bigint {
  return waiting.reduce((sum, w) => sum + w.applications, 0n);
}

// The sentence that names the chart: every step's count.
export function funnelSummary(t: TFunction, waiting: readonly GetOverviewResponse_Waiting[]): string {
  const total = waitingTotal(waiting);
  return t("overview.funnel.chartLabel", {
    count: Number(total),
    total: formatCount(total),
    steps: waiting
      .map((w) => t("overview.funnel.chartStep", { step: stepLabel(t, w.step), count: formatCount(w.applications) }))
      .join("; "),
  });
}

export function FunnelChart({ waiting }: { waiting: readonly GetOverviewResponse_Waiting[] }) {
  const { t } = useTranslation();
  const largest = Math.max(0, ...waiting.map((w) => Number(w.applications)));
  const scale = largest > 0 ? barMax / largest : 0;
  const height = Math.max(rowHeight, waiting.length * rowHeight - rowGap);
  return (
    <svg
      className="overview-chart overview-chart--funnel"
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label={funnelSummary(t, waiting)}
      focusable="false"
    >
      {waiting.map((w, i) => {
        const count = Number(w.applications);
        const y = i * rowHeight;
        const barY = y + labelHeight;
        // One application is a sliver at least: never mistaken for none.
        const barWidth = count > 0 ? Math.max(3, count * scale) : 0;
        return (
          <g key={w.step}>
            <text className="overview-chart__label" x={0} y={y + 15}>
              {stepLabel(t, w.step)}
            </text>
            <rect className="overview-chart__track" x={0} y={barY} width={barMax} height={barHeight} />
            {barWidth > 0 && (
              <rect className="overview-chart__bar" x={0} y={barY} width={barWidth} height={barHeight} />
            )}
            <text
              className={count > 0 ? "overview-chart__value" : "overview-chart__value overview-chart__value--none"}
              x={barMax + 8}
              y={barY + 15}
            >
              {formatCount(w.applications)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
