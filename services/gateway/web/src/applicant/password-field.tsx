// A password input with "Tampilkan" beside it (GOV.UK's password input): the button shows what
// was typed, for a phone's small keys, and then reads "Sembunyikan"; its name says which field
// ("Tampilkan kata sandi baru"), so that three of them on one page are told apart, and a
// screen reader hears whether the password is now visible.
import { useState } from "react";
import type { Ref } from "react";
import { Button, FieldError, Input, Label, Text, TextField } from "react-aria-components";
import { useTranslation } from "react-i18next";

export function PasswordField({
  id,
  label,
  value,
  onChange,
  error,
  isInvalid = Boolean(error),
  autoComplete,
  hint,
  describedBy,
  inputRef,
  onBlur,
}: {
  id: string;
  label: string;
  value: string;
  onChange(value: string): void;
  error?: string | undefined;
  isInvalid?: boolean;
  autoComplete: "current-password" | "new-password";
  hint?: string;
  // More that describes the input (the rules, the live check).
  describedBy?: string;
  inputRef?: Ref<HTMLInputElement>;
  onBlur?: () => void;
}) {
  const { t } = useTranslation();
  const [shown, setShown] = useState(false);
  // Said once the applicant pressed the button (not when the page comes).
  const [said, setSaid] = useState("");
  // The field's name inside a sentence: "Tampilkan kata sandi baru".
  const field = label.charAt(0).toLocaleLowerCase() + label.slice(1);
  return (
    <TextField
      className="field"
      name={id}
      type={shown ? "text" : "password"}
      value={value}
      onChange={onChange}
      isInvalid={isInvalid}
      autoComplete={autoComplete}
      {...(onBlur ? { onBlur } : {})}
      {...(describedBy ? { "aria-describedby": describedBy } : {})}
    >
      <Label className="field__label">{label}</Label>
      {hint && (
        <Text slot="description" className="field__hint">
          {hint}
        </Text>
      )}
      {error && <FieldError className="field__error">{error}</FieldError>}
      <div className="password-input">
        <Input
          ref={inputRef}
          id={id}
          className="field__input password-input__input"
          autoCapitalize="none"
          autoCorrect="off"
          spellCheck={false}
        />
        <Button
          className="button button--secondary password-input__toggle"
          aria-controls={id}
          aria-label={shown ? t("passwordField.hideLabel", { field }) : t("passwordField.showLabel", { field })}
          onPress={() => {
            setSaid(shown ? t("passwordField.hidden", { field: label }) : t("passwordField.shown", { field: label }));
            setShown(!shown);
          }}
        >
          {shown ? t("passwordField.hide") : t("passwordField.show")}
        </Button>
        <span className="visually-hidden" aria-live="polite">
          {said}
        </span>
      </div>
    </TextField>
  );
}
