// The three documents of step 4, each uploaded as soon as it is chosen: its size checked here
// first (nothing is sent when it is too big), then sent with a progress bar, then the server's
// verdict (it checks the content as it will at submission: JPEG or PNG by structure, a
// well-formed PDF) and, once accepted, a preview (images from the chosen file itself; a PDF by
// its name and size, never shown in the page). Choosing again replaces it.
import { Code } from "@connectrpc/connect";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { ParseKeys, TFunction } from "i18next";
import { Button, FileTrigger, Label, ProgressBar } from "react-aria-components";
import { useTranslation } from "react-i18next";
import { workErrorOf } from "../api/errors";
import type { WorkError } from "../api/errors";
import { DocumentKind } from "../gen/ams/gateway/v1/applicant_service_pb";
import type { Activation, UploadedDocument } from "../gen/ams/gateway/v1/applicant_service_pb";
import { uploadDocument } from "./api";
import { Bar, PdfIcon, applicantErrorText, fileSize, mediaTypeLabel } from "./parts";

export type DocumentKey = "ktp" | "decree" | "specimen";

export interface DocumentSpec {
  key: DocumentKey;
  kind: DocumentKind;
  // The request's name of the document in SubmitActivation's field violations.
  field: string;
  types: readonly string[];
  image: boolean;
  title: ParseKeys;
  hint: ParseKeys;
  missing: ParseKeys;
}

const imageTypes = ["image/jpeg", "image/png"] as const;

// In the order the page asks for them.
export const documentSpecs: readonly DocumentSpec[] = [
  {
    key: "ktp",
    kind: DocumentKind.KTP_IMAGE,
    field: "ktp_image",
    types: imageTypes,
    image: true,
    title: "upload.ktp",
    hint: "upload.ktpHint",
    missing: "upload.missing.ktp",
  },
  {
    key: "decree",
    kind: DocumentKind.APPOINTMENT_DECREE,
    field: "appointment_decree",
    types: ["application/pdf"],
    image: false,
    title: "upload.decree",
    hint: "upload.decreeHint",
    missing: "upload.missing.decree",
  },
  {
    key: "specimen",
    kind: DocumentKind.SPECIMEN_SIGNATURE,
    field: "specimen_signature",
    types: imageTypes,
    image: true,
    title: "upload.specimen",
    hint: "upload.specimenHint",
    missing: "upload.missing.specimen",
  },
];

// The chosen file as the page keeps it: its name and size, and for an image an object URL of
// it for the preview (revoked when the file is replaced or the page goes).
export interface ChosenFile {
  name: string;
  size: number;
  url?: string;
}

// What the server holds for a document, as far as this page knows.
export type Held =
  | { from: "earlier"; doc: UploadedDocument }
  | { from: "page"; doc: UploadedDocument; file: ChosenFile };

export type DocumentState =
  | { status: "empty" }
  | { status: "held"; held: Held }
  // Not sent (too big, or not of the right type): what the server holds is unchanged.
  | { status: "notSent"; file: ChosenFile; problem: "tooLarge" | "wrongType"; held?: Held }
  | { status: "uploading"; file: ChosenFile; fraction: number | undefined; sent: boolean }
  | { status: "refused"; file: ChosenFile; reason: string }
  | { status: "failed"; file: ChosenFile; error: WorkError }
  | { status: "cancelled" };

export type DocumentStates = Record<DocumentKey, DocumentState>;

// What the server holds, if anything (as far as this page knows).
export function heldOf(state: DocumentState): Held | undefined {
  if (state.status === "held") return state.held;
  if (state.status === "notSent") return state.held;
  return undefined;
}

function maxBytesOf(activation: Activation, spec: DocumentSpec): number {
  return Number(spec.image ? activation.maxImageBytes : activation.maxDecreeBytes);
}

