// request_id for the actions that change something (forward, return, register, resend,
// approve, reject): the server does a request at most once per id. One id per action the
// operator takes; pressing the button again after no answer came (network down, timeout)
// repeats the same request with the same id, so a forward that did reach the server is not
// done twice. Another action, or the same one with other input, gets a new id.
import { useCallback, useRef } from "react";
import { outcomeUnknown } from "./errors";
import type { WorkError } from "./errors";

function newRequestId(): string {
  // randomUUID needs a secure context; getRandomValues does not (a gateway reached over
  // plain HTTP inside the office network).
  if (typeof crypto.randomUUID === "function" && window.isSecureContext) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x40;
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  const hex = [...b].map((x) => x.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export interface RequestIds {
  // The id for this action; `key` names the action and its input (e.g. "return:<item>:<code>:
  // <text>").
  idFor(key: string): string;
  // The action was answered: success (no error) or a refusal. Its next attempt is new.
  // Kept when the outcome is unknown.
  settle(key: string, error?: WorkError): void;
}

export function useRequestIds(): RequestIds {
  const ids = useRef(new Map<string, string>());
  const idFor = useCallback((key: string) => {
    let id = ids.current.get(key);
    if (!id) {
      id = newRequestId();
      ids.current.set(key, id);
    }
    return id;
  }, []);
  const settle = useCallback((key: string, error?: WorkError) => {
    if (!error || !outcomeUnknown(error)) ids.current.delete(key);
  }, []);
  const api = useRef<RequestIds>({ idFor, settle });
  return api.current;
}
