// A moment as the operator reads it: how long ago, and the date and time itself (both
// visible: a title attribute reaches neither the keyboard nor a touch screen).
import type { Timestamp } from "@bufbuild/protobuf/wkt";
import { useTranslation } from "react-i18next";
import { dateOf, formatDateTime, formatRelative } from "./format";

export function When({ time, relative = false }: { time: Timestamp | undefined; relative?: boolean }) {
  // Re-rendered when the language changes.
  useTranslation();
  const date = dateOf(time);
  if (!date) return <>—</>;
  const absolute = formatDateTime(date);
  if (!relative) return <time dateTime={date.toISOString()}>{absolute}</time>;
  return (
    <time dateTime={date.toISOString()} className="when">
      <span className="when__relative">{formatRelative(date)}</span>{" "}
      <span className="when__absolute">{absolute}</span>
    </time>
  );
}