// The uploads of one activation session. `onSessionEnded`: an upload was answered
// UNAUTHENTICATED (the session expired, or the link was used meanwhile).
export function useDocumentUploads(activation: Activation, onSessionEnded: () => void) {
  const [states, setStates] = useState<DocumentStates>(() => {
    const initial: DocumentStates = { ktp: { status: "empty" }, decree: { status: "empty" }, specimen: { status: "empty" } };
    for (const spec of documentSpecs) {
      const doc = activation.documents.find((d) => d.kind === spec.kind);
      if (doc) initial[spec.key] = { status: "held", held: { from: "earlier", doc } };
    }
    return initial;
  });
  const aborts = useRef(new Map<DocumentKey, AbortController>());
  const urls = useRef(new Set<string>());

  // The page goes: uploads stop, previews are let go.
  useEffect(() => {
    const running = aborts.current;
    const made = urls.current;
    return () => {
      for (const a of running.values()) a.abort();
      for (const url of made) URL.revokeObjectURL(url);
      made.clear();
    };
  }, []);

  const update = useCallback((key: DocumentKey, next: (prev: DocumentState) => DocumentState) => {
    setStates((s) => {
      const before = s[key];
      const after = next(before);
      // A preview no longer shown is let go.
      const kept = new Set([urlOf(after)]);
      for (const url of [urlOf(before)]) {
        if (url && !kept.has(url)) {
          URL.revokeObjectURL(url);
          urls.current.delete(url);
        }
      }
      return { ...s, [key]: after };
    });
  }, []);

  const choose = useCallback(
    async (spec: DocumentSpec, file: File) => {
      const max = maxBytesOf(activation, spec);
      const chosen: ChosenFile = { name: file.name, size: file.size };
      if (max > 0 && file.size > max) {
        update(spec.key, (prev) => ({ status: "notSent", file: chosen, problem: "tooLarge", ...keep(prev) }));
        return;
      }
      // The browser's type is from the name: a file not of the kind is said here; one named
      // like one (a PDF called .png) is for the server, which reads the content.
      if (file.type !== "" && !spec.types.includes(file.type)) {
        update(spec.key, (prev) => ({ status: "notSent", file: chosen, problem: "wrongType", ...keep(prev) }));
        return;
      }
      if (spec.image) {
        chosen.url = URL.createObjectURL(file);
        urls.current.add(chosen.url);
      }
      const abort = new AbortController();
      aborts.current.get(spec.key)?.abort();
      aborts.current.set(spec.key, abort);
      update(spec.key, () => ({ status: "uploading", file: chosen, fraction: 0, sent: false }));
      try {
        const content = new Uint8Array(await file.arrayBuffer());
        const doc = await uploadDocument(
          spec.kind,
          content,
          (p) =>
            update(spec.key, (prev) =>
              prev.status === "uploading" && prev.file === chosen ? { ...prev, fraction: p.fraction, sent: p.sent } : prev,
            ),
          abort.signal,
        );
        update(spec.key, () => ({ status: "held", held: { from: "page", doc, file: chosen } }));
      } catch (error) {
        const e = workErrorOf(error);
        if (abort.signal.aborted || e.code === Code.Canceled) {
          // Cancelled by the applicant (or the page went); whether the server took it is not
          // known, so it is asked for again.
          update(spec.key, (prev) => (prev.status === "uploading" && prev.file === chosen ? { status: "cancelled" } : prev));
          return;
        }
        if (e.code === Code.Unauthenticated) {
          onSessionEnded();
          return;
        }
        if (e.code === Code.InvalidArgument) {
          const v = e.violations.find((x) => x.field === "content") ?? e.violations[0];
          update(spec.key, () => ({ status: "refused", file: { name: chosen.name, size: chosen.size }, reason: v?.description ?? "" }));
          return;
        }
        update(spec.key, () => ({ status: "failed", file: { name: chosen.name, size: chosen.size }, error: e }));
      } finally {
        if (aborts.current.get(spec.key) === abort) aborts.current.delete(spec.key);
      }
    },
    [activation, onSessionEnded, update],
  );

  const cancel = useCallback((key: DocumentKey) => {
    aborts.current.get(key)?.abort();
  }, []);

  // SubmitActivation said the server holds none of this kind.
  const forget = useCallback((key: DocumentKey) => update(key, () => ({ status: "empty" })), [update]);

  return { states, choose, cancel, forget };
}

function urlOf(state: DocumentState): string | undefined {
  if (state.status === "uploading") return state.file.url;
  const held = heldOf(state);
  return held?.from === "page" ? held.file.url : undefined;
}

function keep(prev: DocumentState): { held?: Held } {
  const held = heldOf(prev);
  return held ? { held } : {};
}

// The id of a document's first button, for the error summary's link to it.
export function chooseButtonId(key: DocumentKey): string {
  return `${key}-choose`;
}

// "PNG, 245 kB"
function about(doc: UploadedDocument): { type: string; size: string } {
  return { type: mediaTypeLabel[doc.mediaType] ?? doc.mediaType, size: fileSize(doc.sizeBytes) };
}

function problemText(t: TFunction, spec: DocumentSpec, state: DocumentState, max: number): string | undefined {
  const types = spec.image ? t("upload.typesImage") : t("upload.typesPdf");
  switch (state.status) {
    case "notSent":
      return state.problem === "tooLarge"
        ? t("upload.tooLarge", { name: state.file.name, size: fileSize(state.file.size), max: fileSize(max) })
        : t("upload.wrongType", { name: state.file.name, types });
    case "failed":
      return t("upload.failed", { name: state.file.name, why: applicantErrorText(t, state.error) });
    default:
      return undefined;
  }
}

