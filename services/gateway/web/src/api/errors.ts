// What a failed call of the work API says, as data a screen can word in the operator's
// language: the code, google.rpc.ErrorInfo's reason and metadata, and google.rpc.BadRequest's
// field violations. The server's message is English and for logs; it is never shown.
import { Code, ConnectError } from "@connectrpc/connect";
import { BinaryReader, WireType } from "@bufbuild/protobuf/wire";
import { problemOf } from "./problem";
import type { Problem } from "./problem";

export interface FieldViolation {
  // The request field's path as the server names it, e.g. "reason.text".
  field: string;
  // The server's words (English). Shown only where the server's verdict is the point, e.g. why
  // an uploaded document was refused; "" when there were none.
  description: string;
}

export interface WorkError {
  code: Code;
  problem: Problem;
  // ErrorInfo.reason without the enum's prefix, e.g. "CLAIMED", "SEPARATION_OF_DUTIES";
  // empty when the answer had none (no server, a proxy's page).
  reason: string;
  // ErrorInfo.metadata, e.g. { holder: "operators/siti" } with CLAIMED.
  metadata: Record<string, string>;
  violations: FieldViolation[];
}

const errorInfoType = "google.rpc.ErrorInfo";
const badRequestType = "google.rpc.BadRequest";

export function workErrorOf(error: unknown): WorkError {
  const e = ConnectError.from(error);
  const result: WorkError = {
    code: e.code,
    problem: problemOf(e),
    reason: "",
    metadata: {},
    violations: [],
  };
  for (const detail of e.details) {
    // Incoming details only (an OutgoingDetail is a message this client made itself).
    if (!("type" in detail) || !(detail.value instanceof Uint8Array)) continue;
    const debug = isObject(detail.debug) ? detail.debug : undefined;
    if (detail.type === errorInfoType) {
      const info = debug ? errorInfoFromJson(debug) : errorInfoFromBinary(detail.value);
      result.reason = info.reason.replace(/^ERROR_REASON_/, "");
      result.metadata = info.metadata;
    } else if (detail.type === badRequestType) {
      result.violations = debug ? violationsFromJson(debug) : violationsFromBinary(detail.value);
    }
  }
  return result;
}

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

interface ErrorInfo {
  reason: string;
  metadata: Record<string, string>;
}

function errorInfoFromJson(json: JsonObject): ErrorInfo {
  const metadata: Record<string, string> = {};
  if (isObject(json.metadata)) {
    for (const [key, value] of Object.entries(json.metadata)) {
      if (typeof value === "string") metadata[key] = value;
    }
  }
  return { reason: typeof json.reason === "string" ? json.reason : "", metadata };
}

function violationsFromJson(json: JsonObject): FieldViolation[] {
  const list = Array.isArray(json.fieldViolations) ? json.fieldViolations : [];
  return list.filter(isObject).map((v) => ({
    field: typeof v.field === "string" ? v.field : "",
    description: typeof v.description === "string" ? v.description : "",
  }));
}

// The `debug` JSON is an extra of Connect's wire format that a server or proxy may leave out;
// the bytes are always there. Both messages are small enough to read by hand:
//   ErrorInfo { string reason = 1; string domain = 2; map<string, string> metadata = 3; }
//   BadRequest { repeated FieldViolation field_violations = 1; }
//   FieldViolation { string field = 1; string description = 2; ... }
function errorInfoFromBinary(bytes: Uint8Array): ErrorInfo {
  const info: ErrorInfo = { reason: "", metadata: {} };
  try {
    const r = new BinaryReader(bytes);
    while (r.pos < r.len) {
      const [no, type] = r.tag();
      if (no === 1 && type === WireType.LengthDelimited) info.reason = r.string();
      else if (no === 3 && type === WireType.LengthDelimited) {
        const entry = fields(r.bytes());
        info.metadata[entry.get(1) ?? ""] = entry.get(2) ?? "";
      } else r.skip(type);
    }
  } catch {
    // Unreadable: no reason; the code alone decides the message.
  }
  return info;
}

function violationsFromBinary(bytes: Uint8Array): FieldViolation[] {
  const list: FieldViolation[] = [];
  try {
    const r = new BinaryReader(bytes);
    while (r.pos < r.len) {
      const [no, type] = r.tag();
      if (no === 1 && type === WireType.LengthDelimited) {
        const v = fields(r.bytes());
        list.push({ field: v.get(1) ?? "", description: v.get(2) ?? "" });
      }
      else r.skip(type);
    }
  } catch {
    // As above.
  }
  return list;
}

// The string fields of a small message, by number.
function fields(bytes: Uint8Array): Map<number, string> {
  const out = new Map<number, string>();
  const r = new BinaryReader(bytes);
  while (r.pos < r.len) {
    const [no, type] = r.tag();
    if (type === WireType.LengthDelimited) out.set(no, r.string());
    else r.skip(type);
  }
  return out;
}

// Whether the request may have been carried out although no answer came: then a retry of the
// same action must reuse its request_id (the server does it at most once).
export function outcomeUnknown(error: WorkError): boolean {
  return error.problem === "unreachable";
}
