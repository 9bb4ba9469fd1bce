// The overview's numbers and moments in the operator's words: a step by its number and name,
// the day of a "YYYY-MM-DD", the time the data was read.
import type { TFunction } from "i18next";
import { formatDateTime, locale } from "../common/format";
import { sopStepKey } from "../common/labels";
import type { SopStep } from "../gen/ams/type/v1/sop_pb";

// How many days of completed applications the page asks for (the server's default).
export const overviewDays = 14;

// "2. Penerusan ke BSrE", as the SLA report and the timeline name a step.
export function stepLabel(t: TFunction, step: SopStep): string {
  return `${step}. ${t(sopStepKey[step])}`;
}

// "2025-11-30" → 30 (the day of the month); 0 when it is no such date.
export function dayOfMonth(date: string): number {
  const m = /^\d{4}-\d{2}-(\d{2})$/.exec(date);
  return m ? Number(m[1]) : 0;
}

// "14.05.32" (to the second: a reload within the minute shows too); with the date when it is
// not today.
export function formatReadTime(date: Date, now = new Date()): string {
  if (date.toDateString() !== now.toDateString()) return formatDateTime(date);
  return new Intl.DateTimeFormat(locale(), { timeStyle: "medium" }).format(date);
}
