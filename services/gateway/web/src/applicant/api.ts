// The applicants' client of the gateway (ApplicantService) on the shared transport; and the one
// call made without it, UploadActivationDocument, over XMLHttpRequest (api/xhr.ts) so that the
// page can show how much of the file has gone (fetch cannot tell). Same protocol either way:
// Connect unary JSON, POST /ams.gateway.v1.ApplicantService/<Method>, errors as Connect errors.
import { createClient } from "@connectrpc/connect";
import { transport } from "../api/transport";
import { callWithProgress } from "../api/xhr";
import type { UploadProgress } from "../api/xhr";
import { ApplicantService } from "../gen/ams/gateway/v1/applicant_service_pb";
import type { DocumentKind, UploadedDocument } from "../gen/ams/gateway/v1/applicant_service_pb";

export const applicantClient = createClient(ApplicantService, transport);

export type { UploadProgress } from "../api/xhr";

// A phone on a slow line may take a while for a few megabytes.
const uploadTimeoutMs = 180_000;

// Sends one document; resolves with the server's record of it, or rejects with a ConnectError
// (as the Connect client would: the code, the message, the details). `signal` cancels it
// (Code.Canceled).
export function uploadDocument(
  kind: DocumentKind,
  content: Uint8Array,
  onProgress: (progress: UploadProgress) => void,
  signal?: AbortSignal,
): Promise<UploadedDocument> {
  return callWithProgress(
    ApplicantService.method.uploadActivationDocument,
    { kind, content },
    { onProgress, signal, timeoutMs: uploadTimeoutMs },
  );
}
