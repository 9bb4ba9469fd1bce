// What a screen needs to know about a failed call; the server's own message is not shown
// (it is for logs, and may name internals).
import { Code, ConnectError } from "@connectrpc/connect";

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
