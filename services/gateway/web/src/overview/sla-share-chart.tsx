// "Ketepatan waktu per langkah": each SOP step's share of runs within its standard time over
// the last 30 days, as bars from 0 to 100 % drawn by hand in SVG, the number of runs beside the
// step's name and the share beside its bar; a step none finished shows "belum ada" and no bar. An image to assistive
// technology (role="img"), named by a sentence with every step's share.
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import { formatCount, formatShare } from "../audit/audit-input";
import type { StepReport } from "../gen/ams/audit/v1/audit_service_pb";
import { stepLabel } from "./overview-format";

// The drawing's own units (it scales to the width it is given).
const width = 400;
const barMax = 300;
const labelHeight = 20;
const barHeight = 18;
const rowGap = 12;
const rowHeight = labelHeight + barHeight + rowGap;
const axisHeight = 22;

function share(report: StepReport): number {
  return Math.min(1, Math.max(0, report.withinStandardTimeRatio));
}

function stepText(t: TFunction, report: StepReport): string {
  const step = stepLabel(t, report.step);
  if (report.count === 0n) return t("overview.sla.chartStepNone", { step });
  return t("overview.sla.chartStep", {
    step,
    share: formatShare(share(report)),
    count: Number(report.count),
    runs: formatCount(report.count),
  });
}

export function slaSummary(t: TFunction, reports: readonly StepReport[]): string {
  return t("overview.sla.chartLabel", { steps: reports.map((r) => stepText(t, r)).join("; ") });
}

export function SlaShareChart({ reports }: { reports: readonly StepReport[] }) {
  const { t } = useTranslation();
  const rowsHeight = reports.length * rowHeight - rowGap;
  const height = Math.max(rowHeight, rowsHeight) + axisHeight;
  const axisY = rowsHeight + 6;
  return (
    <svg
      className="overview-chart overview-chart--sla"
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label={slaSummary(t, reports)}
      focusable="false"
    >
      {[0, 0.5, 1].map((tick) => (
        <g key={tick}>
          <line className="overview-chart__grid" x1={tick * barMax} x2={tick * barMax} y1={labelHeight - 2} y2={axisY} />
          <text
            className="overview-chart__tick"
            x={tick * barMax}
            y={axisY + 15}
            textAnchor={tick === 0 ? "start" : tick === 1 ? "end" : "middle"}
          >
            {formatShare(tick)}
          </text>
        </g>
      ))}
      {reports.map((r, i) => {
        const y = i * rowHeight;
        const barY = y + labelHeight;
        const none = r.count === 0n;
        const value = share(r);
        return (
          <g key={r.step}>
            <text className="overview-chart__label" x={0} y={y + 15}>
              {stepLabel(t, r.step)}
              {!none && (
                <tspan className="overview-chart__runs">
                  {" · "}
                  {t("sla.runs", { count: Number(r.count), runs: formatCount(r.count) })}
                </tspan>
              )}
            </text>
            <rect className="overview-chart__track" x={0} y={barY} width={barMax} height={barHeight} />
            {!none && value > 0 && (
              <rect className="overview-chart__share" x={0} y={barY} width={Math.max(2, value * barMax)} height={barHeight} />
            )}
            <text
              className={none ? "overview-chart__value overview-chart__value--none" : "overview-chart__value"}
              x={barMax + 8}
              y={barY + 14}
            >
              {none ? t("overview.sla.none") : formatShare(value)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
