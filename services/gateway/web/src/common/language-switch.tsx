// The visible language switch: two toggle buttons, each named in its own language.
import { ToggleButton, ToggleButtonGroup } from "react-aria-components";
import type { Key } from "react-aria-components";
import { useTranslation } from "react-i18next";
import { changeLanguage, currentLanguage, languages } from "../i18n";
import type { Language } from "../i18n";

export function LanguageSwitch() {
  const { t } = useTranslation();
  const current = currentLanguage();
  return (
    <ToggleButtonGroup
      className="language-switch"
      aria-label={t("language.label")}
      selectionMode="single"
      disallowEmptySelection
      selectedKeys={[current]}
      onSelectionChange={(keys: Set<Key>) => {
        const [next] = [...keys];
        if (next === "id" || next === "en") void changeLanguage(next as Language);
      }}
    >
      {languages.map((language) => (
        <ToggleButton key={language} id={language} lang={language} className="language-switch__option">
          {t(`language.${language}`)}
        </ToggleButton>
      ))}
    </ToggleButtonGroup>
  );
}
