// Who is signed in, asked of the gateway once at load (GetSession) and changed by signing in
// and out. Without a live session (UNAUTHENTICATED) or without an answer, the app shows the
// sign-in page; the second with a notice that the server cannot be reached.
import { createContext, useCallback, useContext, useEffect, useMemo, useState } from "react";
import type { ReactNode } from "react";
import type { Operator } from "../gen/ams/gateway/v1/session_service_pb";
import { problemOf, sessionClient } from "../api/client";
import type { Problem } from "../api/client";

// Why the sign-in page is shown, when it is worth saying.
export type SignedOutNotice = "unreachable" | "unexpected" | "signedOut" | "expired";

export type SessionState =
  | { status: "loading" }
  | { status: "signedIn"; operator: Operator }
  | { status: "signedOut"; notice?: SignedOutNotice };

interface SessionApi {
  state: SessionState;
  // Asks the gateway again (after the server could not be reached).
  refresh(): Promise<void>;
  // undefined when signed in; else why not.
  signIn(operator: string, password: string): Promise<Problem | undefined>;
  // undefined when signed out; else why not (the session then still stands).
  signOut(): Promise<Problem | undefined>;
  // A call was answered UNAUTHENTICATED: the session ended on the server (idle or absolute
  // expiry, signed out in another tab). The shell then sends the operator to sign in again
  // and back here afterwards.
  expire(): void;
}

const SessionContext = createContext<SessionApi | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: "loading" });

  const refresh = useCallback(async () => {
    try {
      const res = await sessionClient.getSession({});
      setState(
        res.operator
          ? { status: "signedIn", operator: res.operator }
          : { status: "signedOut", notice: "unexpected" },
      );
    } catch (error) {
      const problem = problemOf(error);
      setState({
        status: "signedOut",
        ...(problem === "unreachable" || problem === "unexpected" ? { notice: problem } : {}),
      });
    }
  }, []);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  const signIn = useCallback(async (operator: string, password: string) => {
    try {
      const res = await sessionClient.signIn({ operator, password });
      if (!res.operator) return "unexpected";
      setState({ status: "signedIn", operator: res.operator });
      return undefined;
    } catch (error) {
      return problemOf(error);
    }
  }, []);

  const signOut = useCallback(async () => {
    try {
      await sessionClient.signOut({});
    } catch (error) {
      const problem = problemOf(error);
      // Already ended on the server: signed out all the same.
      if (problem !== "unauthenticated") return problem;
    }
    setState({ status: "signedOut", notice: "signedOut" });
    return undefined;
  }, []);

  const expire = useCallback(() => {
    setState({ status: "signedOut", notice: "expired" });
  }, []);

  const api = useMemo(
    () => ({ state, refresh, signIn, signOut, expire }),
    [state, refresh, signIn, signOut, expire],
  );
  return <SessionContext.Provider value={api}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionApi {
  const api = useContext(SessionContext);
  if (!api) throw new Error("useSession outside SessionProvider");
  return api;
}
