// What the admin does to operators, each in a dialog: add one (then its initial password, once),
// change one's display name, roles and agency, reset one's password (then the new one, once),
// reset one's authenticator app, delete one. The gateway refuses what would lock the admin out
// (their own ADMIN, authenticator or account); the page does not offer it, and says so if asked.
import { Code } from "@connectrpc/connect";
import { useRef, useState } from "react";
import type { FormEvent } from "react";
import { Button, DialogTrigger } from "react-aria-components";
import { useTranslation } from "react-i18next";
import type { WorkError } from "../api/errors";
import { errorText } from "../common/error-text";
import { idOf } from "../common/format";
import type { Message } from "../common/messages";
import type { OperatorEntry } from "../gen/ams/gateway/v1/admin_service_pb";
import { Role } from "../gen/ams/type/v1/sop_pb";
import type { useActions } from "../work/use-work";
import { adminClient } from "./api";
import { AdminModal, DialogForm, OneTimeSecret } from "./dialogs";
import { OperatorFields, focusFirstError } from "./operator-fields";
import { checkDraft, draftFields, draftViolations, operatorIdOf, requestOf, withoutChanged } from "./operator-form";
import type { DraftErrors, OperatorDraft } from "./operator-form";

export interface OperatorsContext {
  actions: ReturnType<typeof useActions>;
  // What an action did, in the page's message; `focus`: the message takes the focus (the row's
  // button is gone).
  onMessage(message: Message, focus?: boolean): void;
  // Loads the list again.
  reload(): void;
  // Puts an operator as the gateway now answers it into the list.
  replace(entry: OperatorEntry): void;
  // The signed-in admin's own account changed (the shell shows their name).
  onOwnChange(): void;
}

export function operatorLabel(entry: OperatorEntry): string {
  const op = entry.operator;
  return op?.displayName || idOf(op?.name ?? "");
}

