// Live updates: one EventSource on the gateway's GET /events for the signed-in app (opened
// inside the shell, closed when it goes at sign-out). The gateway sends a message when a queue
// the operator works on changes; screens do not move rows under the operator's hand but offer
// "N baru — muat" (queue pages) or "Permohonan ini berubah" (item pages), and the nav and home
// counts follow on their own. Messages are passed on a second after the first of a burst: one
// action often brings several, and the services behind a queue may list an item a moment
// after the event that announced it.
//
// The browser reconnects by itself and sends Last-Event-ID; the gateway then sends what was
// missed, or `reset` when it cannot (its own restart, another replica). A stream refused at the
// door (401, 403, an error page) is not retried by the browser: then the session is asked once;
// without one the sign-in page shows, else the stream is tried again later, ever more slowly.
import { useCallback, useContext, useEffect, useMemo, useRef, useState, createContext } from "react";
import type { ReactNode } from "react";
import { problemOf, sessionClient } from "../api/client";
import { useQueueCounts } from "../queues/counts";
import { useSession } from "../session/session";

export type LiveQueue = "review" | "registration" | "verification";
const liveQueues: readonly string[] = ["review", "registration", "verification"];

// "open" also goes into the shell's data-live attribute (the browser tests wait for it).
export type LiveStatus = "off" | "connecting" | "open" | "closed" | "refused";

export type LiveMessage =
  // One application changed in these queues; `type` is the pipeline event's
  // ("ams.forwarding.v1.ApplicationForwarded").
  | { kind: "change"; queues: LiveQueue[]; application: string; type: string }
  // Messages may have been missed: whatever is shown may be stale.
  | { kind: "reset" };

type Listener = (message: LiveMessage) => void;

interface LiveApi {
  status: LiveStatus;
  subscribe(listener: Listener): () => void;
  // This operator is about to act on `application`, which brings events of these types (their
  // last segment, e.g. "ApplicationForwarded") about: they are no news to them, so the first of
  // each within two minutes is not passed on. Returns the undo, for an action that failed.
  expect(application: string, types: readonly string[]): () => void;
}

const LiveContext = createContext<LiveApi>({
  status: "off",
  subscribe: () => () => {},
  expect: () => () => {},
});

interface Expected {
  application: string;
  type: string;
  until: number;
}

const expectFor = 120_000;
const settleDelay = 1_000;
const firstRetry = 5_000;
const lastRetry = 300_000;

function lastSegment(type: string): string {
  return type.slice(type.lastIndexOf(".") + 1);
}

