// What the admin does to operators, each in a dialog: add one (then its initial password, once),
// change one's display name, roles and agency, reset one's password (then the new one, once),
// reset one's authenticator app, delete one. The gateway refuses what would lock the admin out
// (their own ADMIN, authenticator or account); the page does not offer it, and says so if asked.
import { Code } from "@connectrpc/connect";
import { useRef, useState } from "react";
import { Button } from "react-aria-components";
import { useTranslation } from "react-i18next";
import type { WorkError } from "../api/errors";
import { errorText } from "../common/error-text";
import { idOf } from "../common/format";
import type { OperatorEntry } from "../gen/ams/gateway/v1/admin_service_pb";
import { Role } from "../gen/ams/type/v1/sop_pb";
import { adminClient } from "./api";
import { ActionDialog, OneTimeSecret, RowButton, notFound, useActionDialog } from "./dialogs";
import type { DialogContext } from "./dialogs";
import { OperatorFields, focusFirstError } from "./operator-fields";
import { checkDraft, draftFields, draftViolations, operatorIdOf, requestOf, withoutChanged } from "./operator-form";
import type { DraftErrors, OperatorDraft } from "./operator-form";

export interface OperatorsContext extends DialogContext {
  // Puts an operator as the gateway now answers it into the list.
  replace(entry: OperatorEntry): void;
  // The signed-in admin's own account changed (the shell shows their name).
  onOwnChange(): void;
}

export function operatorLabel(entry: OperatorEntry): string {
  const op = entry.operator;
  return op?.displayName || idOf(op?.name ?? "");
}

// Refused as the admin's own (FAILED_PRECONDITION, INVALID_STATE).
function ownRefused(error: WorkError): boolean {
  return error.code === Code.FailedPrecondition;
}

// A password shown once, with how to hand it over.
function PasswordView({
  entry,
  password,
  fresh,
  onClose,
}: {
  entry: OperatorEntry;
  password: string;
  // A new operator's initial password (else a reset one).
  fresh: boolean;
  onClose(): void;
}) {
  const { t } = useTranslation();
  const name = operatorLabel(entry);
  const id = idOf(entry.operator?.name ?? "");
  const admin = entry.operator?.roles.includes(Role.ADMIN) ?? false;
  return (
    <OneTimeSecret
      title={fresh ? t("operators.passwordTitle", { name }) : t("operators.newPasswordTitle", { name })}
      label={t("operators.passwordLabel")}
      secret={password}
      grouped
      once={t("operators.passwordOnce")}
      onClose={onClose}
    >
      <p>{t("operators.passwordHandOver", { name })}</p>
      <p>
        {t("operators.passwordSignIn", { name, id })}
        {admin && ` ${t("operators.passwordAdmin")}`}
      </p>
    </OneTimeSecret>
  );
}

const emptyDraft: OperatorDraft = { id: "", displayName: "", roles: [], agency: "" };

