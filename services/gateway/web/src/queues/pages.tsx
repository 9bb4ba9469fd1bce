// The pages of the work queues. For now each is its heading and "not yet available".
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { NotYetAvailable, PageHeading } from "../common/page";
import { useSession } from "../session/session";
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
  const mine = queuesFor(operator.roles);
  const name = operator.displayName || operator.name;
  return (
    <>
      <PageHeading>{t("home.title", { name })}</PageHeading>
      {mine.length === 0 ? (
        <p className="lead">{t("home.none")}</p>
      ) : (
        <>
          <p className="lead">{t("home.lead")}</p>
          <ul className="cards">
            {mine.map((q) => (
              <li key={q.id} className="card">
                <Link to={q.path} className="card__link">
                  {t(`queues.${q.id}.title`)}
                </Link>
                <p className="card__text">{t(`queues.${q.id}.description`)}</p>
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}

export function QueuePage({ id }: { id: QueueId }) {
  const { t } = useTranslation();
  const operator = useOperator();
  const queue = queues.find((q) => q.id === id);
  if (!queue || !queuesFor(operator.roles).includes(queue)) return <ForbiddenPage />;
  return <NotYetAvailable title={t(`queues.${id}.title`)} />;
}

function ForbiddenPage() {
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
