// The applicants' client of the gateway (ApplicantService) on the shared transport; and the one
// call made without it, UploadActivationDocument, over XMLHttpRequest so that the page can show
// how much of the file has gone (fetch cannot tell). Same protocol either way: Connect unary
// JSON, POST /ams.gateway.v1.ApplicantService/<Method>, errors as Connect errors.
import { create, fromJsonString, toJsonString } from "@bufbuild/protobuf";
import { Code, ConnectError, createClient } from "@connectrpc/connect";
import { codeFromHttpStatus, errorFromJson } from "@connectrpc/connect/protocol-connect";
import { transport } from "../api/transport";
import {
  ApplicantService,
  UploadActivationDocumentRequestSchema,
  UploadedDocumentSchema,
} from "../gen/ams/gateway/v1/applicant_service_pb";
import type { DocumentKind, UploadedDocument } from "../gen/ams/gateway/v1/applicant_service_pb";

export const applicantClient = createClient(ApplicantService, transport);

const uploadPath = `/${ApplicantService.typeName}/${ApplicantService.method.uploadActivationDocument.name}`;

// A phone on a slow line may take a while for a few megabytes.
const uploadTimeoutMs = 180_000;

export interface UploadProgress {
  // 0 to 1 while the file goes up; undefined when the browser cannot tell.
  fraction: number | undefined;
  // All of it has gone: the server is checking it now.
  sent: boolean;
}

// Sends one document; resolves with the server's record of it, or rejects with a ConnectError
// (as the Connect client would: the code, the message, the details). `signal` cancels it
// (Code.Canceled).
export function uploadDocument(
  kind: DocumentKind,
  content: Uint8Array,
  onProgress: (progress: UploadProgress) => void,
  signal?: AbortSignal,
): Promise<UploadedDocument> {
  // bytes go as base64 in the JSON (protobuf's JSON mapping).
  const body = toJsonString(UploadActivationDocumentRequestSchema, create(UploadActivationDocumentRequestSchema, { kind, content }));
  return new Promise<UploadedDocument>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", uploadPath);
    xhr.setRequestHeader("Content-Type", "application/json");
    xhr.setRequestHeader("Connect-Protocol-Version", "1");
    xhr.setRequestHeader("Connect-Timeout-Ms", String(uploadTimeoutMs));
    xhr.timeout = uploadTimeoutMs;
    xhr.responseType = "text";
    xhr.upload.onprogress = (e) => onProgress({ fraction: e.lengthComputable && e.total > 0 ? e.loaded / e.total : undefined, sent: false });
    xhr.upload.onload = () => onProgress({ fraction: 1, sent: true });
    xhr.onload = () => {
      if (xhr.status === 200) {
        try {
          resolve(fromJsonString(UploadedDocumentSchema, xhr.responseText, { ignoreUnknownFields: true }));
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
    if (signal) {
      if (signal.aborted) {
        reject(new ConnectError("cancelled", Code.Canceled));
        return;
      }
      signal.addEventListener("abort", () => xhr.abort(), { once: true });
    }
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
