// The account pages' gate: asks who is logged in when this page does not know yet; without an
// account session, the log-in page.
import { useEffect } from "react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Navigate } from "react-router";
import { Loading } from "../common/load-state";
import { Notice } from "../common/messages";
import type { AccountView } from "../gen/ams/gateway/v1/applicant_service_pb";
import { loadAccount, useAccountState } from "./account";
import type { PasswordChanged } from "./account";
import { applicantErrorText } from "./parts";
import { logInPath } from "./paths";

export function WithAccount({ children }: { children: (account: AccountView, passwordChanged: PasswordChanged | undefined) => ReactNode }) {
  const { t } = useTranslation();
  const state = useAccountState();
  useEffect(() => {
    if (state.status === "unknown") void loadAccount();
  }, [state.status]);
  switch (state.status) {
    case "unknown":
    case "loading":
      return <Loading />;
    case "out":
      return <Navigate to={logInPath} replace />;
    case "failed":
      return (
        <Notice kind="warning" action={{ label: t("app.retry"), onPress: () => void loadAccount() }}>
          {`${t("errors.loadFailed")} ${applicantErrorText(t, state.error)}`}
        </Notice>
      );
    case "in":
      return children(state.account, state.passwordChanged);
  }
}
