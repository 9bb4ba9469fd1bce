// The parts every item page has: the way back to the queue, the page until the item is there
// (or when loading fails), who holds the item, and its decision section: the two decisions, who
// decided it, and a reason sent back to the applicant.
import type { Timestamp } from "@bufbuild/protobuf/wkt";
import { Code } from "@connectrpc/connect";
import type { ReactNode } from "react";
import { Button } from "react-aria-components";
import { useTranslation } from "react-i18next";
import { Link, useLocation } from "react-router";
import type { WorkError } from "../api/errors";
import { errorText } from "../common/error-text";
import { dateOf, formatDateTime, formatTime, personName, timelinePath } from "../common/format";
import { reasonCodeKey } from "../common/labels";
import { ActionMessage, Notice } from "../common/messages";
import { Loading } from "../common/load-state";
import { PageHeading } from "../common/page";
import type { Claim, Person, QueueItem } from "../gen/ams/gateway/v1/work_service_pb";
import { ItemState } from "../gen/ams/gateway/v1/work_service_pb";
import type { Reason } from "../gen/ams/type/v1/sop_pb";
import { When } from "../common/when";
import { ItemNews } from "../live/live-news";
import { ClaimButtons, ClaimText, othersClaim } from "./claim";
import type { ItemPage } from "./item-page";
import { StateTag } from "./queue-table";
import { ReasonDialog } from "./reason-dialog";
import type { ReasonInput } from "./reason-dialog";

// The top of an item's page: back to the queue, the queue's name (and `caption`), the
// applicant's name as heading, the item's state, since when it waits, its timeline, and the
// news that it changed elsewhere.
export function ItemHeader({
  queuePath,
  queueTitle,
  caption,
  item,
  news,
  onLoad,
}: {
  queuePath: string;
  queueTitle: string;
  caption?: string;
  item: QueueItem | undefined;
  news: "changed" | "maybe" | undefined;
  onLoad(): void;
}) {
  const { t } = useTranslation();
  const location = useLocation();
  const fullName = item?.applicant?.fullName;
  return (
    <>
      <BackLink queuePath={queuePath} />
      <p className="page-caption">
        {queueTitle}
        {caption && ` · ${caption}`}
      </p>
      <PageHeading title={`${fullName ?? ""} — ${queueTitle}`}>{fullName || t("queue.name")}</PageHeading>
      <div className="item-meta">
        <StateTag state={item?.state ?? ItemState.UNSPECIFIED} />
        <span>
          {t("applicant.entered")}: <When time={item?.enterTime} relative />
        </span>
        {item?.application && (
          <Link to={timelinePath(item.application)} state={{ back: location.pathname }}>
            {t("queue.timelineOf")}
          </Link>
        )}
      </div>
      <ItemNews news={news} onLoad={onLoad} />
    </>
  );
}

// Back to the queue as the operator left it (search, order, page), when they came from it.
function BackLink({ queuePath }: { queuePath: string }) {
  const { t } = useTranslation();
  const state = useLocation().state as { back?: unknown } | null;
  const back = typeof state?.back === "string" && state.back.startsWith(queuePath) ? state.back : queuePath;
  return (
    <p className="back-link">
      <Link to={back}>
        <span aria-hidden="true">← </span>
        {t("queue.back")}
      </Link>
    </p>
  );
}

// Until the item is there: "Memuat…"; if it could not be loaded, why: not found, not allowed,
// or no answer (then "Coba lagi").
export function DetailLoadState({
  error,
  queuePath,
  retry,
}: {
  error: WorkError | undefined;
  queuePath: string;
  retry(): void;
}) {
  const { t } = useTranslation();
  if (!error) return <Loading />;
  const notFound = error.reason === "NOT_FOUND" || error.code === Code.NotFound;
  const denied = error.reason === "PERMISSION_DENIED" || error.code === Code.PermissionDenied;
  return (
    <>
      <BackLink queuePath={queuePath} />
      <PageHeading hasError={!notFound && !denied}>
        {notFound ? t("notFound.title") : denied ? t("forbidden.title") : t("errors.loadFailed")}
      </PageHeading>
      {notFound || denied ? (
        <p className="lead">{notFound ? t("errors.notFound") : t("errors.permissionDenied")}</p>
      ) : (
        <Notice kind="warning" action={{ label: t("app.retry"), onPress: retry }}>
          {errorText(t, error)}
        </Notice>
      )}
    </>
  );
}

// Who holds the item, with "Ambil"/"Lepas": only while it waits for a decision.
export function ClaimPanel<D extends { item?: QueueItem }>({ page }: { page: ItemPage<D> }) {
  const { t } = useTranslation();
  const item = page.item;
  if (!page.waiting || !item) return null;
  return (
    <section className="panel claim-panel" aria-labelledby="claim-heading">
      <h2 id="claim-heading" className="visually-hidden">
        {t("claim.label")}
      </h2>
      <div className="claim-panel__row">
        <p className="claim-panel__text">
          <ClaimText claim={item.claim} />
        </p>
        <ClaimButtons
          name={item.name}
          claim={item.claim}
          actions={page.actions}
          onChange={page.setClaim}
          onMessage={page.setClaimMessage}
        />
      </div>
      <ActionMessage message={page.claimMessage} />
    </section>
  );
}

