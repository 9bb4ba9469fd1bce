// Sending work back to the applicant (return at step 2, reject at step 5): a dialog that asks
// the kind of reason and the words the applicant will read, both required. The applicant reads
// the text exactly as written here.
import { useState } from "react";
import type { FormEvent } from "react";
import {
  Button,
  DialogTrigger,
  FieldError,
  Label,
  Radio,
  RadioGroup,
  Text,
  TextArea,
  TextField,
} from "react-aria-components";
import { useTranslation } from "react-i18next";
import type { WorkError } from "../api/errors";
import { errorText, violationText } from "../common/error-text";
import { reasonCodeKey, reasonCodes } from "../common/labels";
import { ReasonCode } from "../gen/ams/type/v1/sop_pb";
import { FormDialog } from "./form-dialog";

export interface ReasonInput {
  code: ReasonCode;
  text: string;
}

interface Props {
  trigger: string;
  title: string;
  lead: string;
  submit: string;
  isDisabled: boolean;
  isPending: boolean;
  // undefined when done (the dialog closes); else why not, shown in the dialog.
  onSubmit(reason: ReasonInput): Promise<WorkError | undefined>;
}

interface Errors {
  code?: string;
  text?: string;
  form?: string;
}

export function ReasonDialog({ trigger, title, lead, submit, isDisabled, isPending, onSubmit }: Props) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [code, setCode] = useState("");
  const [text, setText] = useState("");
  const [errors, setErrors] = useState<Errors>({});

  function openChange(next: boolean) {
    if (isPending) return;
    setOpen(next);
    if (next) setErrors({});
  }

  async function send(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (isPending) return;
    const missing: Errors = {};
    if (code === "") missing.code = t("errors.fieldReasonCode");
    if (text.trim() === "") missing.text = t("errors.fieldReasonText");
    setErrors(missing);
    if (missing.code || missing.text) return;
    const error = await onSubmit({ code: Number(code) as ReasonCode, text: text.trim() });
    if (!error) {
      setOpen(false);
      setCode("");
      setText("");
      return;
    }
    const next: Errors = {};
    for (const v of error.violations) {
      if (v.field === "reason.text") next.text = violationText(t, v);
      else if (v.field === "reason.code" || v.field === "reason") next.code = violationText(t, v);
      else next.form = violationText(t, v);
    }
    if (!next.code && !next.text && !next.form) next.form = errorText(t, error);
    setErrors(next);
  }

  return (
    <DialogTrigger isOpen={open} onOpenChange={openChange}>
      <Button className="button button--secondary" isDisabled={isDisabled}>
        {trigger}
      </Button>
      <FormDialog
        title={title}
        lead={lead}
        error={errors.form}
        submit={submit}
        tone="warning"
        isPending={isPending}
        onSubmit={(e) => void send(e)}
      >
        <RadioGroup
          className="field radio-group"
          value={code}
          onChange={setCode}
          isInvalid={Boolean(errors.code)}
          isRequired
        >
          <Label className="field__label">{t("reasonDialog.code")}</Label>
          {errors.code && <FieldError className="field__error">{errors.code}</FieldError>}
          {reasonCodes.map((c) => (
            <Radio key={c} value={String(c)} className="radio">
              {t(reasonCodeKey[c])}
            </Radio>
          ))}
        </RadioGroup>
        <TextField className="field" value={text} onChange={setText} isInvalid={Boolean(errors.text)} isRequired>
          <Label className="field__label">{t("reasonDialog.text")}</Label>
          <Text slot="description" className="field__hint">
            {t("reasonDialog.textHint")}
          </Text>
          {errors.text && <FieldError className="field__error">{errors.text}</FieldError>}
          <TextArea className="field__input field__textarea" rows={4} />
        </TextField>
      </FormDialog>
    </DialogTrigger>
  );
}
