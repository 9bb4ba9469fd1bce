// Step 2, one application as Diskominfo reviews it: the applicant, the recommendation letter
// with its signature's verdict first, then forward to BSrE or return to the applicant.
import { useTranslation } from "react-i18next";
import { workClient } from "../api/client";
import { formatNip, idOf } from "../common/format";
import { kindKey, signatureKey } from "../common/labels";
import { ItemState } from "../gen/ams/gateway/v1/work_service_pb";
import type { RecommendationLetter } from "../gen/ams/type/v1/document_pb";
import { SignatureCheck_Outcome } from "../gen/ams/type/v1/document_pb";
import { ApplicationKind } from "../gen/ams/type/v1/sop_pb";
import { SummaryList, applicantRows, number, useEmployeeNumberLabel } from "./applicant";
import { ClaimPanel, DecisionSection, DetailLoadState, ItemHeader, Section } from "./detail";
import { fileSize, sitePath } from "./documents";
import { useItemPage } from "./item-page";

const queuePath = "/antrian/diskominfo";

export default function ReviewItemPage() {
  const { t } = useTranslation();
  const page = useItemPage({
    queue: "review",
    collection: "reviewItems",
    load: (name) => workClient.getReviewItem({ name }),
    stale: ["INVALID_STATE", "CLAIMED"],
    awaits: (state) => state === ItemState.AWAITING_REVIEW,
  });
  const { name, item, applicant, state } = page;
  const numberLabel = useEmployeeNumberLabel();

  const detail = page.loaded.data;
  if (!detail) return <DetailLoadState error={page.loaded.error} queuePath={queuePath} retry={page.loaded.reload} />;

  const rows = applicant ? applicantRows(t, applicant, numberLabel(applicant.employeeType)) : [];
  rows.push([t("applicant.kind"), item ? t(kindKey[item.kind]) : "—"]);
  if (item?.kind === ApplicationKind.DATA_UPDATE) {
    rows.push([t("applicant.existingAccount"), idOf(detail.existingAccount)]);
  }

  return (
    <>
      <ItemHeader
        queuePath={queuePath}
        queueTitle={t("queues.diskominfo.title")}
        caption={detail.revision > 1 ? t("applicant.revision", { count: detail.revision }) : undefined}
        item={item}
        news={page.changes.news}
        onLoad={page.reload}
      />

      <ClaimPanel page={page} />

      <div className="detail-grid">
        <Section id="applicant-heading" title={t("applicant.heading")}>
          <SummaryList rows={rows} />
        </Section>
        <Section id="letter-heading" title={t("review.letter")}>
          <LetterBlock letter={detail.recommendationLetter} url={detail.letterUrl} />
        </Section>
      </div>

      <DecisionSection
        page={page}
        primary={{
          action: "forward",
          label: t("review.forward"),
          events: ["ApplicationForwarded"],
          done: t("review.forwarded"),
          call: (requestId) => workClient.forwardApplication({ name, requestId }),
          state: ItemState.FORWARDED,
          decided: "review.decidedForwarded",
        }}
        reason={{
          action: "return",
          trigger: t("review.return"),
          title: t("review.returnTitle"),
          lead: t("review.returnLead"),
          submit: t("review.returnSubmit"),
          events: ["ApplicationReturned"],
          done: t("review.returned"),
          call: (reason, requestId) => workClient.returnApplication({ name, reason, requestId }),
          state: ItemState.RETURNED,
          decided: "review.decidedReturned",
          givenTitle: t("review.returnReason"),
          given: detail.returnReason,
        }}
      >
        {state === ItemState.FORWARDING && <p>{t("review.forwarding")}</p>}
        {state === ItemState.WITHDRAWN && <p>{t("review.withdrawn")}</p>}
      </DecisionSection>
    </>
  );
}

// The letter's verdict first and large (icon, words and colour: never colour alone), then who
// signed, then the letter itself in a new tab (no frame: the CSP allows none, and a PDF
// viewer in the page would run the PDF's content beside the session).
function LetterBlock({ letter, url }: { letter: RecommendationLetter | undefined; url: string }) {
  const { t } = useTranslation();
  const outcome = letter?.signature?.outcome ?? SignatureCheck_Outcome.UNSPECIFIED;
  const verdict = signatureKey[outcome];
  const icon: Record<SignatureCheck_Outcome, string> = {
    [SignatureCheck_Outcome.UNSPECIFIED]: "?",
    [SignatureCheck_Outcome.VALID]: "✓",
    [SignatureCheck_Outcome.UNSIGNED]: "✎",
    [SignatureCheck_Outcome.INVALID]: "✕",
    [SignatureCheck_Outcome.UNTRUSTED]: "!",
  };
  const safeUrl = sitePath(url);
  const doc = letter?.document;
  const size = doc && doc.sizeBytes > 0n ? fileSize(doc.sizeBytes) : "";
  return (
    <>
      <div className={`verdict verdict--${verdict.tone}`}>
        <span className="verdict__icon" aria-hidden="true">
          {icon[outcome]}
        </span>
        <div>
          <p className="verdict__title">{t(verdict.title)}</p>
          <p className="verdict__detail">{t(verdict.detail)}</p>
        </div>
      </div>
      <SummaryList
        rows={[
          outcome !== SignatureCheck_Outcome.UNSIGNED && [t("review.signer"), letter?.signature?.signer ?? ""],
          [t("review.superior"), letter?.superiorName ?? ""],
          [t("review.superiorNip"), number(formatNip(letter?.superiorNip ?? ""))],
          [t("review.file"), doc ? [doc.fileName, size].filter(Boolean).join(", ") : ""],
        ]}
      />
      {safeUrl && (
        <p>
          <a className="button button--secondary" href={safeUrl} target="_blank" rel="noopener noreferrer">
            {t("review.open")}
            <span className="visually-hidden"> {t("review.newTab")}</span>
          </a>
        </p>
      )}
    </>
  );
}
