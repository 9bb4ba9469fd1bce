// The signed recommendation letter (a PDF) on the application form: chosen from the device,
// read in the browser (it travels inside SubmitApplication: there is no separate upload), shown
// by its name and size beside a PDF mark, and checked by the server (validate_only with the
// PDF) as soon as it is chosen: a progress bar while it goes, then the server's verdict.
import type { ReactNode } from "react";
import { Button, FileTrigger, Label, ProgressBar } from "react-aria-components";
import { useTranslation } from "react-i18next";
import type { WorkError } from "../api/errors";
import { Bar, PdfIcon, fileSize } from "../common/parts";
import type { Letter } from "./form";

// The server's check of one chosen file (by its version).
export type LetterCheck =
  | { version: number; status: "checking"; fraction: number | undefined; sent: boolean }
  | { version: number; status: "accepted" }
  | { version: number; status: "refused"; reason: string }
  | { version: number; status: "failed"; error: WorkError };

export const letterChooseId = "agency-letter-choose";

export function LetterField({
  letter,
  check,
  error,
  maxBytes,
  onChoose,
}: {
  letter: Letter | undefined;
  // The check of this letter (none while it has not been asked).
  check: LetterCheck | undefined;
  // What is wrong with it, to show (missing, too big, not a PDF, refused, not checked).
  error: ReactNode;
  maxBytes: number;
  onChoose(file: File): void;
}) {
  const { t } = useTranslation();
  const title = t("agency.letter");
  const hintId = "agency-letter-hint";
  const errorId = "agency-letter-error";
  const select = (files: FileList | null) => {
    const file = files?.[0];
    if (file) onChoose(file);
  };
  const checking = check?.status === "checking" ? check : undefined;

  return (
    <section className={`letter${error ? " letter--invalid" : ""}`} aria-labelledby="agency-letter-title">
      <h3 id="agency-letter-title" className="letter__title">
        {title}
      </h3>
      <p id={hintId} className="field__hint">
        {t("agency.letterHint", { max: fileSize(maxBytes) })}
      </p>
      {error && (
        <p id={errorId} className="field__error">
          {error}
        </p>
      )}

      {letter ? (
        <div className="letter__file">
          <PdfIcon />
          <div>
            <p className="letter__name">{letter.name}</p>
            <p className="letter__size">
              {t("agency.letterAbout", { size: fileSize(letter.size) })}
            </p>
          </div>
        </div>
      ) : (
        !error && <p className="letter__none">{t("agency.letterNone")}</p>
      )}

      {checking && (
        <ProgressBar
          className="letter__progress"
          {...(checking.sent || checking.fraction === undefined ? { isIndeterminate: true } : { value: Math.round(checking.fraction * 100) })}
        >
          {({ valueText }) => (
            <>
              <div className="letter__progress-text">
                <Label className="letter__progress-label">{checking.sent ? t("agency.letterChecking") : t("agency.letterSending", { name: letter?.name ?? "" })}</Label>
                {!checking.sent && checking.fraction !== undefined && <span className="letter__progress-value">{valueText}</span>}
              </div>
              <Bar fraction={checking.sent || checking.fraction === undefined ? 1 : checking.fraction} tone={checking.sent ? "fair" : "progress"} />
            </>
          )}
        </ProgressBar>
      )}

      {/* Always in the page, so that the verdict coming into it is read out. */}
      <div role="status" className="letter__verdict">
        {check?.status === "accepted" && (
          <p className="letter__accepted">
            <span className="letter__tick" aria-hidden="true">
              ✓
            </span>{" "}
            {t("agency.letterAccepted")}
          </p>
        )}
        {check?.status === "refused" && <p className="visually-hidden">{t("agency.letterRefusedShort")}</p>}
      </div>

      <div className="letter__actions">
        <FileTrigger acceptedFileTypes={["application/pdf"]} onSelect={select}>
          <Button
            id={letterChooseId}
            className="button button--secondary"
            aria-describedby={error ? `${errorId} ${hintId}` : hintId}
          >
            {letter ? t("agency.letterReplace") : t("agency.letterChoose")}
            <span className="visually-hidden"> ({title})</span>
          </Button>
        </FileTrigger>
      </div>
    </section>
  );
}
