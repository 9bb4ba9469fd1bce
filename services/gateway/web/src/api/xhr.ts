// One unary call of the gateway's API over XMLHttpRequest instead of fetch, for the calls that
// carry a file, so that the page can show how much of it has gone (fetch cannot tell). Same
// protocol as the Connect client (transport.ts): Connect unary JSON, POST /<service>/<Method>,
// same origin, the session's cookie; a failure rejects with a ConnectError as the client's
// would (the code, the message, the details), so workErrorOf() reads it the same way.
import { create, fromJsonString, toJsonString } from "@bufbuild/protobuf";
import type { DescMessage, DescMethodUnary, MessageInitShape, MessageShape } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import { codeFromHttpStatus, errorFromJson } from "@connectrpc/connect/protocol-connect";

export interface UploadProgress {
  // 0 to 1 while the request goes up; undefined when the browser cannot tell.
  fraction: number | undefined;
  // All of it has gone: the server is working on it now.
  sent: boolean;
}

export interface XhrOptions {
  onProgress?: (progress: UploadProgress) => void;
  // Cancels the call (it then rejects with Code.Canceled).
  signal?: AbortSignal;
  timeoutMs: number;
}

export function callWithProgress<I extends DescMessage, O extends DescMessage>(
  method: DescMethodUnary<I, O>,
  message: MessageInitShape<I>,
  { onProgress, signal, timeoutMs }: XhrOptions,
): Promise<MessageShape<O>> {
  // bytes go as base64 in the JSON (protobuf's JSON mapping).
  const body = toJsonString(method.input, create(method.input, message));
  return new Promise<MessageShape<O>>((resolve, reject) => {
    if (signal?.aborted) {
      reject(new ConnectError("cancelled", Code.Canceled));
      return;
    }
    const xhr = new XMLHttpRequest();
    xhr.open("POST", `/${method.parent.typeName}/${method.name}`);
    xhr.setRequestHeader("Content-Type", "application/json");
    xhr.setRequestHeader("Connect-Protocol-Version", "1");
    xhr.setRequestHeader("Connect-Timeout-Ms", String(timeoutMs));
    xhr.timeout = timeoutMs;
    xhr.responseType = "text";
    if (onProgress) {
      xhr.upload.onprogress = (e) =>
        onProgress({ fraction: e.lengthComputable && e.total > 0 ? e.loaded / e.total : undefined, sent: false });
      xhr.upload.onload = () => onProgress({ fraction: 1, sent: true });
    }
    xhr.onload = () => {
      if (xhr.status === 200) {
        try {
          resolve(fromJsonString(method.output, xhr.responseText, { ignoreUnknownFields: true }));
        } catch (e) {
          reject(new ConnectError(`unreadable answer: ${String(e)}`, Code.Internal));
        }
        return;
      }
      reject(errorOf(xhr));
    };
    xhr.onerror = () => reject(new ConnectError("network error", Code.Unavailable));
    xhr.ontimeout = () => reject(new ConnectError("timed out", Code.DeadlineExceeded));
    xhr.onabort = () => reject(new ConnectError("cancelled", Code.Canceled));
    signal?.addEventListener("abort", () => xhr.abort(), { once: true });
    xhr.send(body);
  });
}

// A Connect unary error: a JSON body {code, message, details} when the gateway's API answered;
// anything else (a proxy's page, a body-size refusal before the API) by its HTTP status.
function errorOf(xhr: XMLHttpRequest): ConnectError {
  const fallback = new ConnectError(`HTTP ${xhr.status}`, codeFromHttpStatus(xhr.status));
  const type = xhr.getResponseHeader("Content-Type") ?? "";
  if (!type.startsWith("application/json")) return fallback;
  try {
    return errorFromJson(JSON.parse(xhr.responseText), undefined, fallback);
  } catch {
    return fallback;
  }
}
