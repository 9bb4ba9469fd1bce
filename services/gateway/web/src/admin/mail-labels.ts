// A parked mail's parts in the operator's words: the service that owes it, what it is for, and
// its application as a short id (the full one is in the timeline's address).
import type { TFunction } from "i18next";
import { idOf } from "../common/format";
import { mailKindKey, mailServiceKey } from "../common/labels";

export function serviceLabel(t: TFunction, service: string): string {
  const key = mailServiceKey(service);
  return key ? t(key) : service;
}

export function mailKindLabel(t: TFunction, kind: string): string {
  const key = mailKindKey(kind);
  return key ? t(key) : kind;
}

// "applications/1f2e3d4c-…" → "1f2e3d4c…": the UUID's first group, enough to tell applications
// apart in a short list.
export function shortApplicationId(application: string): string {
  const id = idOf(application);
  return id.length > 9 ? `${id.slice(0, 8)}…` : id;
}

// "budi@kebumenkab.go.id" → "kebumenkab.go.id"; "" when there is no "@".
export function domainOf(address: string): string {
  const at = address.lastIndexOf("@");
  return at >= 0 ? address.slice(at + 1) : "";
}
