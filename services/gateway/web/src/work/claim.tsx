// "Ambil": an operator takes an item so that colleagues see who works on it. Deciding needs no
// claim, but the server refuses a decision while someone else holds one, so the screens show
// the holder and turn the decision buttons off then.
import { Button } from "react-aria-components";
import { useTranslation } from "react-i18next";
import { workClient } from "../api/client";
import type { Message } from "../common/messages";
import { errorText } from "../common/error-text";
import { dateOf, formatTime, personName } from "../common/format";
import type { Claim } from "../gen/ams/gateway/v1/work_service_pb";
import type { useActions } from "./use-work";

// A claim counts until it expires (the server drops it then too).
function activeClaim(claim: Claim | undefined, now = new Date()): Claim | undefined {
  const expires = dateOf(claim?.expireTime);
  return claim && (!expires || expires > now) ? claim : undefined;
}

// The claim of someone else, which blocks decisions.
export function othersClaim(claim: Claim | undefined): Claim | undefined {
  const c = activeClaim(claim);
  return c && !c.mine ? c : undefined;
}

// "Diambil oleh Anda (sampai pukul 14.20)".
export function ClaimText({ claim }: { claim: Claim | undefined }) {
  const { t } = useTranslation();
  const c = activeClaim(claim);
  if (!c) return <span className="claim claim--none">{t("claim.none")}</span>;
  const expires = dateOf(c.expireTime);
  return (
    <span className={c.mine ? "claim claim--mine" : "claim claim--other"}>
      <span className="claim__who">{c.mine ? t("claim.mine") : t("claim.other", { name: personName(c.holder, "") })}</span>
      {expires && <span className="claim__until"> ({t("claim.until", { time: formatTime(expires) })})</span>}
    </span>
  );
}

interface ClaimButtonsProps {
  // The item's name ("reviewItems/…", "registrations/…", "cases/…").
  name: string;
  claim: Claim | undefined;
  actions: ReturnType<typeof useActions>;
  // The new claim (undefined after "Lepas"); after a CLAIMED refusal, undefined too and
  // `refused` set, so that the screen asks again who holds it.
  onChange(claim: Claim | undefined, refused?: boolean): void;
  onMessage(message: Message): void;
  // Visually hidden words after "Ambil"/"Lepas", for a row: which item.
  context?: string;
}

// "Ambil" while the operator does not hold it (also when someone else does: the claim may
// have ended meanwhile; the server decides), "Lepas" while they do.
export function ClaimButtons({ name, claim, actions, onChange, onMessage, context }: ClaimButtonsProps) {
  const { t } = useTranslation();
  const mine = activeClaim(claim)?.mine === true;
  const key = `${mine ? "release" : "claim"}:${name}`;

  async function take() {
    const result = await actions.run(key, () => workClient.claimItem({ name }));
    if (result.ok) {
      onChange(result.value);
      const expires = dateOf(result.value.expireTime);
      onMessage({ kind: "success", text: t("claim.taken", { time: expires ? formatTime(expires) : "" }) });
      return;
    }
    const holder = othersClaim(claim);
    onMessage({ kind: "warning", text: errorText(t, result.error, holder ? personName(holder.holder, "") : undefined) });
    if (result.error.reason === "CLAIMED") onChange(claim, true);
  }

  async function release() {
    const result = await actions.run(key, () => workClient.releaseItem({ name }));
    if (result.ok) {
      onChange(undefined);
      onMessage({ kind: "success", text: t("claim.released") });
    } else {
      onMessage({ kind: "warning", text: errorText(t, result.error) });
    }
  }

  return (
    <Button
      className="button button--secondary button--small"
      isPending={actions.pending === key}
      isDisabled={actions.pending !== undefined && actions.pending !== key}
      onPress={() => void (mine ? release() : take())}
    >
      {mine ? t("claim.release") : t("claim.take")}
      {context && <span className="visually-hidden"> {context}</span>}
    </Button>
  );
}
