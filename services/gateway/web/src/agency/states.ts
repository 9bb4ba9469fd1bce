// Where an agency's application stands at intake (SubmittedApplication.state, a string: SUBMITTED,
// RETURNED, FORWARDED, WITHDRAWN, COMPLETED) in words and tone; an unknown one as it is.
import type { ParseKeys, TFunction } from "i18next";
import type { Tone } from "../common/labels";

const states: Record<string, { label: ParseKeys; tone: Tone }> = {
  SUBMITTED: { label: "agency.state.submitted", tone: "waiting" },
  RETURNED: { label: "agency.state.returned", tone: "back" },
  FORWARDED: { label: "agency.state.forwarded", tone: "neutral" },
  WITHDRAWN: { label: "agency.state.withdrawn", tone: "neutral" },
  COMPLETED: { label: "agency.state.completed", tone: "done" },
};

export function stateOf(t: TFunction, state: string): { label: string; tone: Tone } {
  const known = states[state];
  return known ? { label: t(known.label), tone: known.tone } : { label: state || "—", tone: "neutral" };
}
