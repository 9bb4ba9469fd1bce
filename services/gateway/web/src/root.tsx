// The app's router. An applicant's pages (/aktivasi, /akun/…, /status/…) and the operators' app
// are loaded each as files of their own, so that neither downloads the other's: the operators'
// app (and its session, GetSession) only for any other path.
import { Suspense, lazy } from "react";
import { I18nProvider } from "react-aria-components";
import { useTranslation } from "react-i18next";
import { BrowserRouter, Outlet, Route, Routes } from "react-router";
import { ApplicantFrame } from "./applicant/frame";
import { accountPath, activationPath, logInPath, passwordPath, statusPath } from "./applicant/paths";
import { Loading } from "./common/load-state";

const OperatorApp = lazy(() => import("./app"));
const ActivationPage = lazy(() => import("./applicant/activation-page"));
const LogInPage = lazy(() => import("./applicant/log-in-page"));
const PasswordPage = lazy(() => import("./applicant/password-page"));
const AccountPage = lazy(() => import("./applicant/account-page"));
const ApplicantNotFound = lazy(() => import("./applicant/not-found-page"));
const StatusPage = lazy(() => import("./applicant/status-page"));

function ApplicantPages() {
  return (
    <ApplicantFrame>
      <Suspense fallback={<Loading />}>
        <Outlet />
      </Suspense>
    </ApplicantFrame>
  );
}

export function Root() {
  const { i18n } = useTranslation();
  return (
    <I18nProvider locale={i18n.language === "en" ? "en-GB" : "id-ID"}>
      <BrowserRouter>
        <Routes>
          <Route element={<ApplicantPages />}>
            <Route path={activationPath} element={<ActivationPage />} />
            <Route path={accountPath} element={<AccountPage />} />
            <Route path={logInPath} element={<LogInPage />} />
            <Route path={passwordPath} element={<PasswordPage />} />
            <Route path={`${accountPath}/*`} element={<ApplicantNotFound />} />
            {/* Whatever follows /status/: an id, or a broken link (nothing, or a mangled id). */}
            <Route path={`${statusPath}/*`} element={<StatusPage />} />
          </Route>
          <Route
            path="*"
            element={
              <Suspense fallback={null}>
                <OperatorApp />
              </Suspense>
            }
          />
        </Routes>
      </BrowserRouter>
    </I18nProvider>
  );
}
