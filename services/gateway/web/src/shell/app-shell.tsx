// The frame of every page: the service name and language switch; once signed in, the
// operator's name and roles, "Keluar", and the work the roles give.
import { useState } from "react";
import type { ReactNode } from "react";
import { Button } from "react-aria-components";
import { useTranslation } from "react-i18next";
import { Link, NavLink, Navigate, Outlet, useLocation, useNavigate } from "react-router";
import type { Problem } from "../api/client";
import { LanguageSwitch } from "../common/language-switch";
import { Notice } from "../common/messages";
import { roleNameKey } from "../common/roles";
import type { Operator } from "../gen/ams/gateway/v1/session_service_pb";
import { QueueCountsProvider, useQueueCounts, waitingIn } from "../queues/counts";
import { queuesFor } from "../queues/queues";
import { useSession } from "../session/session";

export function Frame({ header, children }: { header?: ReactNode; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <>
      <a href="#main" className="skip-link">
        {t("app.skipLink")}
      </a>
      <header className="header">
        <div className="header__inner">
          <Link to="/" className="header__service">
            <span className="header__name">{t("app.fullName")}</span>
            <span className="header__owner">{t("app.owner")}</span>
          </Link>
          <LanguageSwitch />
        </div>
        {header}
      </header>
      <main id="main" className="main" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}

function OperatorBar({ operator }: { operator: Operator }) {
  const { t } = useTranslation();
  const session = useSession();
  const navigate = useNavigate();
  const [pending, setPending] = useState(false);
  const [problem, setProblem] = useState<Problem>();
  const { counts } = useQueueCounts();
  const roles = operator.roles.map((r) => t(roleNameKey[r]));

  async function signOut() {
    setPending(true);
    const failed = await session.signOut();
    setPending(false);
    setProblem(failed);
    if (!failed) void navigate("/masuk", { replace: true });
  }

  return (
    <>
      <div className="operator-bar">
        <div className="operator-bar__inner">
          <section className="operator" aria-label={t("shell.account")}>
            <p className="operator__name">{operator.displayName || operator.name}</p>
            <p className="operator__roles">
              <span className="visually-hidden">{t("shell.roles")}: </span>
              {roles.join(", ")}
            </p>
          </section>
          <Button className="button button--quiet" isPending={pending} onPress={() => void signOut()}>
            {t("shell.signOut")}
          </Button>
        </div>
        <nav className="nav" aria-label={t("shell.nav")}>
          <ul className="nav__list">
            <li>
              <NavLink to="/" end className="nav__link">
                {t("shell.home")}
              </NavLink>
            </li>
            {queuesFor(operator.roles).map((q) => {
              const waiting = waitingIn(counts, q.id);
              return (
                <li key={q.id}>
                  <NavLink to={q.path} className="nav__link">
                    {t(`queues.${q.id}.title`)}
                    {waiting !== undefined && waiting > 0 && (
                      <span className="nav__count">
                        <span aria-hidden="true">{waiting}</span>
                        <span className="visually-hidden">, {t("home.waiting", { count: waiting })}</span>
                      </span>
                    )}
                  </NavLink>
                </li>
              );
            })}
          </ul>
        </nav>
      </div>
      {problem && (
        <div className="operator-bar__problem">
          <Notice kind="warning">
            {problem === "unreachable" ? t("errors.unreachable") : t("errors.signOutFailed")}
          </Notice>
        </div>
      )}
    </>
  );
}

// The pages behind sign-in. Without a session, the sign-in page, then back here.
export function AppShell() {
  const { state } = useSession();
  const location = useLocation();
  if (state.status !== "signedIn") {
    return <Navigate to="/masuk" replace state={{ from: location.pathname + location.search }} />;
  }
  return (
    <QueueCountsProvider>
      <Frame header={<OperatorBar operator={state.operator} />}>
        <Outlet />
      </Frame>
    </QueueCountsProvider>
  );
}
