import type { ConstraintMetadata } from 'class-validator/types/metadata/ConstraintMetadata';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';
import { generate } from '../generated';
import { classValidator } from '../libraries';
import { Unsupported } from '../unsupported';

// The rules the compiled input path knows exactly, and how it recognises them: a constraint is
// trusted only when it answers every sample as class-validator's built-in of that name does.

export type Check = (value: unknown, c: any[]) => boolean;

let known: Record<string, Check> | undefined;

/**
 * The built-in rules, by constraint name, with class-validator's own check to compare against.
 * Built on first use: only a route with an input class needs class-validator.
 */
export function knownRules(): Record<string, Check> {
  if (known !== undefined) return known;
  const cv = classValidator();
  known = {
    isString: (v) => cv.isString(v),
    isInt: (v) => cv.isInt(v),
    isNumber: (v, c) => cv.isNumber(v, c[0]),
    isBoolean: (v) => cv.isBoolean(v),
    isEmail: (v, c) => cv.isEmail(v, c[0]),
    minLength: (v, c) => cv.minLength(v, c[0]),
    maxLength: (v, c) => cv.maxLength(v, c[0]),
    isLength: (v, c) => cv.length(v, c[0], c[1]),
    min: (v, c) => cv.min(v, c[0]),
    max: (v, c) => cv.max(v, c[0]),
    isNotEmpty: (v) => cv.isNotEmpty(v),
    isIn: (v, c) => cv.isIn(v, c[0]),
    isEnum: (v, c) => cv.isEnum(v, c[0]),
    isArray: (v) => cv.isArray(v),
    arrayMinSize: (v, c) => cv.arrayMinSize(v, c[0]),
    arrayMaxSize: (v, c) => cv.arrayMaxSize(v, c[0]),
    isDate: (v) => cv.isDate(v),
    isUuid: (v, c) => cv.isUUID(v, c[0]),
    matches: (v, c) => cv.matches(v as string, c[0], c[1]),
    isDefined: (v) => cv.isDefined(v),
  };
  return known;
}

/** Checks simple enough to write inline in the generated code (when the rule has no `each`). */
export const INLINE: Record<string, (v: string) => string> = {
  isString: (v) => `(typeof ${v} === 'string' || ${v} instanceof String)`,
  isInt: (v) => `(typeof ${v} === 'number' && Number.isInteger(${v}))`,
  isBoolean: (v) => `(typeof ${v} === 'boolean' || ${v} instanceof Boolean)`,
  isDefined: (v) => `(${v} !== undefined && ${v} !== null)`,
  isNotEmpty: (v) => `(${v} !== '' && ${v} !== null && ${v} !== undefined)`,
  isArray: (v) => `Array.isArray(${v})`,
};

// Values each rule is tried on at start-up: a constraint that answers differently from the
// built-in of its name is someone else's validator, and its class keeps the reference path.
const SAMPLES: unknown[] = [
  undefined,
  null,
  '',
  'a',
  'abcdefgh',
  'x'.repeat(300),
  'a@b.co',
  'not an email',
  '123e4567-e89b-12d3-a456-426614174000',
  '0',
  0,
  1,
  -1,
  1.5,
  150,
  1e300,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  true,
  false,
  [],
  ['a'],
  [1, 2, 3],
  {},
  new Date(0),
  new Date(Number.NaN),
];

/**
 * `@IsOptional()`: a conditional validation named `isOptional` whose condition skips exactly
 * `null` and `undefined`. Recognised by what its condition does, so a `@ValidateIf` is never taken
 * for it, whatever the library's source looks like.
 */
export function isOptionalRule(meta: ValidationMetadata): boolean {
  if (meta.type !== 'conditionalValidation' || meta.name !== 'isOptional') return false;
  const condition = meta.constraints?.[0];
  if (typeof condition !== 'function') return false;
  const p = meta.propertyName;
  try {
    return OPTIONAL_SAMPLES.every(([value, runs]) => condition({ [p]: value }, value) === runs);
  } catch {
    return false;
  }
}

const OPTIONAL_SAMPLES: readonly [unknown, boolean][] = [
  [undefined, false],
  [null, false],
  [0, true],
  ['', true],
  [false, true],
  ['a', true],
];

// An ASCII address: dot-separated atoms, '@', hostname labels (1-63 characters, no hyphen at
// either end), an alphabetic TLD. Each piece is a case validator.js's isEmail (default options:
// require_tld, no underscores, utf8 local part allowed, 64 bytes for the local part, 254 in all)
// accepts: its FQDN check passes every such label and TLD, its local-part pattern every such atom.
const PLAIN_EMAIL =
  /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$/;

/** True only for addresses validator.js's isEmail accepts with its defaults: a fast path, not a verdict. */
export function isPlainEmail(value: string): boolean {
  return value.length <= 254 && value.indexOf('@') <= 64 && PLAIN_EMAIL.test(value);
}

/** Refuses a constraint that is not the built-in of its name (someone else's validator, same name). */
export function checkFingerprint(
  constraint: ConstraintMetadata,
  args: { constraints: any[] },
  known: Check,
  where: string,
): void {
  const inline = INLINE[constraint.name];
  const probe =
    inline === undefined
      ? undefined
      : generate<(v: unknown) => boolean>(
          `${constraint.name}.probe`,
          {},
          `return function probe(v) { return ${inline('v')}; };`,
        );
  for (const sample of SAMPLES) {
    let expected: boolean;
    let actual: boolean;
    try {
      expected = known(sample, args.constraints ?? []);
      actual = constraint.instance.validate(sample, args as never) as boolean;
    } catch {
      throw new Unsupported(`${where}: ${constraint.name} throws on ${String(sample)}`);
    }
    if (expected !== actual || (probe !== undefined && probe(sample) !== expected)) {
      throw new Unsupported(`${where}: ${constraint.name} is not class-validator's`);
    }
  }
}