// Why the decision buttons are off while a colleague holds the item.
function ClaimBlocksDecision({ claim }: { claim: Claim | undefined }) {
  const { t } = useTranslation();
  const other = othersClaim(claim);
  if (!other) return null;
  const expires = dateOf(other.expireTime);
  return (
    <p className="decision__blocked" id="decision-blocked">
      {t("claim.blocked", { name: personName(other.holder, ""), time: expires ? formatTime(expires) : "" })}
    </p>
  );
}

// An action of the decision, by the prefix of its action key ("approve" for "approve:cases/…").
interface Decision {
  action: string;
}

// An item's two decisions: the step's own (forward, approve) and sending the work back with a
// reason (return, reject). While one runs (actions.pending starts with its prefix) it shows so
// and the other is off; both are off when `isDisabled` (a colleague holds the item, or this
// operator may not decide it), and a colleague's hold is said above them.
function DecisionButtons({
  claim,
  isDisabled,
  pending,
  primary,
  reason,
}: {
  claim: Claim | undefined;
  isDisabled: boolean;
  pending: string | undefined;
  primary: Decision & { label: string; onPress(): void };
  reason: Decision & {
    trigger: string;
    title: string;
    lead: string;
    submit: string;
    onSubmit(reason: ReasonInput): Promise<WorkError | undefined>;
  };
}) {
  const runs = (d: Decision) => pending?.startsWith(`${d.action}:`) ?? false;
  const othersRun = (d: Decision) => pending !== undefined && !runs(d);
  return (
    <>
      <ClaimBlocksDecision claim={claim} />
      <div className="button-row">
        <Button
          className="button button--primary"
          isDisabled={isDisabled || othersRun(primary)}
          isPending={runs(primary)}
          onPress={primary.onPress}
        >
          {primary.label}
        </Button>
        <ReasonDialog
          trigger={reason.trigger}
          title={reason.title}
          lead={reason.lead}
          submit={reason.submit}
          isDisabled={isDisabled || othersRun(reason)}
          isPending={runs(reason)}
          onSubmit={reason.onSubmit}
        />
      </div>
    </>
  );
}

type DecidedKey =
  | "review.decidedForwarded"
  | "review.decidedReturned"
  | "verification.decidedApproved"
  | "verification.decidedRejected";

// The reason sent back to the applicant: its kind, and the text exactly as written.
function ReasonBlock({ title, reason }: { title: string; reason: Reason | undefined }) {
  const { t } = useTranslation();
  if (!reason) return null;
  return (
    <section className="reason" aria-labelledby="reason-heading">
      <h3 id="reason-heading" className="reason__title">
        {title}
      </h3>
      <p className="reason__code">
        <span className="reason__label">{t("reasonDialog.code")}: </span>
        {t(reasonCodeKey[reason.code])}
      </p>
      <p className="reason__label">{t("reasonDialog.text")}:</p>
      <blockquote className="reason__text">{reason.text}</blockquote>
    </section>
  );
}

// The item's decision section: while it waits, the two decisions (off also when `isDisabled`);
// once decided, who decided and when (and the reason when sent back); in its other states,
// `children`; then how the last decision went.
export function DecisionSection<D extends { item?: QueueItem; decidedBy?: Person; decideTime?: Timestamp }>({
  page,
  isDisabled = false,
  primary,
  reason,
  children,
}: {
  page: ItemPage<D>;
  isDisabled?: boolean;
  // Each with the live events it brings about, what is said when done, and the state it leads
  // to with the words for it.
  primary: Decision & {
    label: string;
    events: readonly string[];
    done: string;
    call(requestId: string): Promise<D>;
    state: ItemState;
    decided: DecidedKey;
  };
  reason: Decision & {
    trigger: string;
    title: string;
    lead: string;
    submit: string;
    events: readonly string[];
    done: string;
    call(reason: ReasonInput, requestId: string): Promise<D>;
    state: ItemState;
    decided: DecidedKey;
    // The heading of the reason given, and the reason (once sent back).
    givenTitle: string;
    given: Reason | undefined;
  };
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  const detail = page.loaded.data;
  // "Dikembalikan oleh Siti pada 30 Nov 2025 14.05."
  const decided = (key: DecidedKey) => {
    const time = dateOf(detail?.decideTime);
    return t(key, { name: personName(detail?.decidedBy), time: time ? formatDateTime(time) : "—" });
  };
  return (
    <Section id="decision-heading" title={t("review.decision")} className="decision">
      {page.waiting && (
        <DecisionButtons
          claim={page.item?.claim}
          isDisabled={isDisabled || page.blocked}
          pending={page.actions.pending}
          primary={{
            ...primary,
            onPress: () => void page.decide(primary.action, primary.events, primary.call, primary.done),
          }}
          reason={{
            ...reason,
            onSubmit: (given) =>
              page.decide(reason.action, reason.events, (id) => reason.call(given, id), reason.done, given),
          }}
        />
      )}
      {children}
      {page.state === primary.state && <p className="decided">{decided(primary.decided)}</p>}
      {page.state === reason.state && (
        <>
          <p className="decided">{decided(reason.decided)}</p>
          <ReasonBlock title={reason.givenTitle} reason={reason.given} />
        </>
      )}
      <ActionMessage message={page.decisionMessage} takeFocus={page.decisionMessage?.kind === "success"} />
    </Section>
  );
}

export function Section({ id, title, children, className }: { id: string; title: string; children: ReactNode; className?: string }) {
  return (
    <section className={className ? `section ${className}` : "section"} aria-labelledby={id}>
      <h2 id={id} className="section__title">
        {title}
      </h2>
      {children}
    </section>
  );
}
