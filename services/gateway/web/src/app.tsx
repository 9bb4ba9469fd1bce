// The operators' app: every path that is not an applicant's (root.tsx), loaded as a file of
// its own so that an applicant's phone never downloads it. Paths are plain (letters, digits,
// "-", "/"): the gateway hands any such path to the app's index.html. The work screens load on
// first use (their own files), so that the sign-in page and the home page come quickly.
import { Suspense, lazy } from "react";
import type { ReactNode } from "react";
import { Route, Routes } from "react-router";
import { agencyKeysPath, operatorsPath, parkedMailPath } from "./admin/paths";
import { agencyPath, agencySubmitPath } from "./agency/paths";
import { ledgerPath, slaPath } from "./audit/paths";
import { Loading } from "./common/load-state";
import { overviewPath } from "./overview/paths";
import { AgencyGuard, HomePage, NotForAgency, NotFoundPage, QueueGuard } from "./queues/pages";
import type { QueueId } from "./queues/queues";
import { authenticatorPath, securityPath } from "./security/paths";
import { AppShell, Frame } from "./shell/app-shell";
import { SessionProvider, useSession } from "./session/session";
import { SignInPage } from "./signin/sign-in-page";
// The work screens' styles, with this file (the applicants' pages have their own).
import "./work.css";

const ReviewQueuePage = lazy(() => import("./work/review-queue"));
const ReviewItemPage = lazy(() => import("./work/review-item"));
const RegistrationsPage = lazy(() => import("./work/registrations"));
const CaseQueuePage = lazy(() => import("./work/case-queue"));
const CasePage = lazy(() => import("./work/case-page"));
const TimelinePage = lazy(() => import("./work/timeline-page"));
const SecurityPage = lazy(() => import("./security/security-page"));
const AuthenticatorPage = lazy(() => import("./security/authenticator-page"));
const ParkedMailPage = lazy(() => import("./admin/parked-mail-page"));
const OperatorsPage = lazy(() => import("./admin/operators-page"));
const AgencyKeysPage = lazy(() => import("./admin/agency-keys-page"));
const LedgerPage = lazy(() => import("./audit/ledger-page"));
const SlaPage = lazy(() => import("./audit/sla-page"));
const OverviewPage = lazy(() => import("./overview/overview-page"));
const AgencyListPage = lazy(() => import("./agency/list-page"));
const AgencySubmitPage = lazy(() => import("./agency/submit-page"));

// A work screen: its queue's roles only, loaded on first use.
function Work({ queue, children }: { queue?: QueueId; children: ReactNode }) {
  const screen = <Suspense fallback={<Loading />}>{children}</Suspense>;
  return queue ? <QueueGuard id={queue}>{screen}</QueueGuard> : screen;
}

// An agency's screen: an agency's user only, loaded on first use.
function Agency({ children }: { children: ReactNode }) {
  return (
    <AgencyGuard>
      <Suspense fallback={<Loading />}>{children}</Suspense>
    </AgencyGuard>
  );
}

function AppRoutes() {
  const { state } = useSession();
  // Until GetSession answers, neither the sign-in page nor the work: no flash of either.
  if (state.status === "loading") {
    return (
      <Frame>
        <Loading />
      </Frame>
    );
  }
  return (
    <Routes>
      <Route
        path="/masuk"
        element={
          <Frame>
            <SignInPage />
          </Frame>
        }
      />
      <Route element={<AppShell />}>
        <Route index element={<HomePage />} />
        {/* Every operator: where applications stand (the server decides who may see it). */}
        <Route path={overviewPath} element={<NotForAgency><Work><OverviewPage /></Work></NotForAgency>} />
        <Route path="/antrian/diskominfo" element={<Work queue="diskominfo"><ReviewQueuePage /></Work>} />
        <Route path="/antrian/diskominfo/:id" element={<Work queue="diskominfo"><ReviewItemPage /></Work>} />
        <Route path="/antrian/bsre" element={<Work queue="bsre"><RegistrationsPage /></Work>} />
        <Route path="/antrian/verifikasi" element={<Work queue="verifier"><CaseQueuePage /></Work>} />
        <Route path="/antrian/verifikasi/:id" element={<Work queue="verifier"><CasePage /></Work>} />
        {/* Any operator: the server decides whose application they may trace. */}
        <Route path="/permohonan/:id/linimasa" element={<NotForAgency><Work><TimelinePage /></Work></NotForAgency>} />
        <Route path={ledgerPath} element={<Work queue="audit"><LedgerPage /></Work>} />
        <Route path={slaPath} element={<Work queue="audit"><SlaPage /></Work>} />
        <Route path={parkedMailPath} element={<Work queue="parkedMail"><ParkedMailPage /></Work>} />
        <Route path={operatorsPath} element={<Work queue="operators"><OperatorsPage /></Work>} />
        <Route path={agencyKeysPath} element={<Work queue="agencyKeys"><AgencyKeysPage /></Work>} />
        {/* An agency's user: SOP step 1 for their agency. */}
        <Route path={agencyPath} element={<Agency><AgencyListPage /></Agency>} />
        <Route path={agencySubmitPath} element={<Agency><AgencySubmitPage /></Agency>} />
        {/* Any operator: their own account. */}
        <Route path={securityPath} element={<Work><SecurityPage /></Work>} />
        <Route path={authenticatorPath} element={<Work><AuthenticatorPage /></Work>} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}

// Under root.tsx's router, at "*": the operators' session is asked for (GetSession) only here.
export default function OperatorApp() {
  return (
    <SessionProvider>
      <AppRoutes />
    </SessionProvider>
  );
}
