// The one Connect transport to the gateway's API: unary JSON, same origin as the page, cookies
// (HttpOnly, set by the gateway) sent by the browser. The operators' clients (client.ts) and the
// applicants' (applicant/api.ts) share it; each page loads only the services it speaks.
import { createConnectTransport } from "@connectrpc/connect-web";

export const transport = createConnectTransport({
  baseUrl: window.location.origin,
  useBinaryFormat: false,
  defaultTimeoutMs: 15_000,
  fetch: (input, init) => globalThis.fetch(input, { ...init, credentials: "same-origin" }),
});
