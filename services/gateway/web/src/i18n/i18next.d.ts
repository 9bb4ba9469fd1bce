import "i18next";
import type { id } from "./id";

// Typed keys: t("signIn.title") is checked against the Indonesian catalogue.
declare module "i18next" {
  interface CustomTypeOptions {
    defaultNS: "translation";
    resources: { translation: typeof id };
  }
}
