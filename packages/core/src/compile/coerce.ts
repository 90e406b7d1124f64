import { plainToInstance } from 'class-transformer';
import { getMetadataStorage, type ValidationError, validateSync } from 'class-validator';
import type { ValidationIssue } from '../http/validation-error';

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
  const d = typeof v === 'string' || typeof v === 'number' ? new Date(v) : undefined;
  if (d !== undefined && !Number.isNaN(d.getTime())) return d;
  sink.addIssue({ loc: [...loc], msg: 'Input should be a valid date or datetime', type: 'datetime_parsing' });
  return undefined;
};

// The element type of an array is not recorded by TypeScript: elements stay strings.
const asArray: Coerce = (raw) => (Array.isArray(raw) ? raw : [raw]);

const asIs: Coerce = (raw) => raw;

/** How the raw value of a parameter becomes its declared type. */
export function coercerFor(type: unknown, implicitConversion: boolean): Coerce {
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
  if (typeof type === 'function') return classCoercer(type as new () => object, implicitConversion);
  return asIs;
}

/**
 * A class-typed input: built with class-transformer, validated with class-validator. `whitelist`
 * strips what the class does not declare, so a client cannot smuggle fields into the handler.
 */
function classCoercer(cls: new () => object, implicitConversion: boolean): Coerce {
  const booleans = implicitConversion ? booleanProperties(cls) : [];
  return (raw, loc, sink) => {
    if (raw === undefined || raw === null) {
      sink.addIssue({ loc: [...loc], msg: 'Field required', type: 'missing' });
      return undefined;
    }
    if (typeof raw !== 'object' || Array.isArray(raw)) {
      sink.addIssue({ loc: [...loc], msg: `Input should be an object (${cls.name})`, type: 'model_type' });
      return undefined;
    }
    if (booleans.length > 0) raw = withBooleans(raw as Record<string, unknown>, booleans);
    const instance = plainToInstance(cls, raw, { enableImplicitConversion: implicitConversion });
    const errors = validateSync(instance, { whitelist: true, forbidUnknownValues: false });
    if (errors.length === 0) return instance;
    for (const issue of flattenErrors(errors, loc)) sink.addIssue(issue);
    return undefined;
  };
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

/** Boolean properties of a class that class-validator knows, found once at start-up. */
function booleanProperties(cls: Function): string[] {
  const metas = getMetadataStorage().getTargetValidationMetadatas(cls, '', true, false);
  const names = new Set(metas.map((m) => m.propertyName));
  return [...names].filter((name) => Reflect.getMetadata('design:type', cls.prototype, name) === Boolean);
}

// class-transformer's implicit conversion turns the string 'false' into true; read query booleans
// as the scalar parameters do instead.
function withBooleans(raw: Record<string, unknown>, names: string[]): Record<string, unknown> {
  const copy = { ...raw };
  for (const name of names) {
    const v = last(copy[name]);
    if (typeof v !== 'string') continue;
    const s = v.toLowerCase();
    if (TRUE.has(s)) copy[name] = true;
    else if (FALSE.has(s)) copy[name] = false;
  }
  return copy;
}