// "Tambah operator": the form, then the initial password once.
export function AddOperatorDialog({ context }: { context: OperatorsContext }) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<OperatorDraft>(emptyDraft);
  const [errors, setErrors] = useState<DraftErrors>({});
  const [created, setCreated] = useState<{ entry: OperatorEntry; password: string }>();
  const dialog = useActionDialog(context, "add", {
    onClose() {
      setDraft(emptyDraft);
      setErrors({});
      // The password is gone with the dialog.
      setCreated(undefined);
    },
  });
  const change = (next: OperatorDraft) => {
    setErrors((e) => withoutChanged(e, draft, next));
    setDraft(next);
  };
  // The id of an attempt that got no answer: it may exist now, made by that attempt.
  const unanswered = useRef<string>(undefined);

  async function submit() {
    const found = checkDraft(t, draft, true);
    setErrors(found);
    if (focusFirstError(found, draftFields)) return;
    const request = requestOf(draft);
    const id = operatorIdOf(draft.id);
    const result = await dialog.run(() => adminClient.createOperator(request));
    if (result.ok) {
      const entry = result.value.operator;
      unanswered.current = undefined;
      if (!entry) {
        dialog.setError(t("errors.unexpected"));
        return;
      }
      setCreated({ entry, password: result.value.initialPassword });
      context.onMessage({ kind: "success", text: t("operators.added", { name: operatorLabel(entry), id }) });
      context.reload();
      return;
    }
    const error = result.error;
    if (error.code === Code.AlreadyExists) {
      const taken: DraftErrors = {
        id: unanswered.current === id ? t("operators.idTakenMaybeYours", { id }) : t("operators.idTaken", { id }),
      };
      setErrors(taken);
      focusFirstError(taken, draftFields);
      return;
    }
    const { fields, other } = draftViolations(t, error.violations);
    setErrors(fields);
    focusFirstError(fields, draftFields);
    if (other.length > 0) dialog.setError(other.join(" "));
    else if (Object.keys(fields).length > 0) return;
    else if (error.problem === "unreachable") {
      unanswered.current = id;
      dialog.setError(t("operators.addUnknown", { id }));
    } else dialog.setError(errorText(t, error));
  }

  return (
    <ActionDialog
      dialog={dialog}
      trigger={
        <Button className="button button--primary" isDisabled={dialog.blocked}>
          {t("operators.add")}
        </Button>
      }
      secret={created ? <PasswordView entry={created.entry} password={created.password} fresh onClose={dialog.close} /> : undefined}
      title={t("operators.addTitle")}
      lead={t("operators.addLead")}
      submit={t("operators.addSubmit")}
      onSubmit={submit}
    >
      <OperatorFields draft={draft} onChange={change} errors={errors} withId />
    </ActionDialog>
  );
}

function draftOf(entry: OperatorEntry): OperatorDraft {
  const op = entry.operator;
  return {
    id: idOf(op?.name ?? ""),
    displayName: op?.displayName ?? "",
    roles: [...(op?.roles ?? [])],
    agency: op?.agency ? idOf(op.agency) : "",
  };
}

// "Ubah": display name, roles, agency.
export function EditOperatorDialog({ entry, own, context }: { entry: OperatorEntry; own: boolean; context: OperatorsContext }) {
  const { t } = useTranslation();
  const name = entry.operator?.name ?? "";
  const label = operatorLabel(entry);
  const [draft, setDraft] = useState<OperatorDraft>(() => draftOf(entry));
  const [errors, setErrors] = useState<DraftErrors>({});
  const dialog = useActionDialog(context, `edit:${name}`, {
    onOpen() {
      setDraft(draftOf(entry));
      setErrors({});
    },
    onClose() {
      setErrors({});
    },
  });
  const change = (next: OperatorDraft) => {
    setErrors((e) => withoutChanged(e, draft, next));
    setDraft(next);
  };

  async function submit() {
    const found = checkDraft(t, draft, false);
    setErrors(found);
    if (focusFirstError(found, draftFields)) return;
    const { displayName, roles, agency } = requestOf(draft);
    const result = await dialog.run(() => adminClient.updateOperator({ name, displayName, roles, agency }));
    if (result.ok) {
      dialog.close();
      context.replace(result.value);
      context.onMessage({ kind: "success", text: t("operators.saved", { name: operatorLabel(result.value) }) });
      if (own) context.onOwnChange();
      return;
    }
    const error = result.error;
    if (dialog.gone(error, t("operators.gone"))) return;
    if (ownRefused(error)) {
      dialog.setError(t("operators.ownAdmin"));
      return;
    }
    const { fields, other } = draftViolations(t, error.violations);
    setErrors(fields);
    focusFirstError(fields, draftFields);
    if (other.length > 0) dialog.setError(other.join(" "));
    else if (Object.keys(fields).length === 0) dialog.setError(errorText(t, error));
  }

  return (
    <ActionDialog
      dialog={dialog}
      trigger={<RowButton label={t("operators.edit")} which={label} isDisabled={dialog.blocked} />}
      title={t("operators.editTitle", { name: label })}
      lead={t("operators.editLead", { id: idOf(name) })}
      submit={t("operators.editSubmit")}
      onSubmit={submit}
    >
      <OperatorFields draft={draft} onChange={change} errors={errors} withId={false} ownAccount={own} />
    </ActionDialog>
  );
}