// The operator is no longer there (deleted meanwhile).
function gone(error: WorkError): boolean {
  return error.code === Code.NotFound || error.reason === "NOT_FOUND";
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
  const [open, setOpen] = useState(false);
  const [draft, setDraft] = useState<OperatorDraft>(emptyDraft);
  const [errors, setErrors] = useState<DraftErrors>({});
  const [formError, setFormError] = useState<string>();
  const [created, setCreated] = useState<{ entry: OperatorEntry; password: string }>();
  const change = (next: OperatorDraft) => {
    setErrors((e) => withoutChanged(e, draft, next));
    setDraft(next);
  };
  // The id of an attempt that got no answer: it may exist now, made by that attempt.
  const unanswered = useRef<string>(undefined);
  const pending = context.actions.pending === "add";

  function close() {
    setOpen(false);
    setDraft(emptyDraft);
    setErrors({});
    setFormError(undefined);
    // The password is gone with the dialog.
    setCreated(undefined);
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    const found = checkDraft(t, draft, true);
    setErrors(found);
    setFormError(undefined);
    if (focusFirstError(found, draftFields)) return;
    const request = requestOf(draft);
    const id = operatorIdOf(draft.id);
    const result = await context.actions.run("add", () => adminClient.createOperator(request));
    if (result.ok) {
      const entry = result.value.operator;
      unanswered.current = undefined;
      if (!entry) {
        setFormError(t("errors.unexpected"));
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
    if (other.length > 0) setFormError(other.join(" "));
    else if (Object.keys(fields).length > 0) return;
    else if (error.problem === "unreachable") {
      unanswered.current = id;
      setFormError(t("operators.addUnknown", { id }));
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
        {t("operators.add")}
      </Button>
      <AdminModal locked={pending || created !== undefined}>
        {created ? (
          <PasswordView entry={created.entry} password={created.password} fresh onClose={close} />
        ) : (
          <DialogForm
            title={t("operators.addTitle")}
            lead={t("operators.addLead")}
            error={formError}
            submit={t("operators.addSubmit")}
            tone="primary"
            isPending={pending}
            onSubmit={(e) => void submit(e)}
            onCancel={close}
          >
            <OperatorFields draft={draft} onChange={change} errors={errors} withId />
          </DialogForm>
        )}
      </AdminModal>
    </DialogTrigger>
  );
}

// The row's button that opens one of its dialogs: the words, and whose row it is for a screen
// reader.
function RowButton({ label, name, isDisabled }: { label: string; name: string; isDisabled: boolean }) {
  return (
    <Button className="button button--secondary button--small" isDisabled={isDisabled}>
      {label}
      <span className="visually-hidden"> {name}</span>
    </Button>
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
  const key = `edit:${name}`;
  const pending = context.actions.pending === key;
  const [open, setOpen] = useState(false);
  const [draft, setDraft] = useState<OperatorDraft>(() => draftOf(entry));
  const [errors, setErrors] = useState<DraftErrors>({});
  const [formError, setFormError] = useState<string>();
  const change = (next: OperatorDraft) => {
    setErrors((e) => withoutChanged(e, draft, next));
    setDraft(next);
  };

  function openChange(next: boolean) {
    if (pending) return;
    if (next) setDraft(draftOf(entry));
    setErrors({});
    setFormError(undefined);
    setOpen(next);
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    const found = checkDraft(t, draft, false);
    setErrors(found);
    setFormError(undefined);
    if (focusFirstError(found, draftFields)) return;
    const { displayName, roles, agency } = requestOf(draft);
    const result = await context.actions.run(key, () => adminClient.updateOperator({ name, displayName, roles, agency }));
    if (result.ok) {
      setOpen(false);
      context.replace(result.value);
      context.onMessage({ kind: "success", text: t("operators.saved", { name: operatorLabel(result.value) }) });
      if (own) context.onOwnChange();
      return;
    }
    const error = result.error;
    if (gone(error)) {
      setOpen(false);
      context.onMessage({ kind: "warning", text: t("operators.gone") }, true);
      context.reload();
      return;
    }
    if (ownRefused(error)) {
      setFormError(t("operators.ownAdmin"));
      return;
    }
    const { fields, other } = draftViolations(t, error.violations);
    setErrors(fields);
    focusFirstError(fields, draftFields);
    if (other.length > 0) setFormError(other.join(" "));
    else if (Object.keys(fields).length === 0) setFormError(errorText(t, error));
  }

  return (
    <DialogTrigger isOpen={open} onOpenChange={openChange}>
      <RowButton label={t("operators.edit")} name={label} isDisabled={context.actions.pending !== undefined && !pending} />
      <AdminModal locked={pending}>
        <DialogForm
          title={t("operators.editTitle", { name: label })}
          lead={t("operators.editLead", { id: idOf(name) })}
          error={formError}
          submit={t("operators.editSubmit")}
          tone="primary"
          isPending={pending}
          onSubmit={(e) => void submit(e)}
          onCancel={() => openChange(false)}
        >
          <OperatorFields draft={draft} onChange={change} errors={errors} withId={false} ownAccount={own} />
        </DialogForm>
      </AdminModal>
    </DialogTrigger>
  );
}

// "Atur ulang kata sandi": confirmed, then the new password once.
export function ResetPasswordDialog({ entry, context }: { entry: OperatorEntry; context: OperatorsContext }) {
  const { t } = useTranslation();
  const name = entry.operator?.name ?? "";
  const label = operatorLabel(entry);
  const key = `password:${name}`;
  const pending = context.actions.pending === key;
  const [open, setOpen] = useState(false);
  const [formError, setFormError] = useState<string>();
  const [reset, setReset] = useState<{ entry: OperatorEntry; password: string }>();

  function close() {
    setOpen(false);
    setFormError(undefined);
    setReset(undefined);
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    setFormError(undefined);
    const result = await context.actions.run(key, () => adminClient.resetOperatorPassword({ name }));
    if (result.ok) {
      const now = result.value.operator ?? entry;
      setReset({ entry: now, password: result.value.newPassword });
      context.replace(now);
      context.onMessage({ kind: "success", text: t("operators.passwordReset", { name: operatorLabel(now) }) });
      return;
    }
    const error = result.error;
    if (gone(error)) {
      close();
      context.onMessage({ kind: "warning", text: t("operators.gone") }, true);
      context.reload();
      return;
    }
    if (ownRefused(error)) setFormError(t("operators.ownRefused"));
    else if (error.problem === "unreachable") setFormError(t("operators.resetUnknown"));
    else setFormError(errorText(t, error));
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
      <RowButton label={t("operators.resetPassword")} name={label} isDisabled={context.actions.pending !== undefined && !pending} />
      <AdminModal locked={pending || reset !== undefined} alert={reset === undefined}>
        {reset ? (
          <PasswordView entry={reset.entry} password={reset.password} fresh={false} onClose={close} />
        ) : (
          <DialogForm
            title={t("operators.resetPasswordTitle", { name: label })}
            lead={t("operators.resetPasswordBody", { name: label })}
            error={formError}
            submit={t("operators.resetPasswordSubmit")}
            tone="warning"
            isPending={pending}
            onSubmit={(e) => void submit(e)}
            onCancel={close}
          />
        )}
      </AdminModal>
    </DialogTrigger>
  );
}

// "Atur ulang autentikator" (a lost or replaced phone): confirmed; the operator enrols again at
// their next sign-in.
export function ResetSecondFactorDialog({ entry, context }: { entry: OperatorEntry; context: OperatorsContext }) {
  const { t } = useTranslation();
  const name = entry.operator?.name ?? "";
  const label = operatorLabel(entry);
  const key = `factor:${name}`;
  const pending = context.actions.pending === key;
  const [open, setOpen] = useState(false);
  const [formError, setFormError] = useState<string>();

  function openChange(next: boolean) {
    if (pending) return;
    setFormError(undefined);
    setOpen(next);
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    setFormError(undefined);
    const result = await context.actions.run(key, () => adminClient.resetOperatorSecondFactor({ name }));
    if (result.ok) {
      setOpen(false);
      context.onMessage({ kind: "success", text: t("operators.secondFactorReset", { name: operatorLabel(result.value) }) }, true);
      // The button goes with the authenticator app.
      context.replace(result.value);
      return;
    }
    const error = result.error;
    if (gone(error)) {
      setOpen(false);
      context.onMessage({ kind: "warning", text: t("operators.gone") }, true);
      context.reload();
      return;
    }
    setFormError(ownRefused(error) ? t("operators.ownRefused") : errorText(t, error));
  }

  return (
    <DialogTrigger isOpen={open} onOpenChange={openChange}>
      <RowButton label={t("operators.resetSecondFactor")} name={label} isDisabled={context.actions.pending !== undefined && !pending} />
      <AdminModal locked={pending} alert>
        <DialogForm
          title={t("operators.resetSecondFactorTitle", { name: label })}
          lead={t("operators.resetSecondFactorBody", { name: label })}
          error={formError}
          submit={t("operators.resetSecondFactorSubmit")}
          tone="warning"
          isPending={pending}
          onSubmit={(e) => void submit(e)}
          onCancel={() => openChange(false)}
        />
      </AdminModal>
    </DialogTrigger>
  );
}

// "Hapus": confirmed by name; the operator can no longer sign in.
export function DeleteOperatorDialog({ entry, context }: { entry: OperatorEntry; context: OperatorsContext }) {
  const { t } = useTranslation();
  const name = entry.operator?.name ?? "";
  const label = operatorLabel(entry);
  const id = idOf(name);
  const key = `delete:${name}`;
  const pending = context.actions.pending === key;
  const [open, setOpen] = useState(false);
  const [formError, setFormError] = useState<string>();

  function openChange(next: boolean) {
    if (pending) return;
    setFormError(undefined);
    setOpen(next);
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    setFormError(undefined);
    const result = await context.actions.run(key, () => adminClient.deleteOperator({ name }));
    // Gone already (deleted in another tab, or by another admin): as the admin wanted.
    if (result.ok || gone(result.error)) {
      setOpen(false);
      context.onMessage({ kind: "success", text: t("operators.deleted", { name: label, id }) }, true);
      context.reload();
      return;
    }
    setFormError(ownRefused(result.error) ? t("operators.ownRefused") : errorText(t, result.error));
  }

  return (
    <DialogTrigger isOpen={open} onOpenChange={openChange}>
      <RowButton label={t("operators.delete")} name={label} isDisabled={context.actions.pending !== undefined && !pending} />
      <AdminModal locked={pending} alert>
        <DialogForm
          title={t("operators.deleteTitle", { name: label })}
          lead={t("operators.deleteBody", { name: label, id })}
          error={formError}
          submit={t("operators.deleteSubmit", { name: label })}
          tone="warning"
          isPending={pending}
          onSubmit={(e) => void submit(e)}
          onCancel={() => openChange(false)}
        />
      </AdminModal>
    </DialogTrigger>
  );
}
