import type { IssueSink, Loc, ValidationIssue } from '../issues';

/**
 * Rules that say what type a value must have. When one fails, the others of that field would only
 * describe a value of the right type ("must be shorter than 200 characters" of a number): FastAPI
 * reports the type alone, and so does arobase.
 */
const TYPE_RULES = new Set([
  'isString',
  'isNumber',
  'isInt',
  'isBoolean',
  'isDate',
  'isArray',
  'isObject',
  'nestedValidation',
  'string_type',
  'number_parsing',
  'bool_parsing',
  'datetime_parsing',
  'list_type',
  'model_type',
]);

/** Gathers one input's issues, to be shaped before they reach the request's sink. */
export class IssueBuffer implements IssueSink {
  issues: ValidationIssue[] | undefined = undefined;

  addIssue(issue: ValidationIssue): void {
    (this.issues ??= []).push(issue);
  }

  /** Sends the shaped issues to `sink`; `raw` is the input as received, `loc` where it sits. */
  flush(sink: IssueSink, raw: unknown, loc: Loc): void {
    if (this.issues !== undefined)
      for (const issue of shapeIssues(this.issues, raw, loc)) sink.addIssue(issue);
  }
}

/**
 * class-validator's issues in FastAPI's shape, field by field (by `loc`): an absent field is one
 * `missing` issue "Field required"; a value of the wrong type is one issue, its type's; otherwise every
 * rule that failed. Each issue carries the value received as `input`, none when it was absent.
 */
export function shapeIssues(issues: readonly ValidationIssue[], raw: unknown, base: Loc): ValidationIssue[] {
  const byLoc = new Map<string, ValidationIssue[]>();
  for (const issue of issues) {
    const key = JSON.stringify(issue.loc);
    const group = byLoc.get(key);
    if (group === undefined) byLoc.set(key, [issue]);
    else group.push(issue);
  }
  const out: ValidationIssue[] = [];
  for (const group of byLoc.values()) {
    const loc = group[0].loc;
    const found = at(raw, loc.slice(base.length));
    if (found === ABSENT) {
      out.push({ loc, msg: 'Field required', type: 'missing' });
      continue;
    }
    // `each: true` checks the elements: the list's own rules (arrayMaxSize) still say something.
    const typeIssue = group.find(
      (issue) => TYPE_RULES.has(issue.type) && !issue.msg.startsWith('each value in '),
    );
    for (const issue of typeIssue === undefined ? group : [typeIssue]) {
      // An unreadable input is the whole body: echoing it back would only cost.
      out.push('input' in issue || issue.type === 'model_parsing' ? issue : { ...issue, input: found });
    }
  }
  return out;
}

const ABSENT: unique symbol = Symbol('absent');

/** The value at `path` inside `raw`, by own properties only; ABSENT where the path has none. */
function at(raw: unknown, path: Loc): unknown {
  let value = raw;
  for (const step of path) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, step)) return ABSENT;
    value = (value as Record<string | number, unknown>)[step];
  }
  return value === undefined ? ABSENT : value;
}
