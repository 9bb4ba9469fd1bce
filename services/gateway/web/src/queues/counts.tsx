// How many items wait in each queue (GetQueueCounts), for the home page's cards and the
// navigation. Asked again on each page change, after an action and after live updates; a
// failure only leaves the numbers out (they are a help, not the work). Not asked while
// `enabled` is false (an admin who must enrol an authenticator app first).
import { createContext, useCallback, useContext, useEffect, useMemo, useState } from "react";
import type { ReactNode } from "react";
import { useLocation } from "react-router";
import { workClient } from "../api/client";
import type { GetQueueCountsResponse } from "../gen/ams/gateway/v1/work_service_pb";
import { useWorkError } from "../work/use-work";
import type { QueueId } from "./queues";

interface CountsApi {
  counts: GetQueueCountsResponse | undefined;
  refresh(): void;
}

const CountsContext = createContext<CountsApi>({ counts: undefined, refresh: () => {} });

export function QueueCountsProvider({ enabled, children }: { enabled: boolean; children: ReactNode }) {
  const { pathname } = useLocation();
  const toError = useWorkError();
  const [counts, setCounts] = useState<GetQueueCountsResponse>();
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    if (!enabled) return;
    let current = true;
    workClient.getQueueCounts({}).then(
      (c) => current && setCounts(c),
      (error: unknown) => void toError(error),
    );
    return () => {
      current = false;
    };
  }, [enabled, pathname, generation, toError]);

  const refresh = useCallback(() => setGeneration((g) => g + 1), []);
  const api = useMemo(() => ({ counts, refresh }), [counts, refresh]);
  return <CountsContext.Provider value={api}>{children}</CountsContext.Provider>;
}

export function useQueueCounts(): CountsApi {
  return useContext(CountsContext);
}

// The number that waits for the operator in a queue; undefined when unknown.
export function waitingIn(counts: GetQueueCountsResponse | undefined, queue: QueueId): number | undefined {
  switch (queue) {
    case "diskominfo":
      return counts?.awaitingReview;
    case "bsre":
      return counts?.awaitingRegistration;
    case "verifier":
      return counts?.awaitingDecision;
    default:
      return undefined;
  }
}
