// The applicants' frame: the service's name, the language switch, the page, and whom to ask
// for help. None of the operators' shell (no session, no navigation): an applicant has a
// mailed link or an account, and these pages only.
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { LanguageSwitch } from "../common/language-switch";
import "./frame.css";

export function ApplicantFrame({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <div className="portal">
      <a href="#main" className="skip-link">
        {t("app.skipLink")}
      </a>
      <header className="header">
        <div className="header__inner portal__inner">
          <p className="header__service portal__service">
            <span className="header__name">{t("portal.service")}</span>
          </p>
          <LanguageSwitch />
        </div>
      </header>
      <main id="main" className="main portal__main" tabIndex={-1}>
        {children}
      </main>
      <footer className="portal__footer">
        <div className="portal__inner">
          <h2 className="portal__footer-title">{t("portal.helpTitle")}</h2>
          <p>{t("portal.help")}</p>
          <p>{t("portal.helpSafe")}</p>
        </div>
      </footer>
    </div>
  );
}
