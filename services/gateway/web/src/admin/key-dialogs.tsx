// An agency's API key: made ("Buat kunci": the agency and what the key is for; then the key once,
// with how the agency's system uses it) and revoked ("Cabut", confirmed: the agency's system
// stops working with it at once). Both are recorded on the broker that every service follows,
// so both are refused, with nothing done, while it is down.
import { Code } from "@connectrpc/connect";
import { useState } from "react";
import type { FormEvent } from "react";
import { Button, DialogTrigger, FieldError, Input, Label, Text, TextField } from "react-aria-components";
import { useTranslation } from "react-i18next";
import type { WorkError } from "../api/errors";
import { errorText } from "../common/error-text";
import { cleanText, fieldRules } from "../common/field-rules";
import { agencyLabel, idOf } from "../common/format";
import type { Message } from "../common/messages";
import type { AgencyKey } from "../gen/ams/gateway/v1/admin_service_pb";
import type { useActions } from "../work/use-work";
import { adminClient } from "./api";
import { AdminModal, DialogForm, OneTimeSecret } from "./dialogs";
import { agencyIdOf, checkAgency } from "./operator-form";

export interface KeysContext {
  actions: ReturnType<typeof useActions>;
  onMessage(message: Message, focus?: boolean): void;
  reload(): void;
  replace(key: AgencyKey): void;
}

// "agencyKeys/<sha256 hex>" → its first 8 hex digits: enough to tell keys apart in the list and
// to match a key the agency holds (sha256sum of it).
export function fingerprintOf(name: string): string {
  return idOf(name).slice(0, 8);
}

export const labelRule = { max_chars: 100 };

// Refused because the broker is down: nothing was issued or revoked.
function brokerDown(error: WorkError): boolean {
  return error.code === Code.Unavailable && error.reason === "DEPENDENCY_UNAVAILABLE";
}

type KeyField = "agency" | "label";
const keyInputId: Record<KeyField, string> = { agency: "key-agency", label: "key-label" };

function focusFirst(errors: Partial<Record<KeyField, string>>): boolean {
  const first = (["agency", "label"] as const).find((f) => errors[f]);
  if (!first) return false;
  requestAnimationFrame(() => document.getElementById(keyInputId[first])?.focus());
  return true;
}

// The new key once: why it is not shown again, how to hand it over and how the agency's system
// uses it.
function KeyView({ entry, apiKey, onClose }: { entry: AgencyKey; apiKey: string; onClose(): void }) {
  const { t } = useTranslation();
  const agency = agencyLabel(entry.agency);
  return (
    <OneTimeSecret
      title={t("agencyKeys.keyTitle", { agency })}
      label={t("agencyKeys.keyLabel")}
      secret={apiKey}
      grouped={false}
      once={t("agencyKeys.keyOnce")}
      onClose={onClose}
    >
      <p>{t("agencyKeys.keyHandOver", { agency })}</p>
      <h3 className="dialog__subtitle">{t("agencyKeys.keyUseTitle")}</h3>
      <p>{t("agencyKeys.keyUse")}</p>
      <pre className="code-example" translate="no">
        <code>{`authorization: Bearer ${t("agencyKeys.keyPlaceholder")}`}</code>
      </pre>
      <p>{t("agencyKeys.keyWorks")}</p>
      <p>
        {t("agencyKeys.keyFingerprint")}{" "}
        <code className="fingerprint" translate="no">
          {fingerprintOf(entry.name)}
        </code>
      </p>
    </OneTimeSecret>
  );
}

