// The home page (the overview, and the work the operator's roles give with how much waits; for
// an agency's user, their agency's applications), the guards of the pages, and the pages for no
// access and no such page.
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link, Navigate } from "react-router";
import { agencyPath, isAgencyUser } from "../agency/paths";
import { PageHeading } from "../common/page";
import { mayOverview, overviewPath } from "../overview/paths";
import { useSession } from "../session/session";
import { useQueueCounts, waitingIn } from "./counts";
import { queues, queuesFor } from "./queues";
import type { QueueId } from "./queues";

function useOperator() {
  const { state } = useSession();
  if (state.status !== "signedIn") throw new Error("page outside the signed-in shell");
  return state.operator;
}

export function HomePage() {
  const { t } = useTranslation();
  const operator = useOperator();
  const { counts } = useQueueCounts();
  const mine = queuesFor(operator.roles);
  const name = operator.displayName || operator.name;
  // An agency's user has one page of work: their agency's applications.
  if (isAgencyUser(operator.roles)) return <Navigate to={agencyPath} replace />;
  return (
    <>
      <PageHeading>{t("home.title", { name })}</PageHeading>
      {mine.length === 0 ? (
        <p className="lead">{t("home.none")}</p>
      ) : (
        <>
          <p className="lead">{t("home.lead")}</p>
          <ul className="cards">
            {mayOverview(operator.roles) && (
              <li className="card card--overview">
                <Link to={overviewPath} className="card__link">
                  {t("overview.title")}
                </Link>
                <p className="card__text">{t("overview.description")}</p>
              </li>
            )}
            {mine.map((q) => {
              const waiting = waitingIn(counts, q.id);
              const activation = q.id === "bsre" ? counts?.awaitingActivation : undefined;
              return (
                <li key={q.id} className="card">
                  <Link to={q.path} className="card__link">
                    {t(`queues.${q.id}.title`)}
                  </Link>
                  {waiting !== undefined && (
                    <p className={waiting > 0 ? "card__count card__count--some" : "card__count"}>
                      {t("home.waiting", { count: waiting })}
                      {activation !== undefined && activation > 0 && (
                        <span className="card__count-more">{t("home.awaitingActivation", { count: activation })}</span>
                      )}
                    </p>
                  )}
                  <p className="card__text">{t(`queues.${q.id}.description`)}</p>
                </li>
              );
            })}
          </ul>
        </>
      )}
    </>
  );
}

// A queue's pages only for the roles that work on it (the server refuses the others anyway;
// this says so plainly instead of a failed load).
export function QueueGuard({ id, children }: { id: QueueId; children: ReactNode }) {
  const operator = useOperator();
  const queue = queues.find((q) => q.id === id);
  if (!queue || !queuesFor(operator.roles).includes(queue)) return <ForbiddenPage />;
  return <>{children}</>;
}

// The agency's pages only for an agency's user (AgencyService refuses the others anyway).
export function AgencyGuard({ children }: { children: ReactNode }) {
  const operator = useOperator();
  if (!isAgencyUser(operator.roles)) return <ForbiddenPage />;
  return <>{children}</>;
}

// The operators' pages that every operator may open but an agency's user may not (the gateway
// answers their WorkService calls with PERMISSION_DENIED).
export function NotForAgency({ children }: { children: ReactNode }) {
  const operator = useOperator();
  if (isAgencyUser(operator.roles)) return <ForbiddenPage />;
  return <>{children}</>;
}

export function ForbiddenPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeading>{t("forbidden.title")}</PageHeading>
      <p className="lead">{t("forbidden.body")}</p>
      <p>
        <Link to="/">{t("shell.home")}</Link>
      </p>
    </>
  );
}

export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeading>{t("notFound.title")}</PageHeading>
      <p className="lead">{t("notFound.body")}</p>
      <p>
        <Link to="/">{t("shell.home")}</Link>
      </p>
    </>
  );
}
