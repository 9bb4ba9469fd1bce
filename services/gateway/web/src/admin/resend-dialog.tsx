// "Kirim ulang" of a parked mail: the corrected recipients (prefilled with the refused ones), in
// a domain the mail had (the mail service decides, and names the field it refuses: "to[0]").
// The mail itself is sent as it was; its contents are neither shown nor asked for.
import { Code } from "@connectrpc/connect";
import { useState } from "react";
import type { FormEvent } from "react";
import { Button, DialogTrigger, FieldError, Input, Label, Text, TextField } from "react-aria-components";
import { useTranslation } from "react-i18next";
import { workClient } from "../api/client";
import type { WorkError } from "../api/errors";
import { errorText, violationText } from "../common/error-text";
import type { ParkedMail } from "../gen/ams/gateway/v1/work_service_pb";
import { FormDialog } from "../work/form-dialog";
import type { RowContext } from "../work/queue-page";
import { domainOf, mailKindLabel, shortApplicationId } from "./mail-labels";

// The mail is no longer parked (sent again meanwhile) or no longer there.
function gone(error: WorkError): boolean {
  return error.reason === "INVALID_STATE" || error.reason === "NOT_FOUND" || error.code === Code.NotFound;
}

// The index of the recipient a field violation names: "to[1]" → 1, "to" → 0.
function recipientIndex(field: string): number | undefined {
  if (field === "to") return 0;
  const m = /^to\[(\d+)\]$/.exec(field);
  return m ? Number(m[1]) : undefined;
}

function addressId(index: number): string {
  return `resend-mail-to-${index}`;
}

// The first address with an error takes the focus, so that its error is read out with its
// label; whether there was one.
function focusFirstError(errors: readonly (string | undefined)[]): boolean {
  const first = errors.findIndex(Boolean);
  if (first < 0) return false;
  requestAnimationFrame(() => document.getElementById(addressId(first))?.focus());
  return true;
}

export function ResendDialog({
  parked,
  context,
  onFocusMessage,
}: {
  parked: ParkedMail;
  context: RowContext;
  // The row's button is gone once the list reloads: the page's message takes the focus.
  onFocusMessage(): void;
}) {
  const { t } = useTranslation();
  const mail = parked.mail;
  const refused = mail?.to.length ? mail.to : [""];
  const [open, setOpen] = useState(false);
  const [addresses, setAddresses] = useState<string[]>(refused);
  const [fieldErrors, setFieldErrors] = useState<(string | undefined)[]>([]);
  const [formError, setFormError] = useState<string>();
  const to = addresses.map((a) => a.trim());
  // One request_id per mail and addresses: a retry after no answer repeats the same request.
  const prefix = `resend-mail:${parked.service}:${mail?.messageId ?? ""}:`;
  const key = `${prefix}${to.join(",")}`;
  const pending = context.actions.pending?.startsWith(prefix) ?? false;
  const kind = mailKindLabel(t, mail?.kind ?? "");
  const refusedText = (mail?.to ?? []).join(", ");

  function clearErrors() {
    setFieldErrors([]);
    setFormError(undefined);
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending || !mail) return;
    const missing = to.map((a) => (a === "" ? t("parkedMail.addressMissing") : undefined));
    setFormError(undefined);
    setFieldErrors(missing);
    if (focusFirstError(missing)) return;
    const result = await context.actions.run(key, (requestId) =>
      workClient.resendParkedMail({
        service: parked.service,
        application: mail.application,
        messageId: mail.messageId,
        to,
        requestId,
      }),
    );
    if (result.ok) {
      setOpen(false);
      context.onMessage({ kind: "success", text: t("parkedMail.resent", { to: to.join(", ") }) });
      onFocusMessage();
      context.reload();
      return;
    }
    const error = result.error;
    if (gone(error)) {
      setOpen(false);
      context.onMessage({ kind: "warning", text: t("parkedMail.gone") });
      onFocusMessage();
      context.reload();
      return;
    }
    const fields: (string | undefined)[] = [];
    const other: string[] = [];
    for (const v of error.violations) {
      const i = recipientIndex(v.field);
      if (i !== undefined && i < to.length) fields[i] = violationText(t, v);
      else other.push(violationText(t, v));
    }
    setFieldErrors(fields);
    focusFirstError(fields);
    if (other.length > 0) setFormError(other.join(" "));
    else if (!fields.some(Boolean)) setFormError(errorText(t, error));
  }

  return (
    <DialogTrigger
      isOpen={open}
      onOpenChange={(next) => {
        if (pending) return;
        setOpen(next);
        clearErrors();
      }}
    >
      <Button
        className="button button--secondary button--small"
        isDisabled={!mail || (context.actions.pending !== undefined && !pending)}
      >
        {t("parkedMail.resend")}
        <span className="visually-hidden"> {refusedText}</span>
      </Button>
      <FormDialog
        title={t("parkedMail.resendTitle")}
        lead={t("parkedMail.resendLead", {
          kind,
          application: shortApplicationId(mail?.application ?? ""),
          to: refusedText || "—",
        })}
        error={formError}
        submit={t("parkedMail.resendSubmit")}
        tone="primary"
        isPending={pending}
        onSubmit={(e) => void submit(e)}
      >
        {addresses.map((address, i) => {
          const domain = domainOf(refused[i] ?? "");
          const error = fieldErrors[i];
          return (
            <TextField
              key={i}
              className="field"
              type="email"
              value={address}
              onChange={(value) => setAddresses((all) => all.map((a, j) => (j === i ? value : a)))}
              isInvalid={Boolean(error)}
              isRequired
              autoComplete="off"
            >
              <Label className="field__label">
                {addresses.length > 1 ? t("parkedMail.addressNumbered", { number: i + 1 }) : t("parkedMail.address")}
              </Label>
              {domain && (
                <Text slot="description" className="field__hint">
                  {t("parkedMail.addressHint", { domain })}
                </Text>
              )}
              {error && <FieldError className="field__error">{error}</FieldError>}
              <Input id={addressId(i)} className="field__input" autoCapitalize="none" autoCorrect="off" spellCheck={false} />
            </TextField>
          );
        })}
      </FormDialog>
    </DialogTrigger>
  );
}
