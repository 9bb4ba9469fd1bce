// Logging out of the account: the session ends on the server (one that ended already counts as
// logged out), then the log-in page says so.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { workErrorOf } from "../api/errors";
import type { Message } from "../common/messages";
import { loggedOut } from "./account";
import { applicantClient } from "./api";
import { applicantErrorText } from "./parts";
import { logInPath } from "./paths";

export function useLogOut() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [pending, setPending] = useState(false);
  const [message, setMessage] = useState<Message>();
  async function logOut() {
    setPending(true);
    setMessage(undefined);
    try {
      await applicantClient.logOut({});
    } catch (error) {
      const e = workErrorOf(error);
      if (e.problem !== "unauthenticated") {
        setPending(false);
        setMessage({ kind: "warning", text: `${t("account.logOutFailed")} ${e.problem === "unreachable" ? applicantErrorText(t, e) : ""}`.trim() });
        return;
      }
    }
    loggedOut("loggedOut");
    void navigate(logInPath, { replace: true });
  }
  return { pending, message, logOut };
}

