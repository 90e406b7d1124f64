import type { IssueSink, Loc } from '../issues';

/** Turns a raw input into the declared type, or reports an issue and returns undefined. */
export type Coerce = (raw: unknown, loc: Loc, sink: IssueSink) => unknown;

const NUMBER = /^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$/;
const TRUE = new Set(['true', '1']);
const FALSE = new Set(['false', '0']);

// A scalar read from a repeated query key or header takes the last value, as FastAPI does.
const last = (raw: unknown): unknown => (Array.isArray(raw) ? raw[raw.length - 1] : raw);

const asString: Coerce = (raw, loc, sink) => {
  const v = last(raw);
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  sink.addIssue({ loc: [...loc], msg: 'Input should be a valid string', type: 'string_type', input: v });
  return undefined;
};

const asNumber: Coerce = (raw, loc, sink) => {
  const v = last(raw);
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && NUMBER.test(v)) {
    const n = Number(v);
    if (Number.isFinite(n)) return n;
  }
  sink.addIssue({ loc: [...loc], msg: 'Input should be a valid number', type: 'number_parsing', input: v });
  return undefined;
};

const asBoolean: Coerce = (raw, loc, sink) => {
  const v = last(raw);
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string') {
    const s = v.toLowerCase();
    if (TRUE.has(s)) return true;
    if (FALSE.has(s)) return false;
  }
  sink.addIssue({
    loc: [...loc],
    msg: 'Input should be a valid boolean: true, false, 1 or 0',
    type: 'bool_parsing',
    input: v,
  });
  return undefined;
};

const asDate: Coerce = (raw, loc, sink) => {
  const v = last(raw);
  const d = typeof v === 'string' ? parseIsoDate(v) : undefined;
  if (d !== undefined) return d;
  sink.addIssue({
    loc: [...loc],
    msg: 'Input should be a valid ISO 8601 date or date-time',
    type: 'datetime_parsing',
    input: v,
  });
  return undefined;
};

const ISO_DATE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:([Zz])|([+-])(\d{2}):?(\d{2}))?)?$/;

/**
 * ISO 8601 only: `new Date()` would also take `'1'` or `'foo 1'` (both 2001-01-01) and roll
 * 2023-02-29 over to March. A date-time without an offset is UTC, whatever the server's zone.
 */
export function parseIsoDate(text: string): Date | undefined {
  const m = ISO_DATE.exec(text);
  if (m === null) return undefined;
  const [year, month, day, hour = 0, minute = 0, second = 0] = m.slice(1, 7).map((p) => Number(p ?? 0));
  const ms = m[7] === undefined ? 0 : Number(m[7].slice(0, 3).padEnd(3, '0'));
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return undefined;
  // setUTCFullYear, not Date.UTC: the latter reads years 0-99 as 1900-1999.
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  if (date.getUTCDate() !== day) return undefined;
  date.setUTCHours(hour, minute, second, ms);
  if (m[9] !== undefined) {
    const [offsetHours, offsetMinutes] = [Number(m[10]), Number(m[11])];
    if (offsetHours > 23 || offsetMinutes > 59) return undefined;
    const offset = (offsetHours * 60 + offsetMinutes) * (m[9] === '+' ? 1 : -1);
    date.setTime(date.getTime() - offset * 60_000);
  }
  return date;
}

// The element type of an array is not recorded by TypeScript: elements stay strings.
const asArray: Coerce = (raw) => (Array.isArray(raw) ? raw : [raw]);

// A JSON body says whether it is a list: a single value is not wrapped into one.
/** A JSON body declared as an array: anything else is refused. */
export const asJsonArray: Coerce = (raw, loc, sink) => {
  if (Array.isArray(raw)) return raw;
  sink.addIssue({ loc: [...loc], msg: 'Input should be a valid array', type: 'list_type', input: raw });
  return undefined;
};

/** Leaves the value as it came: an untyped parameter (`any`, `unknown`). */
export const asIs: Coerce = (raw) => raw;

/** The coercer of a scalar type (`string`, `number`, ...), undefined for a class. */
export function scalarCoercer(type: unknown): Coerce | undefined {
  switch (type) {
    case String:
      return asString;
    case Number:
      return asNumber;
    case Boolean:
      return asBoolean;
    case Date:
      return asDate;
    case Array:
      return asArray;
    case undefined:
    case Object:
    case Function:
    case Promise:
      return asIs;
  }
  return undefined;
}
