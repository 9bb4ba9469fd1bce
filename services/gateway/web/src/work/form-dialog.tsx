// The modal form every work dialog is (return or reject with a reason, register an identity):
// title and lead, then a problem with the whole attempt (in an alert region that is always
// there, so that it is read out when it comes), the fields, and submit and "Batal". While the
// action runs, the dialog stays: no Escape, no cancel. It goes inside the caller's
// DialogTrigger, which owns the trigger button and whether the dialog is open.
import type { FormEvent, ReactNode } from "react";
import { Button, Dialog, Form, Heading, Modal, ModalOverlay } from "react-aria-components";
import { useTranslation } from "react-i18next";

export function FormDialog({
  title,
  lead,
  error,
  submit,
  tone,
  isPending,
  onSubmit,
  children,
}: {
  title: string;
  lead: string;
  // What went wrong with the attempt as a whole (a field's problem shows at the field).
  error: string | undefined;
  submit: string;
  // "warning" for sending work back to the applicant.
  tone: "primary" | "warning";
  isPending: boolean;
  onSubmit(event: FormEvent<HTMLFormElement>): void;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <ModalOverlay className="modal-overlay" isKeyboardDismissDisabled={isPending}>
      <Modal className="modal">
        <Dialog className="dialog">
          {({ close }) => (
            <>
              <Heading slot="title" className="dialog__title">
                {title}
              </Heading>
              <p>{lead}</p>
              <div role="alert">{error && <p className="dialog__error">{error}</p>}</div>
              <Form onSubmit={onSubmit} validationBehavior="aria">
                {children}
                <div className="button-row">
                  <Button type="submit" className={`button button--${tone}`} isPending={isPending}>
                    {submit}
                  </Button>
                  <Button className="button button--secondary" onPress={close} isDisabled={isPending}>
                    {t("reasonDialog.cancel")}
                  </Button>
                </div>
              </Form>
            </>
          )}
        </Dialog>
      </Modal>
    </ModalOverlay>
  );
}
