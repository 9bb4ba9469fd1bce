// The one client of the gateway's API: Connect unary JSON, same origin as the page, cookies
// (HttpOnly, set by the gateway) sent by the browser. Screens never call fetch themselves.
import { Code, ConnectError, createClient } from "@connectrpc/connect";
import { createConnectTransport } from "@connectrpc/connect-web";
import { SessionService } from "../gen/ams/gateway/v1/session_service_pb";
import { WorkService } from "../gen/ams/gateway/v1/work_service_pb";

const transport = createConnectTransport({
  baseUrl: window.location.origin,
  useBinaryFormat: false,
  defaultTimeoutMs: 15_000,
  fetch: (input, init) => globalThis.fetch(input, { ...init, credentials: "same-origin" }),
});

export const sessionClient = createClient(SessionService, transport);
export const workClient = createClient(WorkService, transport);

// What a screen needs to know about a failed call; the server's own message is not shown
// (it is for logs, and may name internals).
export type Problem = "unauthenticated" | "tooManyAttempts" | "unreachable" | "unexpected";

export function problemOf(error: unknown): Problem {
  const e = ConnectError.from(error);
  switch (e.code) {
    case Code.Unauthenticated:
      return "unauthenticated";
    case Code.ResourceExhausted:
      return "tooManyAttempts";
    // No answer, a timeout, or an answer that is not from the gateway's API (a proxy's error
    // page, a static server's 404): the server cannot be reached.
    case Code.Unavailable:
    case Code.DeadlineExceeded:
    case Code.Canceled:
    case Code.Unimplemented:
    case Code.Unknown:
      return "unreachable";
    default:
      return "unexpected";
  }
}
