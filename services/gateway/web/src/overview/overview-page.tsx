// Every operator, "Ikhtisar": where applications stand now (a funnel of the applications
// waiting at steps 2 to 8, with those returned, withdrawn and completed), how many were
// completed on each of the last 14 days, each step's share within its standard time over the
// last 30 days, and the oldest waiting at each step. Drawn from the audit service's ledger on
// each load; "Muat ulang" asks again and the time it was read is shown.
import type { ReactNode } from "react";
import { Button } from "react-aria-components";
import { useTranslation } from "react-i18next";
import { workClient } from "../api/client";
import { formatCount } from "../audit/audit-input";
import { LoadFailed, LoadState } from "../common/load-state";
import { PageHeading } from "../common/page";
import type { GetOverviewResponse } from "../gen/ams/audit/v1/audit_service_pb";
import { useLoad } from "../work/use-work";
import { DailyChart, DailyTable, dailyTotal } from "./daily-chart";
import { Figures } from "./figures";
import { FunnelChart } from "./funnel-chart";
import { OldestTable } from "./oldest-table";
import { formatReadTime, overviewDays } from "./overview-format";
import { OverviewSection } from "./overview-section";
import { SlaShareChart } from "./sla-share-chart";

interface Read {
  overview: GetOverviewResponse;
  // When the answer came: the time the page says the data was read.
  readAt: Date;
}

export default function OverviewPage() {
  const { t } = useTranslation();
  const loaded = useLoad<Read>(
    async () => ({ overview: await workClient.getOverview({ days: overviewDays }), readAt: new Date() }),
    [],
    true,
  );
  const data = loaded.data;

  let content: ReactNode;
  if (!data) {
    content = <LoadState error={loaded.error} retry={loaded.reload} />;
  } else {
    const o = data.overview;
    const busy = loaded.loading;
    const waiting = [...o.waiting].sort((a, b) => a.step - b.step);
    const sla = [...o.sla].sort((a, b) => a.step - b.step);
    const days = o.completedPerDay;
    const completed = dailyTotal(days);
    content = (
      <>
        {loaded.error && <LoadFailed error={loaded.error} retry={loaded.reload} />}
        <div className="overview-grid">
          <OverviewSection id="overview-funnel" title={t("overview.funnel.heading")} lead={t("overview.funnel.lead")} busy={busy}>
            <div className="overview-funnel">
              <FunnelChart waiting={waiting} />
              <Figures overview={o} />
            </div>
          </OverviewSection>
          <OverviewSection
            id="overview-daily"
            title={t("overview.daily.heading")}
            lead={t("overview.daily.lead", { count: days.length, days: formatCount(days.length) })}
            busy={busy}
          >
            <p className="overview-total">
              {completed > 0n
                ? t("overview.daily.total", {
                    count: Number(completed),
                    total: formatCount(completed),
                    days: formatCount(days.length),
                  })
                : t("overview.daily.none", { days: formatCount(days.length) })}
            </p>
            {days.length > 0 && (
              <>
                <DailyChart days={days} />
                <DailyTable days={days} />
              </>
            )}
          </OverviewSection>
          <OverviewSection id="overview-sla" title={t("overview.sla.heading")} lead={t("overview.sla.lead")} busy={busy}>
            {sla.length > 0 ? <SlaShareChart reports={sla} /> : <p className="muted">{t("overview.sla.none")}</p>}
          </OverviewSection>
          <OverviewSection id="overview-oldest" title={t("overview.oldest.heading")} lead={t("overview.oldest.lead")} busy={busy}>
            <OldestTable waiting={waiting} busy={busy} />
          </OverviewSection>
        </div>
      </>
    );
  }

  return (
    <>
      <PageHeading>{t("overview.title")}</PageHeading>
      <p className="lead">{t("overview.lead")}</p>
      <div className="overview-toolbar">
        <Button className="button button--secondary" isPending={loaded.loading} onPress={loaded.reload}>
          {t("overview.reload")}
        </Button>
        {/* Always in the page: a reload's new time is read out. */}
        <p className="overview-toolbar__read" role="status">
          {data && (
            <>
              {t("overview.readAt")}{" "}
              <time dateTime={data.readAt.toISOString()}>{formatReadTime(data.readAt)}</time>
            </>
          )}
        </p>
      </div>
      {content}
    </>
  );
}
