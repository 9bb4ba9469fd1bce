// The agency's client of the gateway (AgencyService) on the shared transport; and
// SubmitApplication over XMLHttpRequest (api/xhr.ts), so that the page can show how much of the
// recommendation letter has gone: the PDF travels in the request itself (base64 in the JSON),
// there is no separate upload.
import { createClient } from "@connectrpc/connect";
import type { MessageInitShape } from "@bufbuild/protobuf";
import { transport } from "../api/transport";
import { callWithProgress } from "../api/xhr";
import type { UploadProgress } from "../api/xhr";
import { AgencyService } from "../gen/ams/gateway/v1/agency_service_pb";
import type {
  SubmitApplicationRequestSchema,
  SubmittedApplication,
} from "../gen/ams/gateway/v1/agency_service_pb";

export const agencyClient = createClient(AgencyService, transport);

export type SubmitRequest = MessageInitShape<typeof SubmitApplicationRequestSchema>;

// The server reads the letter's PDF (in a sandbox) before it answers: with a slow line, a while.
const withLetterTimeoutMs = 120_000;
const withoutLetterTimeoutMs = 20_000;

// SubmitApplication (validate_only or not); rejects with a ConnectError as the client would.
export function submitApplication(
  request: SubmitRequest,
  { onProgress, signal }: { onProgress?: (p: UploadProgress) => void; signal?: AbortSignal } = {},
): Promise<SubmittedApplication> {
  const withLetter = (request.recommendationLetter?.pdf?.length ?? 0) > 0;
  return callWithProgress(AgencyService.method.submitApplication, request, {
    onProgress,
    signal,
    timeoutMs: withLetter ? withLetterTimeoutMs : withoutLetterTimeoutMs,
  });
}
