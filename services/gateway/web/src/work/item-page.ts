// What a review item's and a verification case's pages share: the item loaded (and loaded
// again when it changed elsewhere), its claim, and its decisions. A decision's own live update
// is no news here; a success shows the item as it now is; a refusal is said on the page, and
// a page gone stale (decided or taken meanwhile) loads again so that it shows why.
import { useState } from "react";
import type { DependencyList } from "react";
import { useTranslation } from "react-i18next";
import type { WorkError } from "../api/errors";
import { errorText } from "../common/error-text";
import type { Message } from "../common/messages";
import type { Claim, QueueItem } from "../gen/ams/gateway/v1/work_service_pb";
import { useApplicationNews, useLive } from "../live/live-updates";
import type { LiveQueue } from "../live/live-updates";
import { useQueueCounts } from "../queues/counts";
import { useActions, useLoad } from "./use-work";

export function useItemPage<D extends { item?: QueueItem }>(options: {
  queue: LiveQueue;
  load: () => Promise<D>;
  deps: DependencyList;
  // Refusals after which the page is out of date.
  stale: readonly string[];
}) {
  const { t } = useTranslation();
  const loaded = useLoad(options.load, options.deps);
  const actions = useActions();
  const counts = useQueueCounts();
  const live = useLive();
  const [claimMessage, setClaimMessage] = useState<Message>();
  const [decisionMessage, setDecisionMessage] = useState<Message>();
  const application = loaded.data?.item?.application ?? "";
  const changes = useApplicationNews(options.queue, loaded.data?.item?.application);

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

  // One decision: `events` are those it brings about; `done` is said on success. With
  // `inDialog`, a refusal naming a field the operator can fix goes back to the dialog (the
  // result) rather than onto the page.
  async function decide(
    key: string,
    events: readonly string[],
    call: (requestId: string) => Promise<D>,
    done: string,
    inDialog = false,
  ): Promise<WorkError | undefined> {
    const undo = live.expect(application, events);
    const result = await actions.run(key, call);
    if (result.ok) {
      changes.clear();
      loaded.set(result.value);
      setClaimMessage(undefined);
      setDecisionMessage({ kind: "success", text: done });
      counts.refresh();
      return undefined;
    }
    undo();
    if (!inDialog || result.error.violations.length === 0) refused(result.error);
    return result.error;
  }

  return {
    loaded,
    actions,
    changes,
    claimMessage,
    setClaimMessage,
    decisionMessage,
    reload,
    setClaim,
    decide,
  };
}
