// Step 5, one verification case: the automated checks, what differs between the application
// and the activation data (and, for a data update, the account's data before), the documents
// (KTP scan, signature specimen, decree), who forwarded and registered it, then approve or
// reject. Whoever forwarded or registered the application may not decide it (separation of
// duties): the page says so and turns the buttons off.
import { useTranslation } from "react-i18next";
import type { TFunction } from "i18next";
import { Code } from "@connectrpc/connect";
import { workClient } from "../api/client";
import { errorText } from "../common/error-text";
import { agencyLabel, personName } from "../common/format";
import { checkNameKey, checkOutcomeKey, employeeTypeKey, fieldNameKey, kindKey } from "../common/labels";
import type { Applicant, CaseDetail, Check, Difference } from "../gen/ams/gateway/v1/work_service_pb";
import { Check_Outcome, ItemState } from "../gen/ams/gateway/v1/work_service_pb";
import { ApplicationKind } from "../gen/ams/type/v1/sop_pb";
import { useSession } from "../session/session";
import { SummaryList, applicantRows, useEmployeeNumberLabel } from "./applicant";
import { ClaimPanel, DecisionSection, DetailLoadState, ItemHeader, Section } from "./detail";
import { CaseDocuments } from "./documents";
import { awaitingDecision } from "./queue-table";
import { useItemPage } from "./item-page";

const queuePath = "/antrian/verifikasi";

// ErrorInfo reasons that may come as may_not_decide_reason; anything else is shown as written.
const knownReasons = new Set(["SEPARATION_OF_DUTIES", "CLAIMED", "INVALID_STATE", "PERMISSION_DENIED"]);

// Why this operator may not decide, in their language. Separation of duties is recognised from
// the case itself (they forwarded or registered it), whatever words the server used.
function mayNotDecideText(t: TFunction, detail: CaseDetail, operator: string): string {
  if (detail.forwardedBy?.name === operator || detail.registeredBy?.name === operator) {
    return t("errors.separationOfDuties");
  }
  const reason = detail.mayNotDecideReason.trim().replace(/^ERROR_REASON_/, "");
  if (knownReasons.has(reason)) {
    return errorText(t, { code: Code.FailedPrecondition, problem: "unexpected", reason, metadata: {}, violations: [] });
  }
  return reason || t("verification.mayNotDecide");
}

export default function CasePage() {
  const { t } = useTranslation();
  const { state: session } = useSession();
  const operator = session.status === "signedIn" ? session.operator.name : "";
  const page = useItemPage({
    queue: "verification",
    collection: "cases",
    load: (name) => workClient.getCase({ name }),
    stale: ["INVALID_STATE", "CLAIMED", "SEPARATION_OF_DUTIES"],
    awaits: awaitingDecision,
  });
  const { name, item, applicant, state, waiting } = page;
  const numberLabel = useEmployeeNumberLabel();

  const detail = page.loaded.data;
  if (!detail) return <DetailLoadState error={page.loaded.error} queuePath={queuePath} retry={page.loaded.reload} />;

  const rows = applicant ? applicantRows(t, applicant, numberLabel(applicant.employeeType)) : [];
  rows.push([t("applicant.kind"), item ? t(kindKey[item.kind]) : "—"]);

  return (
    <>
      <ItemHeader
        queuePath={queuePath}
        queueTitle={t("queues.verifier.title")}
        item={item}
        news={page.changes.news}
        onLoad={page.reload}
      />

      {waiting && !detail.mayDecide && (
        <div className="notice notice--warning" role="note">
          <p>{mayNotDecideText(t, detail, operator)}</p>
        </div>
      )}

      <ClaimPanel page={page} />

      <Section id="checks-heading" title={t("verification.checks")}>
        <ChecksTable checks={detail.checks} />
      </Section>

      <Section id="differences-heading" title={t("verification.differences")}>
        <DifferencesTable differences={detail.differences} />
      </Section>

      {item?.kind === ApplicationKind.DATA_UPDATE && detail.previousApplicant && applicant && (
        <Section id="previous-heading" title={t("verification.previous")}>
          <BeforeAfterTable before={detail.previousApplicant} after={applicant} />
        </Section>
      )}

      {/* On a wide screen the documents stand beside the data they back (KTP, decree, specimen). */}
      <div className="detail-grid detail-grid--documents">
        <Section id="applicant-heading" title={t("applicant.heading")}>
          <SummaryList rows={rows} />
        </Section>
        <Section id="documents-heading" title={t("documents.heading")} className="documents-section">
          <CaseDocuments documents={detail.documents} name={applicant?.fullName ?? ""} />
        </Section>
        <Section id="people-heading" title={t("verification.people")}>
          <SummaryList
            rows={[
              [t("verification.forwardedBy"), personName(detail.forwardedBy)],
              [t("verification.registeredBy"), personName(detail.registeredBy)],
            ]}
          />
        </Section>
      </div>

      <DecisionSection
        page={page}
        isDisabled={!detail.mayDecide}
        primary={{
          action: "approve",
          label: t("verification.approve"),
          events: ["EnrollmentVerified"],
          done: t("verification.approved"),
          call: (requestId) => workClient.approveCase({ name, requestId }),
          state: ItemState.APPROVED,
          decided: "verification.decidedApproved",
        }}
        reason={{
          action: "reject",
          trigger: t("verification.reject"),
          title: t("verification.rejectTitle"),
          lead: t("verification.rejectLead"),
          submit: t("verification.rejectSubmit"),
          events: ["EnrollmentRejected"],
          done: t("verification.rejected"),
          call: (reason, requestId) => workClient.rejectCase({ name, reason, requestId }),
          state: ItemState.REJECTED,
          decided: "verification.decidedRejected",
          givenTitle: t("verification.rejectionReason"),
          given: detail.rejectionReason,
        }}
      >
        {!waiting && state !== ItemState.APPROVED && state !== ItemState.REJECTED && (
          <p>{t("verification.notWaiting")}</p>
        )}
      </DecisionSection>
    </>
  );
}

