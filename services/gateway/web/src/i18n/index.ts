// i18next with the two catalogues bundled (no request to load them): Bahasa Indonesia by
// default, English when the operator chose it on this device. <html lang> follows.
import i18n from "i18next";
import { initReactI18next } from "react-i18next";
import { en } from "./en";
import { id } from "./id";

export const languages = ["id", "en"] as const;
export type Language = (typeof languages)[number];

const storageKey = "ams.language";

function storedLanguage(): Language {
  try {
    const value = window.localStorage.getItem(storageKey);
    return value === "en" ? "en" : "id";
  } catch {
    return "id";
  }
}

export function currentLanguage(): Language {
  return i18n.language === "en" ? "en" : "id";
}

export async function changeLanguage(language: Language): Promise<void> {
  try {
    window.localStorage.setItem(storageKey, language);
  } catch {
    // Storage may be off (private mode); the choice then lasts for this page only.
  }
  await i18n.changeLanguage(language);
}

i18n.on("languageChanged", (language) => {
  document.documentElement.lang = language;
});

void i18n.use(initReactI18next).init({
  resources: { id: { translation: id }, en: { translation: en } },
  lng: storedLanguage(),
  fallbackLng: "id",
  supportedLngs: languages,
  initAsync: false,
  // React escapes what it renders.
  interpolation: { escapeValue: false },
});

export default i18n;
