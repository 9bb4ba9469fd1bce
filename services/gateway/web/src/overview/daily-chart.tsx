// "Selesai per hari": the applications completed (accounts activated) on each of the last days,
// oldest first, as columns drawn by hand in SVG, each with its number above it and its day of
// the month below; the period's first and last day under the axis. An image to assistive
// technology (role="img"), named by a sentence with the period's total and busiest day; every
// day's number is in the table that follows it (DailyTable).
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import { formatCount, formatDay } from "../audit/audit-input";
import type { GetOverviewResponse_Day } from "../gen/ams/audit/v1/audit_service_pb";
import { dayOfMonth } from "./overview-format";

// The drawing's own units (it scales to the width it is given).
const width = 320;
const height = 192;
const plotLeft = 30;
const plotRight = width - 4;
const plotTop = 22;
const plotBottom = 140;
const dayLabelY = 158;
const rangeY = 184;

export function dailyTotal(days: readonly GetOverviewResponse_Day[]): bigint {
  return days.reduce((sum, d) => sum + d.completed, 0n);
}

// The sentence that names the chart: the period, its total and its busiest day.
export function dailySummary(t: TFunction, days: readonly GetOverviewResponse_Day[]): string {
  const from = formatDay(days[0]?.date ?? "");
  const to = formatDay(days[days.length - 1]?.date ?? "");
  const total = dailyTotal(days);
  if (total === 0n) return t("overview.daily.chartLabelNone", { from, to });
  const busiest = days.reduce((a, b) => (b.completed > a.completed ? b : a));
  return t("overview.daily.chartLabel", {
    from,
    to,
    count: Number(total),
    total: formatCount(total),
    most: formatCount(busiest.completed),
    day: formatDay(busiest.date),
  });
}

export function DailyChart({ days }: { days: readonly GetOverviewResponse_Day[] }) {
  const { t } = useTranslation();
  const largest = Math.max(0, ...days.map((d) => Number(d.completed)));
  const plotHeight = plotBottom - plotTop;
  const slot = days.length > 0 ? (plotRight - plotLeft) / days.length : 0;
  const columnWidth = Math.max(2, slot * 0.62);
  // More days than there is room for under the axis: every n-th day's number.
  const labelEvery = Math.max(1, Math.ceil(days.length / 16));
  const y = (value: number) => plotBottom - (largest > 0 ? (value / largest) * plotHeight : 0);
  const ticks = largest > 0 ? [0, largest] : [0];
  const first = days[0];
  const last = days[days.length - 1];
  return (
    <svg
      className="overview-chart overview-chart--daily"
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label={dailySummary(t, days)}
      focusable="false"
    >
      {ticks.map((tick) => (
        <g key={tick}>
          <line className="overview-chart__grid" x1={plotLeft} x2={plotRight} y1={y(tick)} y2={y(tick)} />
          <text className="overview-chart__tick" x={plotLeft - 6} y={y(tick) + 4} textAnchor="end">
            {formatCount(tick)}
          </text>
        </g>
      ))}
      {largest === 0 && (
        <text className="overview-chart__note" x={(plotLeft + plotRight) / 2} y={plotTop + plotHeight / 2} textAnchor="middle">
          {t("overview.daily.chartNone")}
        </text>
      )}
      {days.map((d, i) => {
        const count = Number(d.completed);
        const x = plotLeft + i * slot + (slot - columnWidth) / 2;
        const middle = x + columnWidth / 2;
        const top = y(count);
        return (
          <g key={d.date}>
            {count > 0 && (
              <>
                <rect
                  className="overview-chart__column"
                  x={x}
                  y={top}
                  width={columnWidth}
                  height={Math.max(2, plotBottom - top)}
                />
                <text className="overview-chart__column-value" x={middle} y={top - 5} textAnchor="middle">
                  {formatCount(d.completed)}
                </text>
              </>
            )}
            {i % labelEvery === 0 && (
              <text className="overview-chart__tick" x={middle} y={dayLabelY} textAnchor="middle">
                {dayOfMonth(d.date)}
              </text>
            )}
          </g>
        );
      })}
      {first && last && (
        <>
          <text className="overview-chart__range" x={plotLeft} y={rangeY}>
            {formatDay(first.date)}
          </text>
          <text className="overview-chart__range" x={plotRight} y={rangeY} textAnchor="end">
            {formatDay(last.date)}
          </text>
        </>
      )}
    </svg>
  );
}

// Every day's number as text, newest first (the table reads as a list of days).
export function DailyTable({ days }: { days: readonly GetOverviewResponse_Day[] }) {
  const { t } = useTranslation();
  const caption = t("overview.daily.caption");
  return (
    <details className="overview-details">
      <summary className="overview-details__summary">{t("overview.daily.numbers")}</summary>
      <div className="table-wrap" role="region" aria-label={caption} tabIndex={0}>
        <table className="table overview-daily-table">
          <caption className="visually-hidden">{caption}</caption>
          <thead>
            <tr>
              <th scope="col">{t("overview.daily.date")}</th>
              <th scope="col">{t("overview.daily.completed")}</th>
            </tr>
          </thead>
          <tbody>
            {[...days].reverse().map((d) => (
              <tr key={d.date}>
                <th scope="row">
                  <time dateTime={d.date}>{formatDay(d.date)}</time>
                </th>
                <td className="number">{formatCount(d.completed)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}
