// Beside the funnel: how many are under way (waiting at steps 2 to 8), returned to their agency,
// withdrawn, and completed all time; small figures in a description list.
import { useTranslation } from "react-i18next";
import { formatCount } from "../audit/audit-input";
import type { GetOverviewResponse } from "../gen/ams/audit/v1/audit_service_pb";
import { waitingTotal } from "./funnel-chart";

export function Figures({ overview }: { overview: GetOverviewResponse }) {
  const { t } = useTranslation();
  const figures = [
    { key: "inProgress", label: t("overview.funnel.inProgress"), value: waitingTotal(overview.waiting) },
    { key: "returned", label: t("overview.funnel.returned"), value: overview.returned },
    { key: "withdrawn", label: t("overview.funnel.withdrawn"), value: overview.withdrawn },
    { key: "completed", label: t("overview.funnel.completed"), value: overview.completed },
  ];
  return (
    <dl className="overview-figures">
      {figures.map((f) => (
        <div key={f.key} className={`overview-figure overview-figure--${f.key}`}>
          <dt className="overview-figure__label">{f.label}</dt>
          <dd className="overview-figure__value">{formatCount(f.value)}</dd>
        </div>
      ))}
    </dl>
  );
}
