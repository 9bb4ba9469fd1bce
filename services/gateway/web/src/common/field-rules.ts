// The free-text rules the servers enforce, checked here as the user types: on the applicant's
// activation form (SOP step 4) and on the agency's application form (step 1).
// common/field_rules.json is the one source (C++ reads it too: common/field_rules.h), so a rule
// changed there changes both. This module decides only whether a value breaks a rule and which;
// the page words it (catalogues). Pure apart from the JSON, so tests/field-rules.test.mjs can
// run it in Node.
import rules from "../../../../../common/field_rules.json" with { type: "json" };

export interface TextRules {
  // Unicode general categories ("Cc", "Cf", …) no text may hold.
  forbidden_general_categories: readonly string[];
  // Unicode binary properties ("Bidi_Control") no text may hold.
  forbidden_binary_properties: readonly string[];
  // Code points allowed although a forbidden category has them (ZWNJ, ZWJ).
  allowed_code_points: readonly number[];
}

export interface FieldRule {
  max_chars: number;
}

// One property name as \p{…} takes it: letters, digits and "_" only, so the JSON cannot put
// anything else into the pattern.
function property(name: string): string {
  if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(name)) throw new Error(`field_rules.json: bad Unicode property "${name}"`);
  return `\\p{${name}}`;
}

// One RegExp ("u" flag) that matches a single forbidden code point: any of the categories or
// properties, unless it is one of the allowed code points (a lookahead: the "u" flag has no
// class subtraction).
export function forbiddenPattern(text: TextRules): RegExp {
  const classes = [...text.forbidden_general_categories, ...text.forbidden_binary_properties].map(property);
  if (classes.length === 0) return /(?!)/u;
  const allowed = text.allowed_code_points
    .filter((cp) => Number.isInteger(cp) && cp >= 0 && cp <= 0x10ffff)
    .map((cp) => `\\u{${cp.toString(16)}}`);
  const except = allowed.length > 0 ? `(?![${allowed.join("")}])` : "";
  return new RegExp(`${except}[${classes.join("")}]`, "u");
}

// "U+202E": how a code point is named to the applicant (most forbidden ones are invisible).
export function codePointName(cp: number): string {
  return `U+${cp.toString(16).toUpperCase().padStart(4, "0")}`;
}

// Length as the servers count it: code points after NFC.
export function codePointLength(value: string): number {
  return [...value.normalize("NFC")].length;
}

export type TextProblem =
  | { kind: "required" }
  | { kind: "tooLong"; max: number; length: number }
  | { kind: "forbidden"; codePoint: string };

export interface TextChecker {
  // The first rule `value` breaks, undefined when none. Blank (nothing but white space) is
  // "required".
  check(value: string, rule: FieldRule): TextProblem | undefined;
  // "U+202E" of the first forbidden code point in `value`, undefined when there is none.
  firstForbidden(value: string): string | undefined;
}

export function textChecker(text: TextRules): TextChecker {
  const forbidden = forbiddenPattern(text);
  const firstForbidden = (value: string) => {
    const found = forbidden.exec(value.normalize("NFC"));
    const cp = found?.[0].codePointAt(0);
    return cp === undefined ? undefined : codePointName(cp);
  };
  return {
    firstForbidden,
    check(value, rule) {
      if (value.trim() === "") return { kind: "required" };
      const codePoint = firstForbidden(value);
      if (codePoint) return { kind: "forbidden", codePoint };
      const length = codePointLength(value);
      if (length > rule.max_chars) return { kind: "tooLong", max: rule.max_chars, length };
      return undefined;
    },
  };
}

// The activation form's fields, by the request's names.
export type ActivationField = "address" | "city" | "province";
export const activationFields: readonly ActivationField[] = ["address", "city", "province"];
export const activationRules: Record<ActivationField, FieldRule> = rules.activation;

// The agency's application form's free-text fields (SOP step 1), by the rule file's names.
export type ApplicationField = "full_name" | "position" | "work_unit" | "superior_name";
export const applicationFields: readonly ApplicationField[] = ["full_name", "position", "work_unit", "superior_name"];
export const applicationRules: Record<ApplicationField, FieldRule> = rules.application;

export const fieldRules: TextChecker = textChecker(rules.text);

// The value as it is sent: without white space at its ends, in NFC (as the servers count it).
export function cleanText(value: string): string {
  return value.trim().normalize("NFC");
}
