// What a screen shows until its data is there: "Memuat…" while it loads; if it could not,
// why, with "Coba lagi".
import { useTranslation } from "react-i18next";
import type { WorkError } from "../api/errors";
import { errorText } from "./error-text";
import { Notice } from "./messages";

export function Loading() {
  const { t } = useTranslation();
  return (
    <p className="loading" role="status">
      {t("app.loading")}
    </p>
  );
}

export function LoadFailed({ error, retry }: { error: WorkError; retry(): void }) {
  const { t } = useTranslation();
  return (
    <Notice kind="warning" action={{ label: t("app.retry"), onPress: retry }}>
      {`${t("errors.loadFailed")} ${errorText(t, error)}`}
    </Notice>
  );
}

// Data not there yet: the failure if there is one, else "Memuat…".
export function LoadState({ error, retry }: { error: WorkError | undefined; retry(): void }) {
  return error ? <LoadFailed error={error} retry={retry} /> : <Loading />;
}