export function DocumentUpload({
  spec,
  state,
  maxBytes,
  error,
  onChoose,
  onCancel,
}: {
  spec: DocumentSpec;
  state: DocumentState;
  maxBytes: number;
  // From the last "Lanjut" or "Kirim": not uploaded.
  error?: string | undefined;
  onChoose(file: File): void;
  onCancel(): void;
}) {
  const { t } = useTranslation();
  const title = t(spec.title);
  const titleId = `${spec.key}-title`;
  const hintId = `${spec.key}-hint`;
  const errorId = `${spec.key}-error`;
  // A phone or tablet: the camera offered beside the files (for the images).
  const touch = useMemo(() => typeof window.matchMedia === "function" && window.matchMedia("(pointer: coarse)").matches, []);
  const held = heldOf(state);
  const problem = problemText(t, spec, state, maxBytes);
  const refused = state.status === "refused";
  const invalid = Boolean(error) || Boolean(problem) || refused;
  const select = (files: FileList | null) => {
    const file = files?.[0];
    if (file) onChoose(file);
  };
  const label =
    held ? t("upload.replace") : refused || state.status === "failed" || state.status === "notSent" ? t("upload.chooseOther") : t("upload.choose");

  return (
    <section className={`upload${invalid ? " upload--invalid" : ""}`} aria-labelledby={titleId}>
      <h3 id={titleId} className="upload__title">
        {title}
      </h3>
      <p id={hintId} className="field__hint">
        {t(spec.hint, { max: maxBytes > 0 ? fileSize(maxBytes) : "—" })}
      </p>
      {error && (
        <p id={errorId} className="field__error">
          {error}
        </p>
      )}

      {state.status === "uploading" && (
        <ProgressBar
          className="upload__progress"
          {...(state.sent || state.fraction === undefined ? { isIndeterminate: true } : { value: Math.round(state.fraction * 100) })}
        >
          {({ valueText }) => (
            <>
              <div className="upload__progress-text">
                <Label className="upload__progress-label">
                  {state.sent ? t("upload.checking") : t("upload.uploading", { name: state.file.name })}
                </Label>
                {!state.sent && state.fraction !== undefined && <span className="upload__progress-value">{valueText}</span>}
              </div>
              <Bar fraction={state.sent || state.fraction === undefined ? 1 : state.fraction} tone={state.sent ? "fair" : "progress"} />
            </>
          )}
        </ProgressBar>
      )}

      {/* Both regions are always in the page, so that what comes into them is read out. */}
      <div role="status" className="upload__verdict">
        {held && state.status === "held" && (
          <p className="upload__accepted">
            <span className="upload__tick" aria-hidden="true">
              ✓
            </span>{" "}
            {t(held.from === "page" ? "upload.accepted" : "upload.acceptedEarlier", about(held.doc))}
          </p>
        )}
        {state.status === "cancelled" && <p>{t("upload.cancelled")}</p>}
      </div>
      <div role="alert" className="upload__verdict">
        {state.status === "refused" && (
          <div className="upload__refused">
            <p className="upload__refused-title">{state.reason ? t("upload.refused") : t("upload.refusedNoReason")}</p>
            {state.reason && (
              // The server's own words, in English.
              <p className="upload__reason" lang="en">
                {state.reason}
              </p>
            )}
          </div>
        )}
        {problem && <p className="upload__problem">{problem}</p>}
      </div>

      {held && state.status === "notSent" && (
        <p className="upload__kept">{t(held.from === "page" ? "upload.accepted" : "upload.acceptedEarlier", about(held.doc))}</p>
      )}
      {held?.from === "page" && <Preview spec={spec} title={title} file={held.file} doc={held.doc} />}
      {state.status === "empty" && !error && <p className="upload__none">{t("upload.notUploaded")}</p>}

      <div className="upload__actions">
        {state.status === "uploading" ? (
          <Button className="button button--secondary" onPress={onCancel}>
            {t("upload.cancel")}
            <span className="visually-hidden"> ({title})</span>
          </Button>
        ) : (
          <>
            <FileTrigger acceptedFileTypes={spec.types} onSelect={select}>
              <Button id={chooseButtonId(spec.key)} className="button button--secondary" aria-describedby={error ? `${errorId} ${hintId}` : hintId}>
                {label}
                <span className="visually-hidden"> ({title})</span>
              </Button>
            </FileTrigger>
            {spec.image && touch && (
              <FileTrigger acceptedFileTypes={spec.types} defaultCamera="environment" onSelect={select}>
                <Button className="button button--secondary">
                  {t("upload.takePhoto")}
                  <span className="visually-hidden"> ({title})</span>
                </Button>
              </FileTrigger>
            )}
          </>
        )}
      </div>
    </section>
  );
}

function Preview({ spec, title, file, doc }: { spec: DocumentSpec; title: string; file: ChosenFile; doc: UploadedDocument }) {
  const { t } = useTranslation();
  if (spec.image && file.url) {
    return (
      <figure className="upload__preview">
        <img src={file.url} alt={t("upload.preview", { document: title })} className="upload__image" />
        <figcaption className="upload__file">{file.name}</figcaption>
      </figure>
    );
  }
  return (
    <div className="upload__pdf">
      <PdfIcon />
      <div>
        <p className="upload__file">{file.name}</p>
        <p className="upload__size">
          {t("upload.pdf")}, {fileSize(doc.sizeBytes)}
        </p>
      </div>
    </div>
  );
}
