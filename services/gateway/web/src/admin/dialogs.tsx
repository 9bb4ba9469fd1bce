// The admin pages' dialogs, each inside the caller's DialogTrigger (which owns the trigger button
// and whether it is open): a form (add or change an operator, make a key), a confirmation of
// something that cannot be undone (an alert dialog), and a secret shown once (a new password, a
// new API key). A form or confirmation whose answer carries a secret becomes that secret's view
// in the same dialog, so that nothing moves the focus out of it on the way. While an action runs,
// and while a secret is shown, Escape does not close the dialog: only its own buttons do.
import { Fragment, useEffect, useRef, useState } from "react";
import type { FormEvent, ReactNode } from "react";
import { Button, Dialog, Form, Heading, Modal, ModalOverlay } from "react-aria-components";
import { useTranslation } from "react-i18next";
import { Notice } from "../common/messages";

export function AdminModal({
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
export function DialogForm({
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
