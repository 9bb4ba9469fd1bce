// "Periksa keutuhan": the audit service recomputes every entry's chain and checks the signed
// head. The verdict in plain words: intact (how many entries, up to which signed head, the key
// it verifies with), or the first entry that breaks and why. The verdict takes the focus and is
// read out (intact politely, broken as an alert).
import { useEffect, useRef, useState } from "react";
import { Button } from "react-aria-components";
import { useTranslation } from "react-i18next";
import { workClient } from "../api/client";
import type { WorkError } from "../api/errors";
import { errorText } from "../common/error-text";
import { formatDateTime } from "../common/format";
import type { VerifyLedgerResponse } from "../gen/ams/audit/v1/audit_service_pb";
import { useWorkError } from "../work/use-work";

type Outcome =
  | { kind: "verdict"; verdict: VerifyLedgerResponse; at: Date }
  | { kind: "failed"; error: WorkError };

export function LedgerVerify() {
  const { t } = useTranslation();
  const toError = useWorkError();
  const [pending, setPending] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>();
  const ref = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (outcome) ref.current?.focus();
  }, [outcome]);

  async function verify() {
    if (pending) return;
    setPending(true);
    try {
      const verdict = await workClient.verifyLedger({});
      setOutcome({ kind: "verdict", verdict, at: new Date() });
    } catch (error) {
      setOutcome({ kind: "failed", error: toError(error) });
    } finally {
      setPending(false);
    }
  }

  const verdict = outcome?.kind === "verdict" ? outcome.verdict : undefined;
  return (
    <section className="section" aria-labelledby="ledger-verify-heading">
      <h2 id="ledger-verify-heading" className="section__title">
        {t("ledger.verifyHeading")}
      </h2>
      <p>{t("ledger.verifyLead")}</p>
      <Button className="button button--primary" isPending={pending} onPress={() => void verify()}>
        {t("ledger.verify")}
      </Button>
      {/* Both live regions are always in the page (a region added with its text is not reliably
          read out). */}
      <div ref={ref} id="ledger-verdict" className="action-message ledger-verdict" tabIndex={-1}>
        <div role="status">
          {verdict?.intact && outcome?.kind === "verdict" && <Intact verdict={verdict} at={outcome.at} />}
        </div>
        <div role="alert">
          {verdict && !verdict.intact && <Broken verdict={verdict} />}
          {outcome?.kind === "failed" && (
            <div className="notice notice--warning">
              <p>{`${t("ledger.verifyFailed")} ${errorText(t, outcome.error)}`}</p>
            </div>
          )}
        </div>
      </div>
    </section>
  );
}

function Intact({ verdict, at }: { verdict: VerifyLedgerResponse; at: Date }) {
  const { t } = useTranslation();
  const count = Number(verdict.headSequence);
  const title =
    verdict.signedHeadSequence > 0n
      ? t("ledger.intact", { count, signed: verdict.signedHeadSequence.toString() })
      : t("ledger.intactUnsigned", { count });
  return (
    <div className="verdict verdict--done">
      <span className="verdict__icon" aria-hidden="true">
        ✓
      </span>
      <div className="verdict__body">
        <p className="verdict__title">{title}</p>
        <p>{t("ledger.intactDetail")}</p>
        <dl className="summary ledger-verdict__facts">
          {verdict.headSequence > 0n && (
            <div className="summary__row">
              <dt className="summary__key">{t("ledger.headHash", { sequence: verdict.headSequence.toString() })}</dt>
              <dd className="summary__value">
                <code className="hash hash--full">{verdict.headEntrySha256 || "—"}</code>
              </dd>
            </div>
          )}
          <div className="summary__row">
            <dt className="summary__key">{t("ledger.signingKey")}</dt>
            <dd className="summary__value">
              <code className="hash hash--full">{verdict.signingPublicKey || "—"}</code>
            </dd>
          </div>
          <div className="summary__row">
            <dt className="summary__key">{t("ledger.checkedAt")}</dt>
            <dd className="summary__value">
              <time dateTime={at.toISOString()}>{formatDateTime(at)}</time>
            </dd>
          </div>
        </dl>
      </div>
    </div>
  );
}

function Broken({ verdict }: { verdict: VerifyLedgerResponse }) {
  const { t } = useTranslation();
  return (
    <div className="verdict verdict--back">
      <span className="verdict__icon" aria-hidden="true">
        !
      </span>
      <div className="verdict__body">
        <p className="verdict__title">{t("ledger.broken", { sequence: verdict.firstBrokenSequence.toString() })}</p>
        <p>{t("ledger.brokenDetail")}</p>
        <dl className="summary ledger-verdict__facts">
          <div className="summary__row">
            <dt className="summary__key">{t("ledger.brokenWhy")}</dt>
            <dd className="summary__value">{verdict.detail || "—"}</dd>
          </div>
          {verdict.signedHeadSequence > 0n && (
            <div className="summary__row">
              <dt className="summary__key">{t("ledger.signedHead")}</dt>
              <dd className="summary__value">#{verdict.signedHeadSequence.toString()}</dd>
            </div>
          )}
        </dl>
      </div>
    </div>
  );
}
