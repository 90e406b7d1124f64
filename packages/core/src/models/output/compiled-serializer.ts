import { generate } from '../generated';
import type { FieldType, ModelShape } from './model-shape';
import { isDefault, topLevel, type WriterOptions } from './writer-options';

/**
 * Thrown by a compiled writer on a value whose rendering only class-transformer reproduces
 * exactly (a Map, a Set, a function, a bigint...), or that the reference refuses (an object in a
 * field without `@Type`): the caller hands that value to the reference path, which renders it or
 * throws its own error.
 */
export const BAIL: unique symbol = Symbol('arobase.bail');

/** Writes a value as the reference path would: JSON text, or undefined where a field is dropped. */
export type Writer = (value: unknown) => string | undefined;

/**
 * Generates the writer of a model: one function per model that reads the model's fields in
 * class-transformer's order and writes JSON as it goes, so filtering and serialising are one pass
 * with no intermediate object. Type guards on every value keep the output byte-identical to
 * `JSON.stringify(instanceToPlain(plainToInstance(...)))`; what they do not know, they BAIL on.
 *
 * Keys reach the generated source only through `JSON.stringify`, as string literals.
 */
export function compileWriter(root: ModelShape, options: WriterOptions = {}): Writer {
  root = topLevel(root, options);
  const shapes: ModelShape[] = [];
  const index = new Map<ModelShape, number>();
  const visit = (shape: ModelShape) => {
    if (index.has(shape)) return;
    index.set(shape, shapes.length);
    shapes.push(shape);
    for (const field of shape.fields) if (field.type.kind === 'model') visit(field.type.shape);
  };
  visit(root);

  const rt = {
    ...runtime(),
    // The model classes (instances are read by property name) and the fields' defaults, by model number.
    MODELS: shapes.map((shape) => shape.model),
    DEFAULTS: shapes.map((shape) => shape.fields.map((field) => field.fallback?.value)),
  };
  const source = [
    ...shapes.map((shape, i) => objectWriter(shape, i, index, options) + typedWriter(i)),
    'return write0;',
  ].join('\n');
  return generate<Writer>(`${root.model.name || 'anonymous'}.serializer`, rt, source);
}

function objectWriter(
  shape: ModelShape,
  i: number,
  index: Map<ModelShape, number>,
  options: WriterOptions,
): string {
  const excludeNone = options.excludeNone === true;
  // json: the text so far; field: the value of the field being written; written: its JSON text.
  const lines = [`function writeObject${i}(object) {`, `  let json = '{', field, written;`];
  // An instance of the model (or a subclass) holds its fields under their property names.
  if (shape.fields.some((f) => f.key !== f.property))
    lines.push(`  const own = object instanceof MODELS[${i}];`);
  shape.fields.forEach(({ key, property, type, fallback }, n) => {
    const name = JSON.stringify(options.byAlias === false ? property : key);
    const wire = JSON.stringify(key);
    // The first field never needs a comma; a later one does unless every field before it was dropped.
    const prefix =
      n === 0
        ? JSON.stringify(`${name}:`)
        : `(json.length === 1 ? ${JSON.stringify(`${name}:`)} : ${JSON.stringify(`,${name}:`)})`;
    // `undefined` fields are dropped; with excludeNone, `null` ones too (withoutNone).
    const present = excludeNone ? 'field !== undefined && field !== null' : 'field !== undefined';
    lines.push(
      key === property
        ? `  field = object[${wire}];`
        : `  field = own ? object[${JSON.stringify(property)}] : object[${wire}];`,
    );
    if (fallback !== undefined && options.excludeUnset !== true)
      lines.push(`  if (field === undefined) field = DEFAULTS[${i}][${n}];`);
    if (fallback !== undefined && options.excludeDefaults === true) {
      lines.push(`  if (isDefault(field, DEFAULTS[${i}][${n}])) field = undefined;`);
    }
    // What JSON writes as null (NaN, Infinity, an invalid Date) is none too.
    const kept = excludeNone ? `written !== undefined && written !== 'null'` : 'written !== undefined';
    if (type.kind === 'any') {
      // Strings and numbers, the common case, without a call; the rest (a Date among them) through
      // `any`, which keeps the function small enough for V8 to optimise well. Appended in two
      // steps: `json += a + b` would first build `a + b`, a string of its own.
      lines.push(
        `  if (typeof field === 'string') { json += ${prefix}; json += str(field); }`,
        excludeNone
          ? `  else if (typeof field === 'number') { if (field - field === 0) { json += ${prefix}; json += field; } }`
          : `  else if (typeof field === 'number') { json += ${prefix}; json += field - field === 0 ? '' + field : 'null'; }`,
        `  else if (${present}) {`,
      );
    } else {
      lines.push(`  if (${present}) {`);
    }
    lines.push(
      `    written = ${call(type, index)}(field);`,
      `    if (${kept}) { json += ${prefix}; json += written; }`,
      '  }',
    );
  });
  lines.push(`  return json + '}';`, '}');
  return lines.join('\n');
}

