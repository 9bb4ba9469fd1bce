// The applicant's data as a summary list (GOV.UK): a term and its value on each line.
import type { ReactNode } from "react";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import { agencyLabel, formatNip } from "../common/format";
import { employeeTypeKey } from "../common/labels";
import type { Applicant } from "../gen/ams/gateway/v1/work_service_pb";
import { EmployeeType } from "../gen/ams/type/v1/applicant_pb";

export function SummaryList({ rows }: { rows: readonly (readonly [string, ReactNode] | false)[] }) {
  return (
    <dl className="summary">
      {rows.map(
        (row) =>
          row && (
            <div key={row[0]} className="summary__row">
              <dt className="summary__key">{row[0]}</dt>
              <dd className="summary__value">{row[1] === "" || row[1] === undefined ? "—" : row[1]}</dd>
            </div>
          ),
      )}
    </dl>
  );
}

// "NIP" for a civil servant, else the employee number's general name.
export function useEmployeeNumberLabel(): (type: EmployeeType) => string {
  const { t } = useTranslation();
  return (type) => (type === EmployeeType.ASN_PNS ? t("applicant.nip") : t("applicant.employeeNumber"));
}

// Digits in a steady width, easy to compare; nothing when empty (the list shows "—").
export function number(value: string | undefined): ReactNode {
  return value ? <span className="number">{value}</span> : "";
}

export function applicantRows(
  t: TFunction,
  a: Applicant,
  numberLabel: string,
): [string, ReactNode][] {
  return [
    [t("applicant.fullName"), a.fullName],
    [t("applicant.nik"), number(a.nikMasked)],
    [t("applicant.employeeType"), t(employeeTypeKey[a.employeeType])],
    [numberLabel, number(a.employeeType === EmployeeType.ASN_PNS ? formatNip(a.employeeNumber) : a.employeeNumber)],
    [t("applicant.position"), a.position],
    [t("applicant.workUnit"), a.workUnit],
    [t("applicant.agency"), agencyLabel(a.agency)],
    [t("applicant.email"), a.officialEmail],
  ];
}
