// Dates, times, durations and resource names as the operator reads them, in the language
// the operator chose (Intl does the wording: no catalogue entries for units).
import { timestampDate } from "@bufbuild/protobuf/wkt";
import type { Duration, Timestamp } from "@bufbuild/protobuf/wkt";
import type { Person } from "../gen/ams/gateway/v1/work_service_pb";
import i18n from "../i18n";

// Indonesian dates with Indonesian month names; English in the British order (day first).
export function locale(): string {
  return i18n.language === "en" ? "en-GB" : "id-ID";
}

export function dateOf(timestamp: Timestamp | undefined): Date | undefined {
  return timestamp ? timestampDate(timestamp) : undefined;
}

// "30 Nov 2025 14.05"
export function formatDateTime(date: Date): string {
  return new Intl.DateTimeFormat(locale(), { dateStyle: "medium", timeStyle: "short" }).format(date);
}

// "14.05"; with the date when it is not today.
export function formatTime(date: Date, now = new Date()): string {
  if (date.toDateString() !== now.toDateString()) return formatDateTime(date);
  return new Intl.DateTimeFormat(locale(), { timeStyle: "short" }).format(date);
}

// "3 jam yang lalu", "kemarin", "dalam 10 menit".
export function formatRelative(date: Date, now = new Date()): string {
  const seconds = Math.round((date.getTime() - now.getTime()) / 1000);
  const rtf = new Intl.RelativeTimeFormat(locale(), { numeric: "auto" });
  const abs = Math.abs(seconds);
  if (abs < 60) return rtf.format(0, "second");
  if (abs < 3600) return rtf.format(Math.round(seconds / 60), "minute");
  if (abs < 86400) return rtf.format(Math.round(seconds / 3600), "hour");
  if (abs < 30 * 86400) return rtf.format(Math.round(seconds / 86400), "day");
  return rtf.format(Math.round(seconds / (30 * 86400)), "month");
}

// "2 mnt 30 dtk", "1 j 5 mnt", "3 hr 2 j": at most the two largest units.
export function formatDuration(duration: Duration | undefined): string {
  if (!duration) return "";
  let total = Math.max(0, Math.round(Number(duration.seconds) + duration.nanos / 1e9));
  const parts: [number, "day" | "hour" | "minute" | "second"][] = [];
  for (const [unit, size] of [
    ["day", 86400],
    ["hour", 3600],
    ["minute", 60],
    ["second", 1],
  ] as const) {
    const n = Math.floor(total / size);
    total -= n * size;
    if (n > 0) parts.push([n, unit]);
  }
  if (parts.length === 0) parts.push([0, "second"]);
  return parts
    .slice(0, 2)
    .map(([n, unit]) => new Intl.NumberFormat(locale(), { style: "unit", unit, unitDisplay: "short" }).format(n))
    .join(" ");
}

export function durationSeconds(duration: Duration | undefined): number {
  return duration ? Number(duration.seconds) + duration.nanos / 1e9 : 0;
}

// The last segment of a resource name: "reviewItems/1f2e…" → "1f2e…".
export function idOf(name: string): string {
  return name.slice(name.lastIndexOf("/") + 1);
}

// A person by their display name, else their operator id ("operators/siti" → "siti"), else
// `none`.
export function personName(person: Person | undefined, none = "—"): string {
  return person?.displayName || idOf(person?.name ?? "") || none;
}

// An 18-digit NIP in its customary groups (birth date, appointment, sex, number):
// "19800101 201001 1 000", so that it reads and wraps like the paper forms. Anything else as is.
export function formatNip(nip: string): string {
  return /^\d{18}$/.test(nip) ? `${nip.slice(0, 8)} ${nip.slice(8, 14)} ${nip.slice(14, 15)} ${nip.slice(15)}` : nip;
}

// "agencies/dinkes" → "dinkes": the API has no agency names yet.
export function agencyLabel(agency: string): string {
  return agency.startsWith("agencies/") ? idOf(agency) : agency;
}

// "budi.santoso@kebumenkab.go.id" → "budi.santoso": the username AMS derives when none is given.
export function emailLocalPart(email: string): string {
  const at = email.indexOf("@");
  return at > 0 ? email.slice(0, at) : email;
}

// The app's path of an application's timeline, from "applications/{id}".
export function timelinePath(application: string): string {
  return `/permohonan/${encodeURIComponent(idOf(application))}/linimasa`;
}
