// Routes. Paths are plain (letters, digits, "-", "/"): the gateway hands any such path to the
// app's index.html.
import { I18nProvider } from "react-aria-components";
import { useTranslation } from "react-i18next";
import { BrowserRouter, Route, Routes } from "react-router";
import { HomePage, NotFoundPage, QueuePage } from "./queues/pages";
import { queues } from "./queues/queues";
import { AppShell, Frame } from "./shell/app-shell";
import { SessionProvider, useSession } from "./session/session";
import { SignInPage } from "./signin/sign-in-page";

function Loading() {
  const { t } = useTranslation();
  return (
    <Frame>
      <p className="loading" role="status">
        {t("app.loading")}
      </p>
    </Frame>
  );
}

function AppRoutes() {
  const { state } = useSession();
  // Until GetSession answers, neither the sign-in page nor the work: no flash of either.
  if (state.status === "loading") return <Loading />;
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
        {queues.map((q) => (
          <Route key={q.id} path={q.path} element={<QueuePage id={q.id} />} />
        ))}
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}

export function App() {
  const { i18n } = useTranslation();
  return (
    <I18nProvider locale={i18n.language === "en" ? "en-GB" : "id-ID"}>
      <BrowserRouter>
        <SessionProvider>
          <AppRoutes />
        </SessionProvider>
      </BrowserRouter>
    </I18nProvider>
  );
}
