// The fields of the operator form: the id (a new operator only), the display name, the roles as
// checkboxes (each with what it gives; AGENCY stands alone) and, for an agency's user, the
// agency.
import type { ParseKeys } from "i18next";
import { Checkbox, CheckboxGroup, FieldError, Label, Text } from "react-aria-components";
import { useTranslation } from "react-i18next";
import { roleNameKey } from "../common/roles";
import { Role } from "../gen/ams/type/v1/sop_pb";
import { FormTextField } from "./dialogs";
import { isAgencyRoles, nextRoles, offeredRoles } from "./operator-form";
import type { DraftErrors, DraftField, OperatorDraft } from "./operator-form";

// What each role offered gives, in a few words.
const roleHintKey: Partial<Record<Role, ParseKeys>> = {
  [Role.DISKOMINFO_OP]: "operators.roleHints.diskominfoOp",
  [Role.BSRE_OP]: "operators.roleHints.bsreOp",
  [Role.VERIFIER]: "operators.roleHints.verifier",
  [Role.AUDITOR]: "operators.roleHints.auditor",
  [Role.ADMIN]: "operators.roleHints.admin",
  [Role.AGENCY]: "operators.roleHints.agency",
};

// The inputs' ids, for putting the focus on the first field with a problem.
export const draftInputId: Record<DraftField, string> = {
  id: "operator-id",
  displayName: "operator-display-name",
  roles: "operator-roles",
  agency: "operator-agency",
};

// The first field with a problem takes the focus (its error is read out with its label);
// whether there was one.
export function focusFirstError(errors: DraftErrors, order: readonly DraftField[]): boolean {
  const first = order.find((f) => errors[f]);
  if (!first) return false;
  requestAnimationFrame(() => {
    const target = document.getElementById(draftInputId[first]);
    // The roles: the first checkbox of the group.
    const input = target instanceof HTMLInputElement ? target : target?.querySelector("input:not([disabled])");
    if (input instanceof HTMLElement) input.focus();
  });
  return true;
}

export function OperatorFields({
  draft,
  onChange,
  errors,
  withId,
  ownAccount = false,
}: {
  draft: OperatorDraft;
  onChange(draft: OperatorDraft): void;
  errors: DraftErrors;
  // A new operator: the id is typed (an existing one's cannot change).
  withId: boolean;
  // The admin's own account: ADMIN stays (another admin may take it), so AGENCY cannot be chosen.
  ownAccount?: boolean;
}) {
  const { t } = useTranslation();
  const agencyUser = isAgencyRoles(draft.roles);
  return (
    <>
      {withId && (
        <FormTextField
          label={t("operators.idLabel")}
          hint={t("operators.idHint")}
          value={draft.id}
          onChange={(id) => onChange({ ...draft, id })}
          error={errors.id}
          inputId={draftInputId.id}
          identifier
        />
      )}
      <FormTextField
        label={t("operators.displayName")}
        hint={t("operators.displayNameHint")}
        value={draft.displayName}
        onChange={(displayName) => onChange({ ...draft, displayName })}
        error={errors.displayName}
        inputId={draftInputId.displayName}
      />
      <CheckboxGroup
        id={draftInputId.roles}
        className="field checkbox-group"
        value={draft.roles.map(String)}
        onChange={(values) => onChange({ ...draft, roles: nextRoles(draft.roles, values.map((v) => Number(v) as Role)) })}
        isInvalid={Boolean(errors.roles)}
      >
        <Label className="field__label">{t("operators.rolesLabel")}</Label>
        <Text slot="description" className="field__hint">
          {ownAccount ? t("operators.rolesHintOwn") : t("operators.rolesHint")}
        </Text>
        {errors.roles && <FieldError className="field__error">{errors.roles}</FieldError>}
        {offeredRoles.map((role) => {
          const hint = roleHintKey[role];
          const locked = ownAccount && (role === Role.ADMIN || role === Role.AGENCY);
          return (
            <Checkbox key={role} value={String(role)} className="checkbox" isDisabled={locked}>
              {({ isSelected }) => (
                <>
                  <svg className="checkbox__box" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
                    <rect className="checkbox__frame" x="1" y="1" width="22" height="22" />
                    {isSelected && <path className="checkbox__tick" d="M5.5 12.5l4.5 4.5 8.5-10" />}
                  </svg>
                  <span className="checkbox__text">
                    <span className="checkbox__label">{t(roleNameKey[role])}</span>
                    {/* A space between the two in the checkbox's name. */}
                    {hint && <span className="checkbox__hint"> {t(hint)}</span>}
                  </span>
                </>
              )}
            </Checkbox>
          );
        })}
      </CheckboxGroup>
      {agencyUser && (
        <FormTextField
          label={t("operators.agencyLabel")}
          hint={t("admin.agencyHint")}
          value={draft.agency}
          onChange={(agency) => onChange({ ...draft, agency })}
          error={errors.agency}
          inputId={draftInputId.agency}
          identifier
        />
      )}
    </>
  );
}
