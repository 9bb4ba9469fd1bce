// The offer to load what changed: a button in a polite live region that is always in the page
// (a region added together with its text is not reliably read out). Pressing it loads again;
// the button then goes, and the focus moves to `focusAfter` rather than to the page's top.
import { Button } from "react-aria-components";

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
