// The documents an item page shows or links to: the recommendation letter (review) and a case's
// KTP scan, signature specimen and appointment decree (verification). The gateway serves each
// from this site, sandboxed (no script runs in it, even opened on its own); images are shown in
// the page so that the verifier reads them beside the data, a PDF opens in a new tab (the CSP
// allows no frame, and a PDF viewer in the page would run the PDF's content beside the session).
import { useState } from "react";
import type { ParseKeys } from "i18next";
import { useTranslation } from "react-i18next";
import { locale } from "../common/format";
import type { CaseDocument } from "../gen/ams/gateway/v1/work_service_pb";

// Only a path of this site: the page never links to, nor loads, what an answer could point
// elsewhere ("//host", "/\host" and the like resolve to another origin).
export function sitePath(url: string): string {
  if (!url.startsWith("/")) return "";
  return new URL(url, window.location.origin).origin === window.location.origin ? url : "";
}

// "183 kB", "4,2 MB" (never "0 kB").
export function fileSize(bytes: bigint): string {
  const kb = Number(bytes) / 1024;
  const mb = kb >= 1024;
  return new Intl.NumberFormat(locale(), {
    style: "unit",
    unit: mb ? "megabyte" : "kilobyte",
    maximumFractionDigits: mb ? 1 : 0,
  }).format(mb ? kb / 1024 : Math.max(1, kb));
}

const titleKey: Record<string, ParseKeys> = {
  ktp: "documents.ktp",
  spesimen: "documents.spesimen",
  sk: "documents.sk",
};

// The images first (they are read together), then the decree; a kind not known here last.
const order = ["ktp", "spesimen", "sk"];

const typeLabel: Record<string, string> = {
  "image/jpeg": "JPEG",
  "image/png": "PNG",
  "application/pdf": "PDF",
};

// Shown in the page (the gateway serves only these as images).
const imageTypes = new Set(["image/jpeg", "image/png"]);

export function CaseDocuments({ documents, name }: { documents: readonly CaseDocument[]; name: string }) {
  const { t } = useTranslation();
  const shown = documents
    .filter((d) => sitePath(d.url) !== "")
    .sort((a, b) => rank(a.kind) - rank(b.kind));
  if (shown.length === 0) return <p>{t("documents.none")}</p>;
  return (
    <ul className="documents">
      {shown.map((d) => (
        <li key={d.url} className="document">
          <CaseDocumentItem document={d} name={name} />
        </li>
      ))}
    </ul>
  );
}

function rank(kind: string): number {
  const i = order.indexOf(kind);
  return i < 0 ? order.length : i;
}

function CaseDocumentItem({ document: d, name }: { document: CaseDocument; name: string }) {
  const { t } = useTranslation();
  const key = titleKey[d.kind];
  const title = key ? t(key) : d.kind;
  const url = sitePath(d.url);
  const image = imageTypes.has(d.mediaType);
  const about = [typeLabel[d.mediaType] ?? d.mediaType, d.sizeBytes > 0n ? fileSize(d.sizeBytes) : ""]
    .filter(Boolean)
    .join(", ");
  return (
    <>
      <h3 className="document__title">{title}</h3>
      {about && <p className="document__about">{about}</p>}
      {image && (
        // Keyed by the address: another document gets its own chance to load.
        <DocumentImage key={url} url={url} alt={name ? t("documents.imageOf", { document: title, name }) : title} />
      )}
      <p className="document__open">
        {image ? (
          <a href={url} target="_blank" rel="noopener noreferrer">
            {t("documents.openFull")}
            <span className="visually-hidden">
              {" "}
              {title} {t("review.newTab")}
            </span>
          </a>
        ) : (
          <a className="button button--secondary" href={url} target="_blank" rel="noopener noreferrer">
            {d.kind === "sk" ? t("documents.openSk") : t("documents.open")}
            <span className="visually-hidden">
              {" "}
              {d.kind === "sk" ? "" : `${title} `}
              {t("review.newTab")}
            </span>
          </a>
        )}
      </p>
    </>
  );
}

// The image as it is, within its column; a few words instead of a broken image when it cannot
// be loaded (gone, refused, not an image after all).
function DocumentImage({ url, alt }: { url: string; alt: string }) {
  const { t } = useTranslation();
  const [failed, setFailed] = useState(false);
  if (failed) return <p className="document__failed">{t("documents.imageFailed")}</p>;
  return <img className="document__image" src={url} alt={alt} onError={() => setFailed(true)} />;
}
