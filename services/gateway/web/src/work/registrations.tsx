// Step 3, BSrE: forwarded applications to register in AMS (each then gets an activation link
// by e-mail), and registered identities waiting for the applicant, whose link can be sent
// again. Both are done from the list: there is nothing more to read before acting.
import { useState } from "react";
import type { FormEvent } from "react";
import { Button, DialogTrigger, FieldError, Input, Label, Text, TextField } from "react-aria-components";
import { useTranslation } from "react-i18next";
import { Link, useLocation } from "react-router";
import { workClient } from "../api/client";
import { useLive } from "../live/live-updates";
import { errorText, violationText } from "../common/error-text";
import { dateOf, emailLocalPart, formatDateTime, timelinePath } from "../common/format";
import type { QueueItem } from "../gen/ams/gateway/v1/work_service_pb";
import { ItemState, ListQueueRequest_View } from "../gen/ams/gateway/v1/work_service_pb";
import { othersClaim } from "./claim";
import { FormDialog } from "./form-dialog";
import { QueuePage } from "./queue-page";
import { LinkExpiry } from "./queue-table";
import type { RowContext } from "./queue-page";

export default function RegistrationsPage() {
  return (
    <QueuePage
      queue="bsre"
      views={[
        { param: "belum", view: ListQueueRequest_View.WAITING, label: "queue.viewNotRegistered" },
        { param: "aktivasi", view: ListQueueRequest_View.AWAITING_ACTIVATION, label: "queue.viewAwaitingActivation" },
      ]}
      list={(request) => workClient.listRegistrations(request)}
      rowActions={(item, context) => <RowActions item={item} context={context} />}
    />
  );
}

function RowActions({ item, context }: { item: QueueItem; context: RowContext }) {
  const { t } = useTranslation();
  const location = useLocation();
  const name = item.applicant?.fullName ?? "";
  return (
    <div className="row-actions">
      {item.state === ItemState.AWAITING_REGISTRATION && <RegisterDialog item={item} context={context} />}
      {(item.state === ItemState.AWAITING_ACTIVATION || item.state === ItemState.CORRECTION_REQUESTED) && (
        <>
          <p className="row-actions__note">
            {t("queue.linkExpires")}: <LinkExpiry item={item} />
          </p>
          <ResendButton item={item} context={context} />
        </>
      )}
      {item.application && (
        <Link
          to={timelinePath(item.application)}
          state={{ back: location.pathname + location.search }}
          className="row-actions__link"
        >
          {t("queue.timeline")}
          <span className="visually-hidden"> {name}</span>
        </Link>
      )}
    </div>
  );
}

function focusMessage() {
  // The row's button is gone once the list reloads: the message takes the focus instead.
  requestAnimationFrame(() => document.getElementById("queue-message")?.focus());
}

function ResendButton({ item, context }: { item: QueueItem; context: RowContext }) {
  const { t } = useTranslation();
  const live = useLive();
  const key = `resend:${item.name}`;
  const name = item.applicant?.fullName ?? "";

  async function resend() {
    // The gateway's live update of this resend is no news here.
    const undo = live.expect(item.application, ["ActivationLinkIssued"]);
    const result = await context.actions.run(key, (requestId) =>
      workClient.resendActivationLink({ name: item.name, requestId }),
    );
    if (result.ok) {
      const expires = dateOf(result.value.linkExpireTime);
      context.onMessage({
        kind: "success",
        text: t("registration.resent", { name, time: expires ? formatDateTime(expires) : "—" }),
      });
    } else {
      undo();
      context.onMessage({ kind: "warning", text: errorText(t, result.error) });
    }
    focusMessage();
    context.reload();
  }

  return (
    <Button
      className="button button--secondary button--small"
      isPending={context.actions.pending === key}
      isDisabled={othersClaim(item.claim) !== undefined || (context.actions.pending !== undefined && context.actions.pending !== key)}
      onPress={() => void resend()}
    >
      {t("registration.resend")}
      <span className="visually-hidden"> {name}</span>
    </Button>
  );
}

function RegisterDialog({ item, context }: { item: QueueItem; context: RowContext }) {
  const { t } = useTranslation();
  const live = useLive();
  const [open, setOpen] = useState(false);
  const [username, setUsername] = useState("");
  const [fieldError, setFieldError] = useState<string>();
  const [formError, setFormError] = useState<string>();
  const name = item.applicant?.fullName ?? "";
  const email = item.applicant?.officialEmail ?? "";
  const key = `register:${item.name}:${username.trim()}`;
  const pending = context.actions.pending?.startsWith(`register:${item.name}:`) ?? false;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    setFieldError(undefined);
    setFormError(undefined);
    const undo = live.expect(item.application, ["IdentityRegistered", "ActivationLinkIssued"]);
    const result = await context.actions.run(key, (requestId) =>
      workClient.registerIdentity({ name: item.name, username: username.trim(), requestId }),
    );
    if (result.ok) {
      setOpen(false);
      setUsername("");
      context.onMessage({ kind: "success", text: t("registration.registered", { name, email }) });
      focusMessage();
      context.reload();
      return;
    }
    undo();
    const usernameViolation = result.error.violations.find((v) => v.field === "username");
    if (usernameViolation) setFieldError(violationText(t, usernameViolation));
    else setFormError(errorText(t, result.error));
  }

  return (
    <DialogTrigger
      isOpen={open}
      onOpenChange={(next) => {
        if (pending) return;
        setOpen(next);
        setFieldError(undefined);
        setFormError(undefined);
      }}
    >
      <Button
        className="button button--primary button--small"
        isDisabled={othersClaim(item.claim) !== undefined || (context.actions.pending !== undefined && !pending)}
      >
        {t("registration.register")}
        <span className="visually-hidden"> {name}</span>
      </Button>
      <FormDialog
        title={t("registration.registerTitle")}
        lead={t("registration.registerLead", { name, email })}
        error={formError}
        submit={t("registration.registerSubmit")}
        tone="primary"
        isPending={pending}
        onSubmit={(e) => void submit(e)}
      >
        <TextField
          className="field"
          value={username}
          onChange={setUsername}
          isInvalid={Boolean(fieldError)}
          autoComplete="off"
        >
          <Label className="field__label">{t("registration.username")}</Label>
          <Text slot="description" className="field__hint">
            {t("registration.usernameHint", { local: emailLocalPart(email) })}
          </Text>
          {fieldError && <FieldError className="field__error">{fieldError}</FieldError>}
          <Input className="field__input" autoCapitalize="none" autoCorrect="off" spellCheck={false} />
        </TextField>
      </FormDialog>
    </DialogTrigger>
  );
}
