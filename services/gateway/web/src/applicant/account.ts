// The applicant's account session (cookie __Host-ams_account, HttpOnly: the page cannot see it),
// as the gateway last described it: shared by the log-in, password and account pages, each a
// file of its own, through this module (one copy in the page, whichever page loaded it).
import { Code } from "@connectrpc/connect";
import { useSyncExternalStore } from "react";
import { workErrorOf } from "../api/errors";
import type { WorkError } from "../api/errors";
import type { AccountView } from "../gen/ams/gateway/v1/applicant_service_pb";
import { applicantClient } from "./api";

export type PasswordChanged = "first" | "again";

// Why the log-in page is shown, when it is worth saying.
export type LoggedOutNotice = "expired" | "loggedOut";

export type AccountState =
  // Not asked yet in this page.
  | { status: "unknown" }
  | { status: "loading" }
  // passwordChanged: just changed in this page, the first (mailed) one or a later one.
  | { status: "in"; account: AccountView; passwordChanged?: PasswordChanged }
  | { status: "out"; notice?: LoggedOutNotice }
  | { status: "failed"; error: WorkError };

let state: AccountState = { status: "unknown" };
const listeners = new Set<() => void>();

function set(next: AccountState) {
  state = next;
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useAccountState(): AccountState {
  return useSyncExternalStore(subscribe, () => state);
}

// Asks the gateway who is logged in (GetAccount), unless it is being asked already.
export async function loadAccount(): Promise<void> {
  if (state.status === "loading") return;
  set({ status: "loading" });
  try {
    set({ status: "in", account: await applicantClient.getAccount({}) });
  } catch (error) {
    const e = workErrorOf(error);
    set(e.code === Code.Unauthenticated ? { status: "out" } : { status: "failed", error: e });
  }
}

// LogIn or ChangePassword answered with the account.
export function accountIs(account: AccountView, passwordChanged?: PasswordChanged) {
  set({ status: "in", account, ...(passwordChanged ? { passwordChanged } : {}) });
}

// Logged out, or the session ended on the server (a call answered UNAUTHENTICATED
// SESSION_INVALID): the log-in page then says which.
export function loggedOut(notice?: LoggedOutNotice) {
  set({ status: "out", ...(notice ? { notice } : {}) });
}

// Whether a failed call says the account session is gone (not a wrong password: LOGIN_FAILED
// is UNAUTHENTICATED too).
export function sessionEnded(error: WorkError): boolean {
  return error.code === Code.Unauthenticated && error.reason !== "LOGIN_FAILED" && error.reason !== "ACCOUNT_LOCKED";
}
