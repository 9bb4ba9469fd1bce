// Step 2, one application as Diskominfo reviews it: the applicant, the recommendation letter
// with its signature's verdict first, then forward to BSrE or return to the applicant.
import { useTranslation } from "react-i18next";
import { useParams } from "react-router";
import { workClient } from "../api/client";
import type { WorkError } from "../api/errors";
import { dateOf, formatNip } from "../common/format";
import { kindKey, signatureKey } from "../common/labels";
import { Loading } from "../common/load-state";
import { ActionMessage } from "../common/messages";
import { ItemState } from "../gen/ams/gateway/v1/work_service_pb";
import type { RecommendationLetter } from "../gen/ams/type/v1/document_pb";
import { SignatureCheck_Outcome } from "../gen/ams/type/v1/document_pb";
import { ApplicationKind } from "../gen/ams/type/v1/sop_pb";
import { SummaryList, applicantRows, number, useEmployeeNumberLabel } from "./applicant";
import { othersClaim } from "./claim";
import {
  ClaimPanel,
  DecisionButtons,
  DetailLoadError,
  ItemHeader,
  ReasonBlock,
  Section,
  decidedText,
} from "./detail";
import { fileSize, sitePath } from "./documents";
import type { ReasonInput } from "./reason-dialog";
import { useItemPage } from "./item-page";

const queuePath = "/antrian/diskominfo";

export default function ReviewItemPage() {
  const { t } = useTranslation();
  const { id = "" } = useParams();
  const name = `reviewItems/${id}`;
  const page = useItemPage({
    queue: "review",
    load: () => workClient.getReviewItem({ name }),
    deps: [name],
    stale: ["INVALID_STATE", "CLAIMED"],
  });
  const { loaded, actions, changes, reload, setClaim } = page;
  const numberLabel = useEmployeeNumberLabel();

  const detail = loaded.data;
  if (!detail) {
    if (loaded.error) return <DetailLoadError error={loaded.error} queuePath={queuePath} retry={loaded.reload} />;
    return <Loading />;
  }
  const item = detail.item;
  const applicant = item?.applicant;
  const state = item?.state ?? ItemState.UNSPECIFIED;
  const waiting = state === ItemState.AWAITING_REVIEW;
  const blocked = othersClaim(item?.claim) !== undefined;

  function forward() {
    const call = (requestId: string) => workClient.forwardApplication({ name, requestId });
    void page.decide(`forward:${name}`, ["ApplicationForwarded"], call, t("review.forwarded"));
  }

  function returnToApplicant(reason: ReasonInput): Promise<WorkError | undefined> {
    const call = (requestId: string) => workClient.returnApplication({ name, reason, requestId });
    const key = `return:${name}:${reason.code}:${reason.text}`;
    return page.decide(key, ["ApplicationReturned"], call, t("review.returned"), true);
  }

  const rows = applicant ? applicantRows(t, applicant, numberLabel(applicant.employeeType)) : [];
  rows.push([t("applicant.kind"), item ? t(kindKey[item.kind]) : "—"]);
  if (item?.kind === ApplicationKind.DATA_UPDATE) {
    rows.push([t("applicant.existingAccount"), detail.existingAccount.replace(/^accounts\//, "")]);
  }

  return (
    <>
      <ItemHeader
        queuePath={queuePath}
        queueTitle={t("queues.diskominfo.title")}
        caption={detail.revision > 1 ? t("applicant.revision", { count: detail.revision }) : undefined}
        item={item}
        news={changes.news}
        onLoad={reload}
      />

      {waiting && item && (
        <ClaimPanel
          name={item.name}
          claim={item.claim}
          actions={actions}
          message={page.claimMessage}
          onChange={setClaim}
          onMessage={page.setClaimMessage}
        />
      )}

      <div className="detail-grid">
        <Section id="applicant-heading" title={t("applicant.heading")}>
          <SummaryList rows={rows} />
        </Section>
        <Section id="letter-heading" title={t("review.letter")}>
          <LetterBlock letter={detail.recommendationLetter} url={detail.letterUrl} />
        </Section>
      </div>

      <Section id="decision-heading" title={t("review.decision")} className="decision">
        {waiting && (
          <DecisionButtons
            claim={item?.claim}
            isDisabled={blocked}
            pending={actions.pending}
            primary={{ action: "forward", label: t("review.forward"), onPress: forward }}
            reason={{
              action: "return",
              trigger: t("review.return"),
              title: t("review.returnTitle"),
              lead: t("review.returnLead"),
              submit: t("review.returnSubmit"),
              onSubmit: returnToApplicant,
            }}
          />
        )}
        {state === ItemState.FORWARDING && <p>{t("review.forwarding")}</p>}
        {state === ItemState.FORWARDED && (
          <p className="decided">
            {decidedText("review.decidedForwarded", t, detail.decidedBy, dateOf(detail.decideTime))}
          </p>
        )}
        {state === ItemState.RETURNED && (
          <>
            <p className="decided">
              {decidedText("review.decidedReturned", t, detail.decidedBy, dateOf(detail.decideTime))}
            </p>
            <ReasonBlock title={t("review.returnReason")} reason={detail.returnReason} />
          </>
        )}
        {state === ItemState.WITHDRAWN && <p>{t("review.withdrawn")}</p>}
        <ActionMessage message={page.decisionMessage} takeFocus={page.decisionMessage?.kind === "success"} />
      </Section>
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