/**
 * The dispatch class-transformer makes on a value whose type is this model
 * (TransformOperationExecutor.transform): `writeN` decides, `writeObjectN` writes the fields.
 */
function typedWriter(i: number): string {
  return `
function write${i}(value) {
  if (typeof value !== 'object') return primitive(value);
  if (value === null) return 'null';
  const proto = getPrototypeOf(value);
  if (proto === OBJECT && !isArray(value)) {
    if (typeof value.then === 'function') throw BAIL;
    return writeObject${i}(value);
  }
  if (isArray(value)) {
    let json = '[';
    for (let at = 0, length = value.length; at < length; at++) {
      const item = value[at];
      if (item === undefined && !(at in value)) continue;
      const written = write${i}(item);
      json += (json.length === 1 ? '' : ',') + (written === undefined ? 'null' : written);
    }
    return json + ']';
  }
  if (value instanceof Date) return date(value);
  if (proto !== null && exotic(value)) throw BAIL;
  if (typeof value.then === 'function') throw BAIL;
  return writeObject${i}(value);
}`;
}

function call(type: FieldType, index: Map<ModelShape, number>): string {
  switch (type.kind) {
    case 'any':
      return 'any';
    case 'string':
      return 'asString';
    case 'number':
      return 'asNumber';
    case 'boolean':
      return 'asBoolean';
    case 'date':
      return 'asDate';
    case 'model':
      return `write${index.get(type.shape)}`;
  }
}

// What JSON.stringify escapes: control characters, `"`, `\\`, and lone surrogates (any surrogate here;
// a well-formed pair is then left as it is by JSON.stringify).
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it looks for.
const NEEDS_ESCAPE = /[\u0000-\u001f"\\\ud800-\udfff]/;

/**
 * `JSON.stringify(s)` for a string: most strings need no escape, and checking that first is cheaper
 * than JSON.stringify's own pass (a loop for short strings, a regular expression for long ones),
 * which copies the string even when nothing in it is escaped. Measured under callgrind: about 630
 * instructions against 1,100 for `post-17`, 1,500 to 1,700 against 3,300 for an 88-character
 * sentence; a string that needs escapes pays the check on top (2,700 against 2,200).
 */
export function quote(s: string): string {
  if (s.length < 42) {
    // A quote or a backslash, the escapes text holds most, is escaped here; anything rarer
    // (a control character, a surrogate) is left to JSON.stringify.
    let escaped = '';
    let from = 0;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c === 34 || c === 92) {
        // The character itself starts the next slice, after its backslash.
        escaped += `${s.slice(from, i)}\\`;
        from = i;
      } else if (c < 32 || (c >= 0xd800 && c <= 0xdfff)) {
        return JSON.stringify(s);
      }
    }
    return from === 0 && escaped === '' ? `"${s}"` : `"${escaped}${s.slice(from)}"`;
  }
  return NEEDS_ESCAPE.test(s) ? JSON.stringify(s) : `"${s}"`;
}

/**
 * `JSON.stringify(date)`: toISOString's text, written from the UTC fields (a few times faster than
 * toISOString itself); years outside 1000-9999 (`+012345-...`) and invalid dates take the slow way.
 * Date.prototype's own methods read the time value, whatever a subclass or the instance overrides,
 * as they do on the plain Date copy the reference makes.
 */
export function isoString(d: Date): string {
  const y = utcFullYear.call(d);
  if (!(y >= 1000 && y <= 9999)) return Number.isNaN(y) ? 'null' : `"${toISO.call(d)}"`;
  const ms = utcMilliseconds.call(d);
  return `"${y}-${TWO_DIGITS[utcMonth.call(d) + 1]}-${TWO_DIGITS[utcDate.call(d)]}T${TWO_DIGITS[utcHours.call(d)]}:${TWO_DIGITS[utcMinutes.call(d)]}:${TWO_DIGITS[utcSeconds.call(d)]}.${ms < 10 ? '00' : ms < 100 ? '0' : ''}${ms}Z"`;
}