// "Buat kunci": the agency and the label, then the key once.
export function CreateKeyDialog({ context }: { context: KeysContext }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [agency, setAgency] = useState("");
  const [label, setLabel] = useState("");
  const [errors, setErrors] = useState<Partial<Record<KeyField, string>>>({});
  const [formError, setFormError] = useState<string>();
  const [created, setCreated] = useState<{ key: AgencyKey; apiKey: string }>();
  const pending = context.actions.pending === "create-key";

  function close() {
    setOpen(false);
    setAgency("");
    setLabel("");
    setErrors({});
    setFormError(undefined);
    // The key is gone with the dialog.
    setCreated(undefined);
  }

  function check(): Partial<Record<KeyField, string>> {
    const found: Partial<Record<KeyField, string>> = {};
    const agencyProblem = checkAgency(t, agency);
    if (agencyProblem) found.agency = agencyProblem;
    const labelProblem = fieldRules.check(label, labelRule);
    if (labelProblem?.kind === "required") found.label = t("agencyKeys.labelMissing");
    else if (labelProblem?.kind === "tooLong") found.label = t("agencyKeys.labelTooLong", { max: labelProblem.max, count: labelProblem.length });
    else if (labelProblem?.kind === "forbidden") found.label = t("agencyKeys.labelForbidden", { code: labelProblem.codePoint });
    return found;
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    const found = check();
    setErrors(found);
    setFormError(undefined);
    if (focusFirst(found)) return;
    const request = { agency: `agencies/${agencyIdOf(agency)}`, label: cleanText(label) };
    const result = await context.actions.run("create-key", () => adminClient.createAgencyKey(request));
    if (result.ok) {
      const key = result.value.key;
      if (!key) {
        setFormError(t("errors.unexpected"));
        return;
      }
      setCreated({ key, apiKey: result.value.apiKey });
      context.onMessage({ kind: "success", text: t("agencyKeys.created", { label: key.label, agency: agencyLabel(key.agency) }) });
      context.reload();
      return;
    }
    const error = result.error;
    const fields: Partial<Record<KeyField, string>> = {};
    const other: string[] = [];
    for (const v of error.violations) {
      if (v.field === "agency") fields.agency = t("admin.agencyFormat");
      else if (v.field === "label") fields.label = t("agencyKeys.labelRefused");
      else other.push(t("errors.fieldOther", { field: v.field }));
    }
    setErrors(fields);
    focusFirst(fields);
    if (other.length > 0) setFormError(other.join(" "));
    else if (Object.keys(fields).length > 0) return;
    else if (brokerDown(error)) setFormError(t("agencyKeys.unavailable"));
    else if (error.problem === "unreachable") {
      // It may have been issued without the answer coming back: the list shows it then.
      setFormError(t("agencyKeys.createUnknown", { label: request.label }));
      context.reload();
    } else setFormError(errorText(t, error));
  }

  return (
    <DialogTrigger
      isOpen={open}
      onOpenChange={(next) => {
        if (pending) return;
        if (next) setOpen(true);
        else close();
      }}
    >
      <Button className="button button--primary" isDisabled={context.actions.pending !== undefined && !pending}>
        {t("agencyKeys.create")}
      </Button>
      <AdminModal locked={pending || created !== undefined}>
        {created ? (
          <KeyView entry={created.key} apiKey={created.apiKey} onClose={close} />
        ) : (
          <DialogForm
            title={t("agencyKeys.createTitle")}
            lead={t("agencyKeys.createLead")}
            error={formError}
            submit={t("agencyKeys.createSubmit")}
            tone="primary"
            isPending={pending}
            onSubmit={(e) => void submit(e)}
            onCancel={close}
          >
            <TextField
              className="field"
              value={agency}
              onChange={(value) => {
                setAgency(value);
                setErrors(({ agency: _, ...rest }) => rest);
              }}
              isInvalid={Boolean(errors.agency)}
              isRequired
              autoComplete="off"
            >
              <Label className="field__label">{t("agencyKeys.agencyLabel")}</Label>
              <Text slot="description" className="field__hint">
                {t("admin.agencyHint")}
              </Text>
              {errors.agency && <FieldError className="field__error">{errors.agency}</FieldError>}
              <Input id={keyInputId.agency} className="field__input" autoCapitalize="none" autoCorrect="off" spellCheck={false} />
            </TextField>
            <TextField
              className="field"
              value={label}
              onChange={(value) => {
                setLabel(value);
                setErrors(({ label: _, ...rest }) => rest);
              }}
              isInvalid={Boolean(errors.label)}
              isRequired
              autoComplete="off"
            >
              <Label className="field__label">{t("agencyKeys.labelLabel")}</Label>
              <Text slot="description" className="field__hint">
                {t("agencyKeys.labelHint", { max: labelRule.max_chars })}
              </Text>
              {errors.label && <FieldError className="field__error">{errors.label}</FieldError>}
              <Input id={keyInputId.label} className="field__input field__input--wide" />
            </TextField>
          </DialogForm>
        )}
      </AdminModal>
    </DialogTrigger>
  );
}

// "Cabut": confirmed, naming the key, its agency and what stops.
export function RevokeKeyDialog({ entry, context }: { entry: AgencyKey; context: KeysContext }) {
  const { t } = useTranslation();
  const key = `revoke:${entry.name}`;
  const pending = context.actions.pending === key;
  const [open, setOpen] = useState(false);
  const [formError, setFormError] = useState<string>();
  const agency = agencyLabel(entry.agency);
  const fingerprint = fingerprintOf(entry.name);

  function openChange(next: boolean) {
    if (pending) return;
    setFormError(undefined);
    setOpen(next);
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    setFormError(undefined);
    const result = await context.actions.run(key, () => adminClient.revokeAgencyKey({ name: entry.name }));
    if (result.ok) {
      setOpen(false);
      context.replace(result.value);
      // The row's button is gone.
      context.onMessage({ kind: "success", text: t("agencyKeys.revokedMessage", { label: entry.label, agency }) }, true);
      return;
    }
    const error = result.error;
    if (error.code === Code.NotFound || error.reason === "NOT_FOUND") {
      setOpen(false);
      context.onMessage({ kind: "warning", text: t("agencyKeys.gone") }, true);
      context.reload();
      return;
    }
    setFormError(brokerDown(error) ? t("agencyKeys.revokeUnavailable") : errorText(t, error));
  }

  return (
    <DialogTrigger isOpen={open} onOpenChange={openChange}>
      <Button className="button button--secondary button--small" isDisabled={context.actions.pending !== undefined && !pending}>
        {t("agencyKeys.revoke")}
        <span className="visually-hidden"> {t("agencyKeys.revokeWhich", { label: entry.label, fingerprint })}</span>
      </Button>
      <AdminModal locked={pending} alert>
        <DialogForm
          title={t("agencyKeys.revokeTitle", { label: entry.label })}
          lead={t("agencyKeys.revokeBody", { agency, fingerprint })}
          error={formError}
          submit={t("agencyKeys.revokeSubmit")}
          tone="warning"
          isPending={pending}
          onSubmit={(e) => void submit(e)}
          onCancel={() => openChange(false)}
        />
      </AdminModal>
    </DialogTrigger>
  );
}
