import type { ConstraintMetadata } from 'class-validator/types/metadata/ConstraintMetadata';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';
import type { IssueSink, Loc } from '../issues';
import type { ValidatorInternals } from '../vendor/class-validator';
import { isPlainEmail } from './input-rules';

// What the generated input code calls, passed by name to `new Function`: the conversions
// class-transformer applies and the reports class-validator makes, each written once here.

// Own names of Object.prototype: class-transformer skips these keys when it copies a plain object.
const OBJECT_KEYS = new Set(Object.getOwnPropertyNames(Object.prototype));

/** class-transformer maps an array (at any depth) element by element with the same conversion. */
function mapArray(value: unknown[], convert: (v: unknown) => unknown): unknown[] {
  const out = new Array(value.length);
  for (let i = 0; i < value.length; i++) out[i] = convert(value[i]);
  return out;
}

/** A deep copy of an untyped value, as class-transformer makes it when no `@Type` applies. */
function copyPlain(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return mapArray(value, copyPlain);
  if (value instanceof Date) return new Date(value.valueOf());
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    if (OBJECT_KEYS.has(key)) continue;
    out[key] = copyPlain((value as Record<string, unknown>)[key]);
  }
  return out;
}

/** `@Type(() => Model)`: objects become instances, arrays (at any depth) are mapped. */
function toModel(value: unknown, build: (raw: object) => object): unknown {
  if (Array.isArray(value)) return mapArray(value, (v) => toModel(v, build));
  if (typeof value === 'object' && value !== null) return build(value);
  return value;
}

function toDate(value: unknown): unknown {
  if (Array.isArray(value)) return mapArray(value, toDate);
  if (value instanceof Date) return new Date(value.valueOf());
  if (value === null || value === undefined) return value;
  return new Date(value as string);
}

/**
 * `@Type(() => String | Number | Boolean)`: class-transformer's conversion of a scalar, but an object
 * is left as it is (`String(error)` would send its message, a Buffer its text as a string), so the
 * field's rules refuse it as they do without `@Type`.
 */
export function toScalar(value: unknown, type: (v: unknown) => unknown): unknown {
  if (Array.isArray(value)) return mapArray(value, (v) => toScalar(v, type));
  if (value === null || value === undefined || typeof value === 'object') return value;
  return type(value);
}

/** A rule with `each`: every element of an array must pass, or the value itself if not an array. */
function eachPasses(
  constraint: { validate(v: unknown, a: unknown): boolean },
  value: unknown,
  args: unknown,
): boolean {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (!constraint.validate(value[i], args)) return false;
    return true;
  }
  return constraint.validate(value, args) as boolean;
}

const NULL_SINK: IssueSink = { addIssue() {} };

/** The helpers of the generated code, reporting failures in class-validator's own words. */
export function inputHelpers(internals: ValidatorInternals) {
  const { createValidationError } = internals;

  function report(
    sink: IssueSink,
    loc: Loc,
    key: string | number,
    object: object,
    value: unknown,
    meta: ValidationMetadata,
    constraint: ConstraintMetadata | undefined,
  ): void {
    const [type, msg] = createValidationError(object, value, meta, constraint);
    sink.addIssue({ loc: [...loc, key], msg, type });
  }

  /** `@ValidateNested`: instances are validated, arrays by element, anything else is refused. */
  function validateNested(
    value: unknown,
    loc: Loc,
    key: string | number,
    sink: IssueSink,
    validate: (instance: object, loc: Loc, sink: IssueSink, skip: undefined) => boolean,
    meta: ValidationMetadata,
  ): boolean {
    if (Array.isArray(value)) {
      const here = [...loc, key];
      let ok = true;
      for (let i = 0; i < value.length; i++) {
        if (value[i] === undefined) continue;
        if (!validateNested(value[i], here, i, sink, validate, meta)) ok = false;
      }
      return ok;
    }
    if (value instanceof Object) return validate(value, [...loc, key], sink, undefined);
    const [type, msg] = createValidationError(meta.target as object, value, meta);
    sink.addIssue({ loc: [...loc, key], msg, type });
    return false;
  }

  return {
    isPlainEmail,
    UNCOUNTED: /[\uD800-\uDFFF]|\uFE0E|\uFE0F/,
    copyPlain,
    toModel,
    toDate,
    toText: (v: unknown): unknown => toScalar(v, String),
    toNumber: (v: unknown): unknown => toScalar(v, Number),
    toBoolean: (v: unknown): unknown => toScalar(v, Boolean),
    report,
    eachPasses,
    validateNested,
    NULL_SINK,
  };
}
