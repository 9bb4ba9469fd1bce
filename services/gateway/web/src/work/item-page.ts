// What a review item's and a verification case's pages share: the item named by the address,
// loaded (and loaded again when it changed elsewhere), its claim, and its decisions. A
// decision's own live update is no news here; a success shows the item as it now is; a
// refusal is said on the page, and a page gone stale (decided or taken meanwhile) loads again
// so that it shows why.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useParams } from "react-router";
import type { WorkError } from "../api/errors";
import { errorText } from "../common/error-text";
import type { Message } from "../common/messages";
import type { Claim, QueueItem } from "../gen/ams/gateway/v1/work_service_pb";
import { ItemState } from "../gen/ams/gateway/v1/work_service_pb";
import { useApplicationNews, useLive, useRefreshCountsAfterAction } from "../live/live-updates";
import type { LiveQueue } from "../live/live-updates";
import { othersClaim } from "./claim";
import type { ReasonInput } from "./reason-dialog";
import { useActions, useLoad } from "./use-work";

export function useItemPage<D extends { item?: QueueItem }>(options: {
  queue: LiveQueue;
  // The items' collection: the address's id is the item's ("cases/<id>").
  collection: "cases" | "reviewItems";
  load(name: string): Promise<D>;
  // Refusals after which the page is out of date.
  stale: readonly string[];
  // Whether an item in this state waits for this page's decision.
  awaits(state: ItemState): boolean;
}) {
  const { t } = useTranslation();
  const { id = "" } = useParams();
  const name = `${options.collection}/${id}`;
  const loaded = useLoad(() => options.load(name), [name]);
  const actions = useActions();
  const refreshCounts = useRefreshCountsAfterAction();
  const live = useLive();
  const [claimMessage, setClaimMessage] = useState<Message>();
  const [decisionMessage, setDecisionMessage] = useState<Message>();
  const item = loaded.data?.item;
  const application = item?.application ?? "";
  const changes = useApplicationNews(options.queue, item?.application);
  const state = item?.state ?? ItemState.UNSPECIFIED;

  function reload() {
    changes.clear();
    loaded.reload();
  }

  function setClaim(claim: Claim | undefined, refused?: boolean) {
    const detail = loaded.data;
    if (refused || !detail?.item) reload();
    else loaded.set({ ...detail, item: { ...detail.item, claim } });
  }

  function refused(error: WorkError) {
    setDecisionMessage({ kind: "warning", text: errorText(t, error) });
    if (options.stale.includes(error.reason)) reload();
  }

  // One decision, `action` ("approve", "reject", …): `events` are those it brings about; `done`
  // is said on success. With a `reason` (given in a dialog), a refusal naming a field the
  // operator can fix goes back to the dialog (the result) rather than onto the page.
  async function decide(
    action: string,
    events: readonly string[],
    call: (requestId: string) => Promise<D>,
    done: string,
    reason?: ReasonInput,
  ): Promise<WorkError | undefined> {
    // Other input, another request (request-id.ts).
    const key = reason ? `${action}:${name}:${reason.code}:${reason.text}` : `${action}:${name}`;
    const undo = live.expect(application, events);
    const result = await actions.run(key, call);
    if (result.ok) {
      changes.clear();
      loaded.set(result.value);
      setClaimMessage(undefined);
      setDecisionMessage({ kind: "success", text: done });
      refreshCounts();
      return undefined;
    }
    undo();
    if (!reason || result.error.violations.length === 0) refused(result.error);
    return result.error;
  }

  return {
    name,
    loaded,
    actions,
    changes,
    claimMessage,
    setClaimMessage,
    decisionMessage,
    reload,
    setClaim,
    decide,
    item,
    applicant: item?.applicant,
    state,
    waiting: options.awaits(state),
    // A colleague holds the item: no decision now.
    blocked: othersClaim(item?.claim) !== undefined,
  };
}

export type ItemPage<D extends { item?: QueueItem }> = ReturnType<typeof useItemPage<D>>;
