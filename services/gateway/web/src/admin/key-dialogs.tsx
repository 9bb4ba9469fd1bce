// An agency's API key: made ("Buat kunci": the agency and what the key is for; then the key once,
// with how the agency's system uses it) and revoked ("Cabut", confirmed: the agency's system
// stops working with it at once). Both are recorded on the broker that every service follows,
// so both are refused, with nothing done, while it is down.
import { Code } from "@connectrpc/connect";
import { useState } from "react";
import { Button } from "react-aria-components";
import { useTranslation } from "react-i18next";
import type { WorkError } from "../api/errors";
import { errorText } from "../common/error-text";
import { cleanText, fieldRules } from "../common/field-rules";
import { agencyLabel, idOf } from "../common/format";
import type { AgencyKey } from "../gen/ams/gateway/v1/admin_service_pb";
import { adminClient } from "./api";
import { ActionDialog, FormTextField, OneTimeSecret, RowButton, useActionDialog } from "./dialogs";
import type { DialogContext } from "./dialogs";
import { agencyIdOf, checkAgency } from "./operator-form";

export interface KeysContext extends DialogContext {
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
  const [agency, setAgency] = useState("");
  const [label, setLabel] = useState("");
  const [errors, setErrors] = useState<Partial<Record<KeyField, string>>>({});
  const [created, setCreated] = useState<{ key: AgencyKey; apiKey: string }>();
  const dialog = useActionDialog(context, "create-key", {
    onClose() {
      setAgency("");
      setLabel("");
      setErrors({});
      // The key is gone with the dialog.
      setCreated(undefined);
    },
  });

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

  async function submit() {
    const found = check();
    setErrors(found);
    if (focusFirst(found)) return;
    const request = { agency: `agencies/${agencyIdOf(agency)}`, label: cleanText(label) };
    const result = await dialog.run(() => adminClient.createAgencyKey(request));
    if (result.ok) {
      const key = result.value.key;
      if (!key) {
        dialog.setError(t("errors.unexpected"));
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
    if (other.length > 0) dialog.setError(other.join(" "));
    else if (Object.keys(fields).length > 0) return;
    else if (brokerDown(error)) dialog.setError(t("agencyKeys.unavailable"));
    else if (error.problem === "unreachable") {
      // It may have been issued without the answer coming back: the list shows it then.
      dialog.setError(t("agencyKeys.createUnknown", { label: request.label }));
      context.reload();
    } else dialog.setError(errorText(t, error));
  }

  return (
    <ActionDialog
      dialog={dialog}
      trigger={
        <Button className="button button--primary" isDisabled={dialog.blocked}>
          {t("agencyKeys.create")}
        </Button>
      }
      secret={created ? <KeyView entry={created.key} apiKey={created.apiKey} onClose={dialog.close} /> : undefined}
      title={t("agencyKeys.createTitle")}
      lead={t("agencyKeys.createLead")}
      submit={t("agencyKeys.createSubmit")}
      onSubmit={submit}
    >
      <FormTextField
        label={t("agencyKeys.agencyLabel")}
        hint={t("admin.agencyHint")}
        value={agency}
        onChange={(value) => {
          setAgency(value);
          setErrors(({ agency: _, ...rest }) => rest);
        }}
        error={errors.agency}
        inputId={keyInputId.agency}
        identifier
      />
      <FormTextField
        label={t("agencyKeys.labelLabel")}
        hint={t("agencyKeys.labelHint", { max: labelRule.max_chars })}
        value={label}
        onChange={(value) => {
          setLabel(value);
          setErrors(({ label: _, ...rest }) => rest);
        }}
        error={errors.label}
        inputId={keyInputId.label}
      />
    </ActionDialog>
  );
}

// "Cabut": confirmed, naming the key, its agency and what stops.
export function RevokeKeyDialog({ entry, context }: { entry: AgencyKey; context: KeysContext }) {
  const { t } = useTranslation();
  const dialog = useActionDialog(context, `revoke:${entry.name}`);
  const agency = agencyLabel(entry.agency);
  const fingerprint = fingerprintOf(entry.name);

  async function submit() {
    const result = await dialog.run(() => adminClient.revokeAgencyKey({ name: entry.name }));
    if (result.ok) {
      dialog.close();
      context.replace(result.value);
      // The row's button is gone.
      context.onMessage({ kind: "success", text: t("agencyKeys.revokedMessage", { label: entry.label, agency }) }, true);
      return;
    }
    if (dialog.gone(result.error, t("agencyKeys.gone"))) return;
    dialog.setError(brokerDown(result.error) ? t("agencyKeys.revokeUnavailable") : errorText(t, result.error));
  }

  return (
    <ActionDialog
      dialog={dialog}
      trigger={
        <RowButton
          label={t("agencyKeys.revoke")}
          which={t("agencyKeys.revokeWhich", { label: entry.label, fingerprint })}
          isDisabled={dialog.blocked}
        />
      }
      confirm
      title={t("agencyKeys.revokeTitle", { label: entry.label })}
      lead={t("agencyKeys.revokeBody", { agency, fingerprint })}
      submit={t("agencyKeys.revokeSubmit")}
      onSubmit={submit}
    />
  );
}
