import type { FieldProblem } from "./types";

/** What a failed call tells a form: the message of each field named, and the rest. */
export interface Problems {
  fields: Record<string, string>;
  general: string | null;
}

export const NO_PROBLEMS: Problems = { fields: {}, general: null };

/** The field a 422's `loc` names, e.g. ["body", "quiet_hours", "start"] → "quiet_hours.start". */
export function fieldName(loc: FieldProblem["loc"]): string {
  const path = ["body", "query", "path"].includes(String(loc[0])) ? loc.slice(1) : loc;
  return path.join(".");
}

function isFieldProblems(detail: unknown): detail is FieldProblem[] {
  return Array.isArray(detail) && detail.every((item) => item && Array.isArray(item.loc));
}

/**
 * Sort an error body of task-api into messages for the fields it names; `known` are the form's
 * fields (a problem under one of them, like `quiet_hours.start`, goes to the closest known).
 */
export function toProblems(error: unknown, known: readonly string[], fallback: string): Problems {
  const detail = (error as { detail?: unknown } | undefined)?.detail;
  if (typeof detail === "string") return { fields: {}, general: detail };
  if (!isFieldProblems(detail)) return { fields: {}, general: fallback };
  const fields: Record<string, string> = {};
  const rest: string[] = [];
  for (const problem of detail) {
    const field = closestKnown(fieldName(problem.loc), known);
    if (field === null) rest.push(problem.msg);
    else fields[field] = fields[field] ? `${fields[field]} ${problem.msg}` : problem.msg;
  }
  return { fields, general: rest.length ? rest.join(" ") : null };
}

function closestKnown(name: string, known: readonly string[]): string | null {
  const parts = name.split(".");
  for (let end = parts.length; end > 0; end--) {
    const candidate = parts.slice(0, end).join(".");
    if (known.includes(candidate)) return candidate;
  }
  return null;
}