const {
  getUTCFullYear: utcFullYear,
  getUTCMonth: utcMonth,
  getUTCDate: utcDate,
  getUTCHours: utcHours,
  getUTCMinutes: utcMinutes,
  getUTCSeconds: utcSeconds,
  getUTCMilliseconds: utcMilliseconds,
  toISOString: toISO,
} = Date.prototype;
const TWO_DIGITS = Array.from({ length: 60 }, (_, i) => (i < 10 ? `0${i}` : `${i}`));

/** The helpers generated code calls; the reference's rules for values no `@Type` describes. */
function runtime() {
  const isArray = Array.isArray;
  const getPrototypeOf = Object.getPrototypeOf;
  const OBJECT = Object.prototype;
  const dateValueOf = Date.prototype.valueOf;

  const str = quote;
  const num = (n: number): string => (Number.isFinite(n) ? `${n}` : 'null');

  /** A value copied as it is: JSON's rendering of a string, number or boolean. */
  const primitive = (x: unknown): string | undefined => {
    switch (typeof x) {
      case 'string':
        return str(x);
      case 'number':
        return num(x);
      case 'boolean':
        return x ? 'true' : 'false';
      case 'undefined':
        return undefined;
    }
    // A function is called by instanceToPlain; a bigint or symbol makes JSON throw or skip.
    throw BAIL;
  };

  /** A Date is copied (`new Date(d.valueOf())`) and JSON calls its toJSON: ISO text, or null when invalid. */
  const date = (d: Date): string => {
    // The copy holds the same time as the original unless valueOf was replaced.
    if (d.valueOf === dateValueOf) return isoString(d);
    const t = d.valueOf();
    if (typeof t !== 'number') throw BAIL;
    return isoString(new Date(t));
  };

  /** Objects class-transformer treats apart (Set as an array, Map as a map, Buffer as bytes). */
  const exotic = (x: object): boolean => x instanceof Set || x instanceof Map || x instanceof Uint8Array;

  const array = (x: unknown[], item: Writer): string => {
    let s = '[';
    for (let i = 0, n = x.length; i < n; i++) {
      const e = x[i];
      // forEach skips holes, so the reference drops them.
      if (e === undefined && !(i in x)) continue;
      const r = item(e);
      s += (s.length === 1 ? '' : ',') + (r === undefined ? 'null' : r);
    }
    return `${s}]`;
  };

  /**
   * A value without `@Type`: primitives as they are, Dates, arrays element by element. An object
   * there is a ResponseValidationError on the reference path (model-leaves.ts: class-transformer
   * would copy it whole); the reference raises it, with the path of the field in its message.
   */
  const any = (x: unknown): string | undefined => {
    if (typeof x !== 'object') return primitive(x);
    if (x === null) return 'null';
    if (isArray(x)) return array(x, any);
    if (x instanceof Date) return date(x);
    throw BAIL;
  };

  /**
   * `@Type(() => String | Number | Boolean | Date)` converts each value (arrays element by element);
   * null and undefined stay; other objects (but a Date for Date) are left to the reference.
   */
  const converter = (scalar: (x: string | number | boolean) => string, dates: boolean): Writer => {
    const convert = (x: unknown): string | undefined => {
      switch (typeof x) {
        case 'string':
        case 'number':
        case 'boolean':
          return scalar(x);
        case 'undefined':
          return undefined;
        case 'object':
          if (x === null) return 'null';
          if (isArray(x)) return array(x, convert);
          if (dates && x instanceof Date) return date(x);
      }
      throw BAIL;
    };
    return convert;
  };
  const asString = converter((x) => str(String(x)), false);
  const asNumber = converter((x) => num(Number(x)), false);
  const asBoolean = converter((x) => (x ? 'true' : 'false'), false);
  const asDate = converter((x) => date(new Date(x as number)), true);

  return {
    isDefault,
    str,
    isArray,
    getPrototypeOf,
    OBJECT,
    BAIL,
    primitive,
    date,
    exotic,
    any,
    asString,
    asNumber,
    asBoolean,
    asDate,
  };
}
