// The frame of every page: the service name and language switch; once signed in, the
// operator's name and roles, "Keamanan akun", "Keluar", the overview ("Ikhtisar") and the work
// the roles give. An admin who must enrol an authenticator app first sees only its enrolment
// (and "Keluar"). An agency's user sees only their agency's applications: the gateway answers
// them nothing of the operators' work, so neither the queue counts nor the live updates are
// asked for.
import { useState } from "react";
import type { ReactNode } from "react";
import { Button } from "react-aria-components";
import { useTranslation } from "react-i18next";
import { Link, NavLink, Navigate, Outlet, useLocation, useNavigate } from "react-router";
import { agencyPath, isAgencyUser } from "../agency/paths";
import type { Problem } from "../api/client";
import { agencyLabel } from "../common/format";
import { LanguageSwitch } from "../common/language-switch";
import { Notice } from "../common/messages";
import { roleNameKey } from "../common/roles";
import type { Operator } from "../gen/ams/gateway/v1/session_service_pb";
import { Role } from "../gen/ams/type/v1/sop_pb";
import { LiveUpdatesProvider, useLive } from "../live/live-updates";
import { mayOverview, overviewPath } from "../overview/paths";
import { QueueCountsProvider, useQueueCounts, waitingIn } from "../queues/counts";
import { queuesFor } from "../queues/queues";
import { authenticatorPath, securityPath } from "../security/paths";
import { useSession } from "../session/session";

export function Frame({
  header,
  children,
  homeLink = true,
}: {
  header?: ReactNode;
  children: ReactNode;
  // The service's name links to the home page (not while there is nowhere else to go).
  homeLink?: boolean;
}) {
  const { t } = useTranslation();
  const service = (
    <>
      <span className="header__name">{t("app.fullName")}</span>
      <span className="header__owner">{t("app.owner")}</span>
    </>
  );
  return (
    <>
      <a href="#main" className="skip-link">
        {t("app.skipLink")}
      </a>
      <header className="header">
        <div className="header__inner">
          {homeLink ? (
            <Link to="/" className="header__service">
              {service}
            </Link>
          ) : (
            <p className="header__service">{service}</p>
          )}
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

// The roles whose screens the gateway's live updates (GET /events) serve.
const liveRoles: readonly Role[] = [Role.DISKOMINFO_OP, Role.BSRE_OP, Role.VERIFIER, Role.AUDITOR, Role.ADMIN];

function OperatorBar({ operator, restricted }: { operator: Operator; restricted: boolean }) {
  const { t } = useTranslation();
  const agency = isAgencyUser(operator.roles);
  const session = useSession();
  const live = useLive();
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
      {/* data-live: whether the live updates' stream is open (the browser tests wait for it). */}
      <div className="operator-bar" data-live={live.status}>
        <div className="operator-bar__inner">
          <section className="operator" aria-label={t("shell.account")}>
            <p className="operator__name">{operator.displayName || operator.name}</p>
            <p className="operator__roles">
              <span className="visually-hidden">{t("shell.roles")}: </span>
              {roles.join(", ")}
              {operator.agency && ` · ${agencyLabel(operator.agency)}`}
            </p>
          </section>
          <div className="operator-bar__actions">
            {!restricted && (
              <NavLink to={securityPath} className="operator-bar__link">
                {t("shell.security")}
              </NavLink>
            )}
            <Button className="button button--quiet" isPending={pending} onPress={() => void signOut()}>
              {t("shell.signOut")}
            </Button>
          </div>
        </div>
        {!restricted && agency && (
          <nav className="nav" aria-label={t("shell.nav")}>
            <ul className="nav__list">
              <li>
                <NavLink to={agencyPath} className="nav__link">
                  {t("agency.listTitle")}
                </NavLink>
              </li>
            </ul>
          </nav>
        )}
        {!restricted && !agency && (
          <nav className="nav" aria-label={t("shell.nav")}>
            <ul className="nav__list">
              <li>
                <NavLink to="/" end className="nav__link">
                  {t("shell.home")}
                </NavLink>
              </li>
              {mayOverview(operator.roles) && (
                <li>
                  <NavLink to={overviewPath} className="nav__link">
                    {t("overview.title")}
                  </NavLink>
                </li>
              )}
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
        )}
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

// The pages behind sign-in. Without a session, the sign-in page, then back here. The tree is
// the same with and without the enrolment requirement, so that the enrolment page keeps its
// state when the requirement goes.
export function AppShell() {
  const { state } = useSession();
  const location = useLocation();
  if (state.status !== "signedIn") {
    // Back here after signing in again, unless the operator chose to sign out.
    const chose = state.status === "signedOut" && state.notice === "signedOut";
    const from = chose ? undefined : location.pathname + location.search;
    return <Navigate to="/masuk" replace state={from ? { from } : null} />;
  }
  const restricted = state.secondFactor.required;
  if (restricted && location.pathname !== authenticatorPath) return <Navigate to={authenticatorPath} replace />;
  const agency = isAgencyUser(state.operator.roles);
  const live = !restricted && !agency && state.operator.roles.some((r) => liveRoles.includes(r));
  return (
    <QueueCountsProvider enabled={!restricted && !agency}>
      <LiveUpdatesProvider enabled={live}>
        <Frame homeLink={!restricted} header={<OperatorBar operator={state.operator} restricted={restricted} />}>
          <Outlet />
        </Frame>
      </LiveUpdatesProvider>
    </QueueCountsProvider>
  );
}
