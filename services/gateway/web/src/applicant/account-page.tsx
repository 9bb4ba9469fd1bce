// /akun: the applicant's account once the password is their own: who, since when, what the
// account is for (BSrE's certificate services in AMS), changing the password, logging out.
import { Button } from "react-aria-components";
import { useTranslation } from "react-i18next";
import { Link, Navigate } from "react-router";
import { agencyLabel, dateOf, formatDateTime } from "../common/format";
import { ActionMessage, Notice } from "../common/messages";
import { PageHeading } from "../common/page";
import type { AccountView } from "../gen/ams/gateway/v1/applicant_service_pb";
import type { PasswordChanged } from "./account";
import { WithAccount } from "./account-guard";
import { useLogOut } from "./log-out";
import { DataList } from "./parts";
import { passwordPath } from "./paths";

export default function AccountPage() {
  return (
    <WithAccount>
      {(account, passwordChanged) =>
        account.passwordChangeRequired ? (
          <Navigate to={passwordPath} replace />
        ) : (
          <Account account={account} passwordChanged={passwordChanged} />
        )
      }
    </WithAccount>
  );
}

function Account({ account, passwordChanged }: { account: AccountView; passwordChanged: PasswordChanged | undefined }) {
  const { t } = useTranslation();
  const { pending, message, logOut } = useLogOut();
  const a = account.applicant;
  const activated = dateOf(account.activateTime);
  return (
    <div className="portal-page">
      {passwordChanged && (
        <Notice kind="success">{passwordChanged === "first" ? t("account.activeNotice") : t("password.changed")}</Notice>
      )}
      <PageHeading>{t("account.title")}</PageHeading>
      <h2 className="section-title">{t("account.details")}</h2>
      <DataList
        rows={[
          [t("account.name"), a?.fullName ?? ""],
          [t("account.username"), account.username],
          [t("applicant.agency"), agencyLabel(a?.agency ?? "")],
          [t("applicant.email"), a?.officialEmail ?? ""],
          [t("account.activatedAt"), activated ? formatDateTime(activated) : ""],
        ]}
      />
      <h2 className="section-title">{t("account.whatNow")}</h2>
      <p>{t("account.ready")}</p>
      <p>{t("account.secret")}</p>
      <ActionMessage message={message} />
      <div className="actions">
        <Link to={passwordPath} className="button button--secondary">
          {t("account.changePassword")}
        </Link>
        <Button className="button button--secondary" isPending={pending} onPress={() => void logOut()}>
          {t("account.logOut")}
        </Button>
      </div>
    </div>
  );
}
