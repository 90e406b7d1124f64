/** Where an input problem is: its source, then the path inside it (`['body', 'tags', 0]`). */
export type Loc = readonly (string | number)[];

/** One problem with the request's input, as a 422 lists it. */
export interface ValidationIssue {
  loc: (string | number)[];
  msg: string;
  type: string;
  /** The value received, when there was one. */
  input?: unknown;
}

/** Where coercion reports problems: the request's context, so no closure is made per request. */
export interface IssueSink {
  addIssue(issue: ValidationIssue): void;
}

const INDEX = /^\d+$/;

/** A property name as a location step: array indexes as numbers, as FastAPI writes them. */
export function locKey(name: string): string | number {
  return INDEX.test(name) ? Number(name) : name;
}
