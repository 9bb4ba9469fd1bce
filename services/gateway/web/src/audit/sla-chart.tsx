// One SOP step's times as a small chart, drawn by hand in SVG: bars for p50, p90 and p99 against
// a dashed line at the SOP's standard time, and below them the share of runs within it. An image
// to assistive technology (role="img"), named by a sentence with the same numbers; the report's
// table above says them all too. Colours by class (the gateway's CSP allows no style attribute),
// never alone: each bar has its value beside it and the line its words.
import type { Duration } from "@bufbuild/protobuf/wkt";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import { durationSeconds, formatDuration } from "../common/format";
import { sopStepKey } from "../common/labels";
import type { StepReport } from "../gen/ams/audit/v1/audit_service_pb";
import { formatCount, formatShare } from "./audit-input";

// The drawing's own units (it scales to the width it is given).
const width = 400;
const height = 150;
const barX = 44;
const barWidth = 216;
const valueX = barX + barWidth + 8;
const barHeight = 18;
const firstBarY = 28;
const barGap = 8;
const shareY = 128;

function durationText(t: TFunction, d: Duration | undefined): string {
  return d ? formatDuration(d) : t("sla.none");
}

// The sentence that names the chart: the same numbers as the table's row.
export function chartSummary(t: TFunction, report: StepReport): string {
  return t("sla.chartLabel", {
    step: t(sopStepKey[report.step]),
    count: Number(report.count),
    runs: formatCount(report.count),
    p50: durationText(t, report.p50),
    p90: durationText(t, report.p90),
    p99: durationText(t, report.p99),
    standard: durationText(t, report.standardTime),
    share: formatShare(report.withinStandardTimeRatio),
  });
}

export function SlaChart({ report }: { report: StepReport }) {
  const { t } = useTranslation();
  const title = `${report.step}. ${t(sopStepKey[report.step])}`;
  const runs = t("sla.runs", { count: Number(report.count), runs: formatCount(report.count) });
  if (report.count === 0n) {
    return (
      <figure className="sla-chart">
        <figcaption className="sla-chart__title">
          {title} <span className="sla-chart__runs">· {runs}</span>
        </figcaption>
        <p className="sla-chart__empty">{t("sla.chartNoData")}</p>
      </figure>
    );
  }

  const standard = durationSeconds(report.standardTime);
  const bars = [
    { label: "p50", duration: report.p50 },
    { label: "p90", duration: report.p90 },
    { label: "p99", duration: report.p99 },
  ];
  const longest = Math.max(standard, ...bars.map((b) => durationSeconds(b.duration)));
  const scale = longest > 0 ? barWidth / (longest * 1.1) : 0;
  const x = (seconds: number) => barX + Math.max(0, seconds) * scale;
  const lastBarBottom = firstBarY + bars.length * (barHeight + barGap) - barGap;
  const standardX = x(standard);
  // The standard's words over its line, kept inside the drawing.
  const anchor = standardX < barX + 50 ? "start" : standardX > barX + barWidth - 50 ? "end" : "middle";
  const share = Math.min(1, Math.max(0, report.withinStandardTimeRatio));

  return (
    <figure className="sla-chart">
      <figcaption className="sla-chart__title">
        {title} <span className="sla-chart__runs">· {runs}</span>
      </figcaption>
      <svg
        className="sla-chart__svg"
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-label={chartSummary(t, report)}
        focusable="false"
      >
        {bars.map((b, i) => {
          const seconds = durationSeconds(b.duration);
          const y = firstBarY + i * (barHeight + barGap);
          const over = standard > 0 && seconds > standard;
          return (
            <g key={b.label}>
              <text className="sla-chart__label" x={0} y={y + 14}>
                {b.label}
              </text>
              <rect className="sla-chart__track" x={barX} y={y} width={barWidth} height={barHeight} />
              <rect
                className={over ? "sla-chart__bar sla-chart__bar--over" : "sla-chart__bar"}
                x={barX}
                y={y}
                width={Math.max(1, x(seconds) - barX)}
                height={barHeight}
              />
              <text className="sla-chart__value" x={valueX} y={y + 14}>
                {durationText(t, b.duration)}
                {over ? " !" : ""}
              </text>
            </g>
          );
        })}
        {standard > 0 && (
          <g>
            <line
              className="sla-chart__standard"
              x1={standardX}
              x2={standardX}
              y1={firstBarY - 6}
              y2={lastBarBottom + 6}
            />
            <text className="sla-chart__standard-label" x={standardX} y={firstBarY - 10} textAnchor={anchor}>
              {t("sla.chartStandard", { standard: formatDuration(report.standardTime) })}
            </text>
          </g>
        )}
        <text className="sla-chart__label" x={0} y={shareY - 6}>
          {t("sla.chartWithin", { share: formatShare(share) })}
        </text>
        <rect className="sla-chart__track" x={barX} y={shareY} width={barWidth} height={12} />
        <rect className="sla-chart__share" x={barX} y={shareY} width={barWidth * share} height={12} />
      </svg>
    </figure>
  );
}