// "Atur ulang kata sandi": confirmed, then the new password once.
export function ResetPasswordDialog({ entry, context }: { entry: OperatorEntry; context: OperatorsContext }) {
  const { t } = useTranslation();
  const name = entry.operator?.name ?? "";
  const label = operatorLabel(entry);
  const [reset, setReset] = useState<{ entry: OperatorEntry; password: string }>();
  const dialog = useActionDialog(context, `password:${name}`, { onClose: () => setReset(undefined) });

  async function submit() {
    const result = await dialog.run(() => adminClient.resetOperatorPassword({ name }));
    if (result.ok) {
      const now = result.value.operator ?? entry;
      setReset({ entry: now, password: result.value.newPassword });
      context.replace(now);
      context.onMessage({ kind: "success", text: t("operators.passwordReset", { name: operatorLabel(now) }) });
      return;
    }
    const error = result.error;
    if (dialog.gone(error, t("operators.gone"))) return;
    if (ownRefused(error)) dialog.setError(t("operators.ownRefused"));
    else if (error.problem === "unreachable") dialog.setError(t("operators.resetUnknown"));
    else dialog.setError(errorText(t, error));
  }

  return (
    <ActionDialog
      dialog={dialog}
      trigger={<RowButton label={t("operators.resetPassword")} which={label} isDisabled={dialog.blocked} />}
      confirm
      secret={reset ? <PasswordView entry={reset.entry} password={reset.password} fresh={false} onClose={dialog.close} /> : undefined}
      title={t("operators.resetPasswordTitle", { name: label })}
      lead={t("operators.resetPasswordBody", { name: label })}
      submit={t("operators.resetPasswordSubmit")}
      onSubmit={submit}
    />
  );
}

// "Atur ulang autentikator" (a lost or replaced phone): confirmed; the operator enrols again at
// their next sign-in.
export function ResetSecondFactorDialog({ entry, context }: { entry: OperatorEntry; context: OperatorsContext }) {
  const { t } = useTranslation();
  const name = entry.operator?.name ?? "";
  const label = operatorLabel(entry);
  const dialog = useActionDialog(context, `factor:${name}`);

  async function submit() {
    const result = await dialog.run(() => adminClient.resetOperatorSecondFactor({ name }));
    if (result.ok) {
      dialog.close();
      context.onMessage({ kind: "success", text: t("operators.secondFactorReset", { name: operatorLabel(result.value) }) }, true);
      // The button goes with the authenticator app.
      context.replace(result.value);
      return;
    }
    if (dialog.gone(result.error, t("operators.gone"))) return;
    dialog.setError(ownRefused(result.error) ? t("operators.ownRefused") : errorText(t, result.error));
  }

  return (
    <ActionDialog
      dialog={dialog}
      trigger={<RowButton label={t("operators.resetSecondFactor")} which={label} isDisabled={dialog.blocked} />}
      confirm
      title={t("operators.resetSecondFactorTitle", { name: label })}
      lead={t("operators.resetSecondFactorBody", { name: label })}
      submit={t("operators.resetSecondFactorSubmit")}
      onSubmit={submit}
    />
  );
}

// "Hapus": confirmed by name; the operator can no longer sign in.
export function DeleteOperatorDialog({ entry, context }: { entry: OperatorEntry; context: OperatorsContext }) {
  const { t } = useTranslation();
  const name = entry.operator?.name ?? "";
  const label = operatorLabel(entry);
  const id = idOf(name);
  const dialog = useActionDialog(context, `delete:${name}`);

  async function submit() {
    const result = await dialog.run(() => adminClient.deleteOperator({ name }));
    // Gone already (deleted in another tab, or by another admin): as the admin wanted.
    if (result.ok || notFound(result.error)) {
      dialog.close();
      context.onMessage({ kind: "success", text: t("operators.deleted", { name: label, id }) }, true);
      context.reload();
      return;
    }
    dialog.setError(ownRefused(result.error) ? t("operators.ownRefused") : errorText(t, result.error));
  }

  return (
    <ActionDialog
      dialog={dialog}
      trigger={<RowButton label={t("operators.delete")} which={label} isDisabled={dialog.blocked} />}
      confirm
      title={t("operators.deleteTitle", { name: label })}
      lead={t("operators.deleteBody", { name: label, id })}
      submit={t("operators.deleteSubmit", { name: label })}
      onSubmit={submit}
    />
  );
}
