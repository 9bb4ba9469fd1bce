// What the status page (/status/{id}) decides before it words anything: whether the address
// holds an application's id at all, and how each of the SOP's eight steps stands. No imports
// (but types), so that tests/status.test.mjs can run it in Node.

// The eight steps of SOP 06f/DKA.1, by number (ams.type.v1.SopStep's values), and the SOP's
// standard time for each, in minutes.
export const stepNumbers = [1, 2, 3, 4, 5, 6, 7, 8] as const;
export type StepNumber = (typeof stepNumbers)[number];
export const standardMinutes: Record<StepNumber, number> = { 1: 1, 2: 3, 3: 1, 4: 3, 5: 3, 6: 1, 7: 1, 8: 1 };

export function isStepNumber(n: number): n is StepNumber {
  return Number.isInteger(n) && n >= 1 && n <= 8;
}

// Who acts at a step: the agency, an operator, the system, or the applicant.
export type Actor = "agency" | "diskominfo" | "bsre" | "applicant" | "verifier" | "system";
export const actorOf: Record<StepNumber, Actor> = {
  1: "agency",
  2: "diskominfo",
  3: "bsre",
  4: "applicant",
  5: "verifier",
  6: "system",
  7: "applicant",
  8: "applicant",
};

const uuidShape = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

// The application's id in the address (as react-router gives it, decoded), or undefined when it
// is not one: a link cut short or mangled on its way. An id in capitals (retyped from a printout)
// still finds its application, under the id as the server writes it (lower case).
export function applicationIdOf(raw: string): string | undefined {
  const id = raw.trim().toLowerCase();
  return uuidShape.test(id) ? id : undefined;
}

// Where the application stands, as the page tells it.
export type Standing =
  | { kind: "waiting"; step: StepNumber }
  | { kind: "returned" }
  | { kind: "withdrawn" }
  | { kind: "completed" }
  // Recorded, but nothing yet that says where (or a step this page does not know).
  | { kind: "unknown" };

// done: behind it; current: it waits here; returned: back here for correction (the agency
// corrects and submits again, step 1); todo: still to come.
export type StepState = "done" | "current" | "returned" | "todo";

// Each step's state, in order; undefined when the steps say nothing of this application (a
// withdrawn one: it stopped wherever it was; an unknown one).
export function stepStates(standing: Standing): StepState[] | undefined {
  switch (standing.kind) {
    case "waiting":
      return stepNumbers.map((n) => (n < standing.step ? "done" : n === standing.step ? "current" : "todo"));
    case "returned":
      return stepNumbers.map((n) => (n === 1 ? "returned" : "todo"));
    case "completed":
      return stepNumbers.map(() => "done");
    case "withdrawn":
    case "unknown":
      return undefined;
  }
}
