// The admin pages' dialogs: a form (add or change an operator, make a key), a confirmation of
// something that cannot be undone (an alert dialog), and a secret shown once (a new password, a
// new API key). Each runs one action through useActionDialog and shows itself as ActionDialog,
// which owns the trigger button's DialogTrigger and whether it is open. A form or confirmation
// whose answer carries a secret becomes that secret's view in the same dialog, so that nothing
// moves the focus out of it on the way. While an action runs, and while a secret is shown, Escape
// does not close the dialog: only its own buttons do.
import { Code } from "@connectrpc/connect";
import { Fragment, useEffect, useRef, useState } from "react";
import type { FormEvent, ReactElement, ReactNode } from "react";
import {
  Button,
  Dialog,
  DialogTrigger,
  FieldError,
  Form,
  Heading,
  Input,
  Label,
  Modal,
  ModalOverlay,
  Text,
  TextField,
} from "react-aria-components";
import { useTranslation } from "react-i18next";
import type { WorkError } from "../api/errors";
import { Notice } from "../common/messages";
import type { Message } from "../common/messages";
import type { Outcome, useActions } from "../work/use-work";

// What a page gives its dialogs.
export interface DialogContext {
  actions: ReturnType<typeof useActions>;
  // What an action did, in the page's message; `focus`: the message takes the focus (the row's
  // button is gone).
  onMessage(message: Message, focus?: boolean): void;
  // Loads the list again.
  reload(): void;
}

// What the action was on is no longer there (deleted meanwhile).
export function notFound(error: WorkError): boolean {
  return error.code === Code.NotFound || error.reason === "NOT_FOUND";
}

// A dialog whose form runs one action, named `key` among the page's actions: whether it is open,
// whether its action runs (it cannot be closed then), and what went wrong with the last attempt.
// `onOpen` and `onClose` reset what else the dialog holds (its fields, a secret shown once).
export function useActionDialog(
  context: DialogContext,
  key: string,
  { onOpen, onClose }: { onOpen?(): void; onClose?(): void } = {},
) {
  const { actions } = context;
  const pending = actions.pending === key;
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string>();

  function close() {
    setOpen(false);
    setError(undefined);
    onClose?.();
  }

  // The DialogTrigger's: nothing while the action runs.
  function openChange(next: boolean) {
    if (pending) return;
    if (!next) {
      close();
      return;
    }
    onOpen?.();
    setError(undefined);
    setOpen(true);
  }

  function run<T>(call: () => Promise<T>): Promise<Outcome<T>> {
    return actions.run(key, call);
  }

  // Whether `failure` says that what the action was on is gone: then the dialog closes, and the
  // page says `text` (taking the focus: the row's button is gone) and loads the list again.
  function gone(failure: WorkError, text: string): boolean {
    if (!notFound(failure)) return false;
    close();
    context.onMessage({ kind: "warning", text }, true);
    context.reload();
    return true;
  }

  return {
    open,
    pending,
    // Another action runs: the button that opens this dialog waits.
    blocked: actions.pending !== undefined && !pending,
    error,
    setError,
    openChange,
    close,
    run,
    gone,
  };
}

export type ActionDialogState = ReturnType<typeof useActionDialog>;

function AdminModal({
  locked,
  alert = false,
  children,
}: {
  // Escape does not close it (an action runs, or a secret is shown).
  locked: boolean;
  // A confirmation of something that cannot be undone.
  alert?: boolean;
  children: ReactNode;
}) {
  return (
    <ModalOverlay className="modal-overlay" isKeyboardDismissDisabled={locked}>
      <Modal className="modal">
        <Dialog className="dialog" role={alert ? "alertdialog" : "dialog"}>
          {children}
        </Dialog>
      </Modal>
    </ModalOverlay>
  );
}

// Title, lead, what went wrong with the attempt as a whole (in an alert region that is always
// there), then the fields or the words of a confirmation, then the action and "Batal".
function DialogForm({
  title,
  lead,
  error,
  submit,
  tone,
  isPending,
  onSubmit,
  onCancel,
  children,
}: {
  title: string;
  lead?: ReactNode;
  error: string | undefined;
  submit: string;
  // "warning" for what cannot be undone.
  tone: "primary" | "warning";
  isPending: boolean;
  onSubmit(event: FormEvent<HTMLFormElement>): void;
  onCancel(): void;
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <>
      <Heading slot="title" className="dialog__title">
        {title}
      </Heading>
      {typeof lead === "string" ? <p>{lead}</p> : lead}
      <div role="alert">{error && <p className="dialog__error">{error}</p>}</div>
      <Form onSubmit={onSubmit} validationBehavior="aria">
        {children}
        <div className="button-row">
          <Button type="submit" className={`button button--${tone}`} isPending={isPending}>
            {submit}
          </Button>
          <Button className="button button--secondary" onPress={onCancel} isDisabled={isPending}>
            {t("admin.cancel")}
          </Button>
        </div>
      </Form>
    </>
  );
}

