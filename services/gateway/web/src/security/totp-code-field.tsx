// The authenticator app's six-digit code, wherever it is asked for (confirming the enrolment,
// signing in): a phone shows its number pad, a password manager may fill it in, and seven
// characters fit a code typed as "123 456".
import type { Ref } from "react";
import { FieldError, Input, Label, Text, TextField } from "react-aria-components";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";

// The input's id, for the error summary's link to it.
export const totpCodeId = "totp-code";

// The code as typed, without its spaces ("123 456" → "123456"), and the field's problem when it
// is not six digits (undefined when it is).
export function checkTotpCode(t: TFunction, code: string): { digits: string; error: string | undefined } {
  const digits = code.replace(/\s+/g, "");
  if (/^\d{6}$/.test(digits)) return { digits, error: undefined };
  return { digits, error: digits === "" ? t("errors.codeMissing") : t("errors.codeFormat") };
}

export function TotpCodeField({
  value,
  onChange,
  error,
  isInvalid = Boolean(error),
  inputRef,
}: {
  value: string;
  onChange(value: string): void;
  // The field's own problem, shown at the field.
  error: string | undefined;
  // Also without a message of its own (the attempt as a whole was refused).
  isInvalid?: boolean;
  inputRef?: Ref<HTMLInputElement>;
}) {
  const { t } = useTranslation();
  return (
    <TextField
      className="field"
      name="totp"
      value={value}
      onChange={onChange}
      isInvalid={isInvalid}
      inputMode="numeric"
      autoComplete="one-time-code"
      maxLength={7}
    >
      <Label className="field__label">{t("totp.codeLabel")}</Label>
      <Text slot="description" className="field__hint">
        {t("totp.codeHint")}
      </Text>
      {error && <FieldError className="field__error">{error}</FieldError>}
      <Input
        ref={inputRef}
        id={totpCodeId}
        className="field__input field__input--code"
        autoCapitalize="none"
        autoCorrect="off"
        spellCheck={false}
      />
    </TextField>
  );
}