// Outcome as an icon, a word and a colour together.
function OutcomeBadge({ outcome }: { outcome: Check_Outcome }) {
  const { t } = useTranslation();
  const o = checkOutcomeKey[outcome];
  const icon: Record<Check_Outcome, string> = {
    [Check_Outcome.UNSPECIFIED]: "?",
    [Check_Outcome.PASSED]: "✓",
    [Check_Outcome.WARNING]: "!",
    [Check_Outcome.FAILED]: "✕",
  };
  return (
    <span className={`badge badge--${o.tone}`}>
      <span className="badge__icon" aria-hidden="true">
        {icon[outcome]}
      </span>
      {t(o.label)}
    </span>
  );
}

function ChecksTable({ checks }: { checks: readonly Check[] }) {
  const { t, i18n } = useTranslation();
  if (checks.length === 0) return <p>—</p>;
  return (
    <div className="table-wrap" role="region" aria-labelledby="checks-heading" tabIndex={0}>
      <table className="table">
        <caption className="visually-hidden">{t("verification.checksCaption")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("verification.check")}</th>
            <th scope="col">{t("verification.outcome")}</th>
            <th scope="col">{t("verification.detail")}</th>
          </tr>
        </thead>
        <tbody>
          {checks.map((c) => {
            const key = checkNameKey(c.check);
            return (
              <tr key={c.check}>
                <th scope="row">{key ? t(key) : c.check}</th>
                <td>
                  <OutcomeBadge outcome={c.outcome} />
                </td>
                {/* The verification service writes its details in English. */}
                <td lang={i18n.language === "en" ? undefined : "en"} className="muted">
                  {c.detail}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

// A value that differs from the one beside it: highlighted and said in words.
function Marked({ value, differs }: { value: string; differs: boolean }) {
  const { t } = useTranslation();
  if (!differs) return <>{value || "—"}</>;
  return (
    <>
      <mark className="diff">{value || "—"}</mark> <span className="tag tag--back tag--small">{t("verification.differs")}</span>
    </>
  );
}

// Two values of each field side by side, the second marked where it differs from the first:
// the application against the activation data, or the account's data before against after.
function CompareTable({
  labelledBy,
  caption,
  columns,
  rows,
}: {
  labelledBy: string;
  caption: string;
  columns: readonly [string, string];
  // The field's name, then its two values.
  rows: readonly (readonly [string, string, string])[];
}) {
  const { t } = useTranslation();
  return (
    <div className="table-wrap" role="region" aria-labelledby={labelledBy} tabIndex={0}>
      <table className="table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t("verification.field")}</th>
            <th scope="col">{columns[0]}</th>
            <th scope="col">{columns[1]}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(([label, first, second]) => (
            <tr key={label}>
              <th scope="row">{label}</th>
              <td>{first || "—"}</td>
              <td>
                <Marked value={second} differs={second !== first} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function DifferencesTable({ differences }: { differences: readonly Difference[] }) {
  const { t } = useTranslation();
  if (differences.length === 0) return <p>{t("verification.noDifferences")}</p>;
  const fieldName = (field: string) => {
    const key = fieldNameKey(field);
    return key ? t(key) : field;
  };
  return (
    <CompareTable
      labelledBy="differences-heading"
      caption={t("verification.differencesCaption")}
      columns={[t("verification.application"), t("verification.activation")]}
      rows={differences.map((d) => [fieldName(d.field), d.applicationValue, d.activationValue] as const)}
    />
  );
}

// A data update: the account's data before, beside the application's.
function BeforeAfterTable({ before, after }: { before: Applicant; after: Applicant }) {
  const { t } = useTranslation();
  return (
    <CompareTable
      labelledBy="previous-heading"
      caption={t("verification.previousCaption")}
      columns={[t("verification.before"), t("verification.after")]}
      rows={[
        [t("applicant.fullName"), before.fullName, after.fullName],
        [t("applicant.nik"), before.nikMasked, after.nikMasked],
        [t("applicant.employeeType"), t(employeeTypeKey[before.employeeType]), t(employeeTypeKey[after.employeeType])],
        [t("applicant.employeeNumber"), before.employeeNumber, after.employeeNumber],
        [t("applicant.position"), before.position, after.position],
        [t("applicant.workUnit"), before.workUnit, after.workUnit],
        [t("applicant.agency"), agencyLabel(before.agency), agencyLabel(after.agency)],
        [t("applicant.email"), before.officialEmail, after.officialEmail],
      ]}
    />
  );
}
