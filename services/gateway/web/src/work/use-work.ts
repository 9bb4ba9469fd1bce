// Loading and acting through the work API, the same way on every screen: an UNAUTHENTICATED
// answer ends the session here too (the shell then shows the sign-in page and comes back), a
// refusal for want of a second factor asks for the session again (the shell then shows only
// the enrolment), every other failure becomes a WorkError for the screen to word.
import { Code } from "@connectrpc/connect";
import { useCallback, useEffect, useRef, useState } from "react";
import type { DependencyList } from "react";
import { workErrorOf } from "../api/errors";
import type { WorkError } from "../api/errors";
import { useRequestIds } from "../api/request-id";
import { useSession } from "../session/session";

export function useWorkError(): (error: unknown) => WorkError {
  const { expire, refresh } = useSession();
  return useCallback(
    (error: unknown) => {
      const e = workErrorOf(error);
      if (e.code === Code.Unauthenticated) expire();
      else if (e.reason === "SECOND_FACTOR_REQUIRED") void refresh();
      return e;
    },
    [expire, refresh],
  );
}

export interface Loaded<T> {
  // The last answer; kept while a new one loads, so a table does not blink on each search.
  data?: T;
  error?: WorkError;
  loading: boolean;
}

// Calls `load` when `deps` change or on reload(); set() replaces the data with an action's
// answer (the API answers actions with the item as it now stands). With `keep`, the last answer
// stays on screen while another loads (a list being searched); without, another item's page
// starts empty rather than show the previous item under the new address.
export function useLoad<T>(
  load: () => Promise<T>,
  deps: DependencyList,
  keep = false,
): Loaded<T> & { reload(): void; set(data: T): void } {
  const toError = useWorkError();
  const [state, setState] = useState<Loaded<T>>({ loading: true });
  const [generation, setGeneration] = useState(0);
  const lastDeps = useRef<DependencyList>(deps);

  useEffect(() => {
    let current = true;
    const changed = deps.some((d, i) => !Object.is(d, lastDeps.current[i]));
    lastDeps.current = deps;
    setState((s) => (changed && !keep ? { loading: true } : { ...s, loading: true }));
    load().then(
      (data) => current && setState({ data, loading: false }),
      (error: unknown) => current && setState((s) => ({ ...s, error: toError(error), loading: false })),
    );
    return () => {
      current = false;
    };
    // `load` is a new function on each render; `deps` say when its result changes.
  }, [...deps, generation, toError]);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  const set = useCallback((data: T) => setState({ data, loading: false }), []);
  return { ...state, reload, set };
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: WorkError };

// Actions that change something: one at a time per screen, the running one named by its key
// (its button shows as pending), each with a request_id kept across retries (request-id.ts).
export function useActions(): {
  pending: string | undefined;
  run<T>(key: string, call: (requestId: string) => Promise<T>): Promise<Outcome<T>>;
} {
  const toError = useWorkError();
  const ids = useRequestIds();
  const [pending, setPending] = useState<string>();
  const busy = useRef(false);

  const run = useCallback(
    async <T>(key: string, call: (requestId: string) => Promise<T>): Promise<Outcome<T>> => {
      if (busy.current) return { ok: false, error: toError(new Error("busy")) };
      busy.current = true;
      setPending(key);
      try {
        const value = await call(ids.idFor(key));
        ids.settle(key);
        return { ok: true, value };
      } catch (error) {
        const e = toError(error);
        ids.settle(key, e);
        return { ok: false, error: e };
      } finally {
        busy.current = false;
        setPending(undefined);
      }
    },
    [ids, toError],
  );
  return { pending, run };
}