// A dialog of `useActionDialog`, opened by `trigger`: its form (`onSubmit` runs the action, not
// while it runs already), or `secret` in its place once the action answered with one.
// `confirm`: a confirmation of something that cannot be undone (an alert dialog, its action in
// the warning tone).
export function ActionDialog({
  dialog,
  trigger,
  confirm = false,
  secret,
  title,
  lead,
  submit,
  onSubmit,
  children,
}: {
  dialog: ActionDialogState;
  trigger: ReactElement;
  confirm?: boolean;
  secret?: ReactElement;
  title: string;
  lead: string;
  submit: string;
  onSubmit(): Promise<void>;
  children?: ReactNode;
}) {
  function submitForm(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (dialog.pending) return;
    dialog.setError(undefined);
    void onSubmit();
  }

  return (
    <DialogTrigger isOpen={dialog.open} onOpenChange={dialog.openChange}>
      {trigger}
      <AdminModal locked={dialog.pending || secret !== undefined} alert={confirm && secret === undefined}>
        {secret !== undefined ? (
          secret
        ) : (
          <DialogForm
            title={title}
            lead={lead}
            error={dialog.error}
            submit={submit}
            tone={confirm ? "warning" : "primary"}
            isPending={dialog.pending}
            onSubmit={submitForm}
            onCancel={() => dialog.openChange(false)}
          >
            {children}
          </DialogForm>
        )}
      </AdminModal>
    </DialogTrigger>
  );
}

// A row's button that opens one of its dialogs: the words, and which row it is for a screen
// reader.
export function RowButton({ label, which, isDisabled }: { label: string; which: string; isDisabled: boolean }) {
  return (
    <Button className="button button--secondary button--small" isDisabled={isDisabled}>
      {label}
      <span className="visually-hidden"> {which}</span>
    </Button>
  );
}

// A required text field of a dialog's form: its label, a hint, what is wrong with it (read out
// with the label), and its input (`inputId`: the first field with a problem takes the focus).
// `identifier`: typed exactly as it is (an id), so not capitalised, corrected or spell-checked;
// else a wide input for words.
export function FormTextField({
  label,
  hint,
  value,
  onChange,
  error,
  inputId,
  identifier = false,
}: {
  label: string;
  hint: string;
  value: string;
  onChange(value: string): void;
  error: string | undefined;
  inputId: string;
  identifier?: boolean;
}) {
  return (
    <TextField className="field" value={value} onChange={onChange} isInvalid={Boolean(error)} isRequired autoComplete="off">
      <Label className="field__label">{label}</Label>
      <Text slot="description" className="field__hint">
        {hint}
      </Text>
      {error && <FieldError className="field__error">{error}</FieldError>}
      {identifier ? (
        <Input id={inputId} className="field__input" autoCapitalize="none" autoCorrect="off" spellCheck={false} />
      ) : (
        <Input id={inputId} className="field__input field__input--wide" />
      )}
    </TextField>
  );
}

// Copies `text`: the Clipboard API where the page may use it (a secure context), else the
// selected text with the older command; whether it worked.
async function copyText(text: string, element: HTMLElement | null): Promise<boolean> {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // Refused (no permission): the older way below.
  }
  if (!element) return false;
  const selection = window.getSelection();
  const range = document.createRange();
  range.selectNodeContents(element);
  selection?.removeAllRanges();
  selection?.addRange(range);
  try {
    return document.execCommand("copy");
  } catch {
    return false;
  }
}

// A secret shown once: why it will not be shown again, the secret itself (copyable; a password
// in groups of four on screen, copied whole) with "Salin", how to hand it over and use it
// (`children`), and "Tutup". Takes the focus when it comes, on its heading, so that a screen reader reads the
// title and then the warning.
export function OneTimeSecret({
  title,
  label,
  secret,
  grouped,
  once,
  onClose,
  children,
}: {
  title: string;
  // What the secret is ("Kata sandi", "Kunci API").
  label: string;
  secret: string;
  // Shown in groups of four characters (a password read out or typed by hand).
  grouped: boolean;
  // Why it will not be shown again.
  once: string;
  onClose(): void;
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  const heading = useRef<HTMLHeadingElement>(null);
  const value = useRef<HTMLParagraphElement>(null);
  const [copied, setCopied] = useState<boolean>();

  useEffect(() => {
    heading.current?.focus();
  }, []);

  async function copy() {
    setCopied(undefined);
    const ok = await copyText(secret, value.current);
    setCopied(ok);
  }

  const groups = grouped ? (secret.match(/.{1,4}/g) ?? [secret]) : [secret];
  return (
    <>
      <Heading slot="title" className="dialog__title" ref={heading} tabIndex={-1}>
        {title}
      </Heading>
      <Notice kind="warning">{once}</Notice>
      <div className="secret">
        <p className="secret__label">
          {label}
        </p>
        {/* The secret as one string (copied, and read by the browser tests) in groups on screen. */}
        <p
          ref={value}
          className={grouped ? "secret__value secret__value--grouped" : "secret__value"}
          data-one-time-secret={secret}
          translate="no"
        >
          {groups.map((g, i) => (
            <Fragment key={i}>
              <span className="secret__group">{g}</span>
              {/* A break opportunity between groups, without a space in the copied text. */}
              {i < groups.length - 1 && <wbr />}
            </Fragment>
          ))}
        </p>
        <div className="button-row">
          <Button className="button button--secondary" onPress={() => void copy()}>
            {t("admin.copy")}
            <span className="visually-hidden"> {label}</span>
          </Button>
          <p role="status" className="secret__copied">
            {copied === true ? t("admin.copied") : copied === false ? t("admin.copyFailed") : ""}
          </p>
        </div>
      </div>
      {children}
      <div className="button-row">
        <Button className="button button--primary" onPress={onClose}>
          {t("admin.close")}
        </Button>
      </div>
    </>
  );
}
