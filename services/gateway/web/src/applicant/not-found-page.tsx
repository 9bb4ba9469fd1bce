// An address under /akun/ that is no page.
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { PageHeading } from "../common/page";
import "./applicant.css";
import { logInPath } from "./paths";

export default function ApplicantNotFoundPage() {
  const { t } = useTranslation();
  return (
    <div className="portal-page">
      <PageHeading>{t("portal.notFoundTitle")}</PageHeading>
      <p className="lead">{t("portal.notFoundBody")}</p>
      <p>
        <Link to={logInPath}>{t("portal.notFoundLink")}</Link>
      </p>
    </div>
  );
}
