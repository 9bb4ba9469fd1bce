// A browser's User-Agent as a person names it: "Chrome di Linux", "Firefox di Windows". Only the
// common names; anything else is "Peramban tidak dikenal" (the full text is beside it).
import type { TFunction } from "i18next";

const browsers: readonly [RegExp, string][] = [
  [/\bEdg(e|A|iOS)?\//, "Edge"],
  [/\bOPR\/|\bOpera\b/, "Opera"],
  [/\bSamsungBrowser\//, "Samsung Internet"],
  [/\bFirefox\/|\bFxiOS\//, "Firefox"],
  [/\b(Headless)?Chrome\/|\bCriOS\/|\bChromium\//, "Chrome"],
  [/\bVersion\/[\d.]+.*\bSafari\//, "Safari"],
];

const systems: readonly [RegExp, string][] = [
  [/\bWindows\b/, "Windows"],
  [/\bAndroid\b/, "Android"],
  [/\biPhone|\biPad|\biPod/, "iOS"],
  [/\bCrOS\b/, "ChromeOS"],
  [/\bMac OS X\b|\bMacintosh\b/, "macOS"],
  [/\bLinux\b/, "Linux"],
];

function first(list: readonly [RegExp, string][], ua: string): string {
  return list.find(([pattern]) => pattern.test(ua))?.[1] ?? "";
}

export function browserLabel(t: TFunction, userAgent: string): string {
  const browser = first(browsers, userAgent);
  const system = first(systems, userAgent);
  if (browser && system) return t("security.browserOn", { browser, system });
  if (browser) return browser;
  if (system) return t("security.someBrowserOn", { system });
  return t("security.unknownBrowser");
}
