import { plainToInstance, TransformationType } from 'class-transformer';
import { getMetadataStorage, type ValidationError, validateSync } from 'class-validator';
import type { ValidationIssue } from '../http/validation-error';
import { metadataStorage as transformerStorage } from './class-transformer-internals';
import { planInput } from './input-validator';

export type Loc = readonly (string | number)[];
/** Where coercion reports problems: the request's context, so no closure is made per request. */
export interface IssueSink {
  addIssue(issue: ValidationIssue): void;
}
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
  sink.addIssue({ loc: [...loc], msg: 'Input should be a valid string', type: 'string_type' });
  return undefined;
};

const asNumber: Coerce = (raw, loc, sink) => {
  const v = last(raw);
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && NUMBER.test(v)) {
    const n = Number(v);
    if (Number.isFinite(n)) return n;
  }
  sink.addIssue({ loc: [...loc], msg: 'Input should be a valid number', type: 'number_parsing' });
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
const asJsonArray: Coerce = (raw, loc, sink) => {
  if (Array.isArray(raw)) return raw;
  sink.addIssue({ loc: [...loc], msg: 'Input should be a valid array', type: 'list_type' });
  return undefined;
};

const asIs: Coerce = (raw) => raw;

/**
 * How the raw value of a parameter becomes its declared type. `fromText` is true for the sources
 * that only carry strings (path, query, header, cookie), false for a JSON body.
 */
export function coercerFor(type: unknown, fromText: boolean): Coerce {
  if (type === Array && !fromText) return asJsonArray;
  const scalar = scalarCoercer(type);
  if (scalar !== undefined) return scalar;
  if (typeof type === 'function') return classCoercer(type as new () => object, fromText);
  return asIs;
}

/** Whether a declared type is a class validated with class-validator (a model), not a scalar. */
export function isModelType(type: unknown): boolean {
  return typeof type === 'function' && scalarCoercer(type) === undefined;
}

function scalarCoercer(type: unknown): Coerce | undefined {
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

type Field = readonly [name: string, coerce: Coerce];

/**
 * A class-typed input: built with class-transformer, validated with class-validator. `whitelist`
 * strips what the class does not declare, so a client cannot smuggle fields into the handler.
 */
function classCoercer(cls: new () => object, fromText: boolean): Coerce {
  const fields = fromText ? textFields(cls) : [];
  const plan = planInput(cls);
  const compiled = 'compiled' in plan ? plan.compiled : undefined;
  return (raw, loc, sink) => {
    if (raw === undefined || raw === null) {
      sink.addIssue({ loc: [...loc], msg: 'Field required', type: 'missing' });
      return undefined;
    }
    if (typeof raw !== 'object' || Array.isArray(raw)) {
      sink.addIssue({ loc: [...loc], msg: `Input should be an object (${cls.name})`, type: 'model_type' });
      return undefined;
    }
    let failed: Set<string> | undefined;
    if (fields.length > 0) {
      const input: Record<string, unknown> = { ...raw };
      for (const [name, coerce] of fields) {
        if (input[name] === undefined) continue;
        const value = coerce(input[name], [...loc, name], sink);
        if (value === undefined) {
          (failed ??= new Set()).add(name);
          delete input[name];
        } else {
          input[name] = value;
        }
      }
      raw = input;
    }
    let instance: object;
    try {
      if (compiled !== undefined) {
        const built = compiled(raw as object, loc, sink, failed);
        return failed === undefined ? built : undefined;
      }
      instance = plainToInstance(cls, raw);
    } catch {
      // The libraries choke on some client values (class-transformer on a nested `constructor` key,
      // validator.js on extreme numbers): that is unreadable input, a 422, never a server fault.
      // Custom validators run in validateSync below, outside this net: their bugs stay 500s.
      sink.addIssue({ loc: [...loc], msg: `Input could not be read as ${cls.name}`, type: 'model_parsing' });
      return undefined;
    }
    let errors: ValidationError[];
    try {
      errors = validateSync(instance, { whitelist: true, forbidUnknownValues: false });
    } catch (error) {
      // class-validator recurses once per nested level: a body nested a few hundred deep (a few KB)
      // exhausts the stack. That is the client's input, a 422 as when reading; other errors stay 500s.
      if (!isStackOverflow(error)) throw error;
      sink.addIssue({ loc: [...loc], msg: `Input could not be read as ${cls.name}`, type: 'model_parsing' });
      return undefined;
    }
    // A field that could not be read was reported once already; its rules would only repeat it.
    if (failed !== undefined) errors = errors.filter((e) => !failed.has(e.property));
    for (const issue of flattenErrors(errors, loc)) sink.addIssue(issue);
    return errors.length === 0 && failed === undefined ? instance : undefined;
  };
}

function isStackOverflow(error: unknown): boolean {
  return error instanceof RangeError && error.message.includes('call stack');
}

const INDEX = /^\d+$/;

/** class-validator's error tree as a flat list located by path, array indexes as numbers. */
export function flattenErrors(
  errors: ValidationError[],
  loc: Loc,
  out: ValidationIssue[] = [],
): ValidationIssue[] {
  for (const error of errors) {
    const here = [...loc, INDEX.test(error.property) ? Number(error.property) : error.property];
    for (const [type, msg] of Object.entries(error.constraints ?? {})) {
      out.push({ loc: here, msg, type });
    }
    if (error.children?.length) flattenErrors(error.children, here, out);
  }
  return out;
}

/**
 * The validated fields of a class read from text (a query string, headers), each with the coercer
 * of its design type, so that `?limit=abc` fails in `@Query() q: Search` as in `@Query('limit')`.
 * class-transformer's implicit conversion would read `'false'` as true and `''` as 0. Found once,
 * at start-up.
 */
function textFields(cls: new () => object): Field[] {
  const metas = getMetadataStorage().getTargetValidationMetadatas(cls, '', true, false);
  const defaults = defaultValues(cls);
  const fields: Field[] = [];
  for (const name of new Set(metas.map((m) => m.propertyName))) {
    // A field with its own @Transform reads the raw text itself.
    if (transformerStorage.findTransformMetadatas(cls, name, TransformationType.PLAIN_TO_CLASS).length > 0) {
      continue;
    }
    let type = Reflect.getMetadata('design:type', cls.prototype, name);
    // TypeScript records `Object` for `limit = 20` (no annotation): the default tells the type.
    if (type === Object) type = defaults?.[name]?.constructor;
    const coerce = scalarCoercer(type);
    if (coerce !== undefined && coerce !== asIs) fields.push([name, coerce]);
  }
  return fields;
}

function defaultValues(cls: new () => object): Record<string, any> | undefined {
  try {
    return new cls() as Record<string, any>;
  } catch {
    return undefined;
  }
}