export function LiveUpdatesProvider({ enabled, children }: { enabled: boolean; children: ReactNode }) {
  const { expire, refresh } = useSession();
  const { refresh: refreshCounts } = useQueueCounts();
  const [status, setStatus] = useState<LiveStatus>("off");
  const listeners = useRef(new Set<Listener>());
  const expected = useRef<Expected[]>([]);

  useEffect(() => {
    if (!enabled) return;
    let stopped = false;
    let source: EventSource | undefined;
    let retryTimer: number | undefined;
    let flushTimer: number | undefined;
    let pending: LiveMessage[] = [];
    let failures = 0;
    // A stream was open before: a new one starts blind to what happened in between.
    let everOpen = false;
    // The id of the last message, which the browser sends back when it reconnects.
    let lastId = "";

    const flush = () => {
      flushTimer = undefined;
      const batch = pending;
      pending = [];
      for (const message of batch) for (const listener of listeners.current) listener(message);
      refreshCounts();
    };
    // undefined: nothing for the screens, but the counts may have changed.
    const emit = (message: LiveMessage | undefined) => {
      if (message) pending.push(message);
      flushTimer ??= window.setTimeout(flush, settleDelay);
    };

    const isExpected = (application: string, type: string) => {
      const now = Date.now();
      expected.current = expected.current.filter((e) => e.until > now);
      const i = expected.current.findIndex((e) => e.application === application && e.type === lastSegment(type));
      if (i < 0) return false;
      expected.current.splice(i, 1);
      return true;
    };

    const retryLater = () => {
      const delay = Math.min(lastRetry, firstRetry * 2 ** failures);
      failures += 1;
      retryTimer = window.setTimeout(open, delay);
    };

    // The stream was refused: is there still a session (and may it work)?
    const check = () => {
      sessionClient.getSession({}).then(
        (res) => {
          if (stopped) return;
          if (res.secondFactor?.required) void refresh();
          else retryLater();
        },
        (error: unknown) => {
          if (stopped) return;
          if (problemOf(error) === "unauthenticated") expire();
          else retryLater();
        },
      );
    };

    function open() {
      setStatus("connecting");
      const es = new EventSource("/events");
      source = es;
      let opened = false;
      es.onopen = () => {
        // A new stream, or the browser's reconnect without an id to resume from: messages in
        // between are lost, so whatever is shown may be stale.
        if (everOpen && (!opened || !lastId)) emit({ kind: "reset" });
        everOpen = opened = true;
        failures = 0;
        setStatus("open");
      };
      es.onerror = () => {
        if (stopped) return;
        if (es.readyState === EventSource.CONNECTING) {
          // The browser tries again by itself (after `retry`).
          setStatus((s) => (s === "refused" ? s : "connecting"));
          return;
        }
        es.close();
        setStatus("closed");
        check();
      };
      es.addEventListener("queue", (event) => {
        const e = event as MessageEvent<string>;
        if (e.lastEventId) lastId = e.lastEventId;
        let data: unknown;
        try {
          data = JSON.parse(e.data);
        } catch {
          return;
        }
        const d = (typeof data === "object" && data !== null ? data : {}) as Record<string, unknown>;
        const queues = (Array.isArray(d.queues) ? d.queues : []).filter(
          (q): q is LiveQueue => typeof q === "string" && liveQueues.includes(q),
        );
        const application = typeof d.application === "string" ? d.application : "";
        const type = typeof d.type === "string" ? d.type : "";
        if (queues.length === 0 || !application) return;
        emit(isExpected(application, type) ? undefined : { kind: "change", queues, application, type });
      });
      es.addEventListener("reset", () => emit({ kind: "reset" }));
      // Too many streams open: the gateway closes this one and the browser tries again after
      // the minute the gateway asked for.
      es.addEventListener("refused", () => setStatus("refused"));
    }

    open();
    return () => {
      stopped = true;
      source?.close();
      window.clearTimeout(retryTimer);
      window.clearTimeout(flushTimer);
      setStatus("off");
    };
  }, [enabled, expire, refresh, refreshCounts]);

  const subscribe = useCallback((listener: Listener) => {
    listeners.current.add(listener);
    return () => {
      listeners.current.delete(listener);
    };
  }, []);

  const expect = useCallback((application: string, types: readonly string[]) => {
    const added = types.map((type) => ({ application, type, until: Date.now() + expectFor }));
    expected.current.push(...added);
    return () => {
      expected.current = expected.current.filter((e) => !added.includes(e));
    };
  }, []);

  const api = useMemo(() => ({ status, subscribe, expect }), [status, subscribe, expect]);
  return <LiveContext.Provider value={api}>{children}</LiveContext.Provider>;
}

export function useLive(): LiveApi {
  return useContext(LiveContext);
}

// After an action of this operator, the queue counts again: at once while the stream is not
// open; else not here, as the action's own events (expected ones too) bring the flush that asks
// for them, once.
export function useRefreshCountsAfterAction(): () => void {
  const { status } = useLive();
  const { refresh } = useQueueCounts();
  return useCallback(() => {
    if (status !== "open") refresh();
  }, [status, refresh]);
}

// Calls `listener` (its latest version) with each message.
function useLiveMessages(listener: Listener) {
  const { subscribe } = useLive();
  const latest = useRef(listener);
  latest.current = listener;
  useEffect(() => subscribe((m) => latest.current(m)), [subscribe]);
}

export interface QueueNews {
  // Applications changed in the queue since the list was loaded.
  count: number;
  // Messages were missed: something may have changed.
  reset: boolean;
  clear(): void;
}

// What happened in `queue` since clear() (call it when the list loads again).
export function useQueueNews(queue: LiveQueue): QueueNews {
  const [changed, setChanged] = useState<ReadonlySet<string>>(() => new Set());
  const [reset, setReset] = useState(false);
  useLiveMessages((m) => {
    if (m.kind === "reset") setReset(true);
    else if (m.queues.includes(queue)) setChanged((s) => (s.has(m.application) ? s : new Set(s).add(m.application)));
  });
  const clear = useCallback(() => {
    setChanged((s) => (s.size === 0 ? s : new Set()));
    setReset(false);
  }, []);
  return { count: changed.size, reset, clear };
}

// Whether the application shown ("applications/{id}") changed in `queue` since clear():
// "changed", "maybe" (messages were missed) or undefined.
export function useApplicationNews(
  queue: LiveQueue,
  application: string | undefined,
): { news: "changed" | "maybe" | undefined; clear(): void } {
  const [news, setNews] = useState<"changed" | "maybe">();
  // Another application's page: nothing known yet.
  useEffect(() => setNews(undefined), [application]);
  useLiveMessages((m) => {
    if (m.kind === "reset") setNews((n) => n ?? "maybe");
    else if (application && m.application === application && m.queues.includes(queue)) setNews("changed");
  });
  const clear = useCallback(() => setNews(undefined), []);
  return { news, clear };
}
