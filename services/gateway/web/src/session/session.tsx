// Who is signed in, asked of the gateway once at load (GetSession) and changed by signing in
// and out. Without a live session (UNAUTHENTICATED) or without an answer, the app shows the
// sign-in page; the second with a notice that the server cannot be reached.
import { Code } from "@connectrpc/connect";
import { createContext, useCallback, useContext, useEffect, useMemo, useState } from "react";
import type { ReactNode } from "react";
import type { Operator, SecondFactorState } from "../gen/ams/gateway/v1/session_service_pb";
import { problemOf, sessionClient } from "../api/client";
import type { Problem } from "../api/client";
import { workErrorOf } from "../api/errors";

// Why the sign-in page is shown, when it is worth saying.
export type SignedOutNotice = "unreachable" | "unexpected" | "signedOut" | "expired";

// The operator's authenticator app (TOTP). `required`: an ADMIN without one, who may do nothing
// but enrol it (every other call is refused with SECOND_FACTOR_REQUIRED).
export interface SecondFactor {
  enrolled: boolean;
  required: boolean;
}

export type SessionState =
  | { status: "loading" }
  | { status: "signedIn"; operator: Operator; secondFactor: SecondFactor }
  | { status: "signedOut"; notice?: SignedOutNotice };

// undefined: signed in. "secondFactorRequired": the operator name and password are right and
// the operator has an authenticator app: send all three again with its code.
export type SignInOutcome = Problem | "secondFactorRequired" | undefined;

interface SessionApi {
  state: SessionState;
  // Asks the gateway again (after the server could not be reached, or a refusal saying the
  // session's second factor changed).
  refresh(): Promise<void>;
  signIn(operator: string, password: string, totpCode?: string): Promise<SignInOutcome>;
  // undefined when signed out; else why not (the session then still stands).
  signOut(): Promise<Problem | undefined>;
  // A call was answered UNAUTHENTICATED: the session ended on the server (idle or absolute
  // expiry, signed out in another tab, ended from another device). The shell then sends the
  // operator to sign in again and back here afterwards.
  expire(): void;
  // The second factor as ConfirmTotpEnrollment answered it (or BeginTotpEnrollment implied).
  setSecondFactor(state: SecondFactor | undefined): void;
}

const SessionContext = createContext<SessionApi | null>(null);

function secondFactorOf(state: SecondFactorState | SecondFactor | undefined): SecondFactor {
  return { enrolled: state?.enrolled ?? false, required: state?.required ?? false };
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: "loading" });

  const refresh = useCallback(async () => {
    try {
      const res = await sessionClient.getSession({});
      setState(
        res.operator
          ? { status: "signedIn", operator: res.operator, secondFactor: secondFactorOf(res.secondFactor) }
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

  const signIn = useCallback(async (operator: string, password: string, totpCode = "") => {
    try {
      const res = await sessionClient.signIn({ operator, password, totpCode });
      if (!res.operator) return "unexpected";
      setState({ status: "signedIn", operator: res.operator, secondFactor: secondFactorOf(res.secondFactor) });
      return undefined;
    } catch (error) {
      const e = workErrorOf(error);
      if (e.code === Code.Unauthenticated && e.reason === "SECOND_FACTOR_REQUIRED") return "secondFactorRequired";
      return e.problem;
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

  const setSecondFactor = useCallback((next: SecondFactor | undefined) => {
    setState((s) => (s.status === "signedIn" ? { ...s, secondFactor: secondFactorOf(next) } : s));
  }, []);

  const api = useMemo(
    () => ({ state, refresh, signIn, signOut, expire, setSecondFactor }),
    [state, refresh, signIn, signOut, expire, setSecondFactor],
  );
  return <SessionContext.Provider value={api}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionApi {
  const api = useContext(SessionContext);
  if (!api) throw new Error("useSession outside SessionProvider");
  return api;
}
