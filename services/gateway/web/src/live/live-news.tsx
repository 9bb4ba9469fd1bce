// The offer to load what changed: a button in a polite live region that is always in the page
// (a region added together with its text is not reliably read out). Pressing it loads again;
// the button then goes, and the focus moves to `focusAfter` rather than to the page's top.
import { Button } from "react-aria-components";
import { useTranslation } from "react-i18next";

export function LiveNews({
  text,
  onLoad,
  focusAfter,
}: {
  // undefined: nothing to offer.
  text: string | undefined;
  onLoad(): void;
  focusAfter?(): HTMLElement | null | undefined;
}) {
  return (
    <div className="live-news" role="status">
      {text && (
        <Button
          className="button live-news__button"
          onPress={() => {
            onLoad();
            requestAnimationFrame(() => focusAfter?.()?.focus());
          }}
        >
          <span className="live-news__icon" aria-hidden="true">
            ↻
          </span>
          {text}
        </Button>
      )}
    </div>
  );
}

// On an item page: its application changed ("changed"), or messages were missed ("maybe").
// After loading, the focus goes to the page's heading.
export function ItemNews({ news, onLoad }: { news: "changed" | "maybe" | undefined; onLoad(): void }) {
  const { t } = useTranslation();
  const text = news === "changed" ? t("live.itemChanged") : news === "maybe" ? t("live.itemMaybeChanged") : undefined;
  return (
    <LiveNews text={text} onLoad={onLoad} focusAfter={() => document.querySelector<HTMLElement>("h1.page-heading")} />
  );
}
