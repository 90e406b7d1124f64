import type { FieldType, ModelShape } from './model-schema';

/**
 * Thrown by a compiled writer on a value whose rendering only class-transformer reproduces
 * exactly (a Map, a Set, a class instance where no `@Type` names it, a function, a bigint...):
 * the caller renders that value with the reference path instead.
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
export function compileWriter(root: ModelShape, excludeNone: boolean): Writer {
  const shapes: ModelShape[] = [];
  const index = new Map<ModelShape, number>();
  const visit = (shape: ModelShape) => {
    if (index.has(shape)) return;
    index.set(shape, shapes.length);
    shapes.push(shape);
    for (const field of shape.fields) if (field.type.kind === 'model') visit(field.type.shape);
  };
  visit(root);

  const rt = runtime(excludeNone);
  const source = [
    ...shapes.map((shape, i) => objectWriter(shape, i, index, excludeNone) + typedWriter(i)),
    'return t0;',
  ].join('\n');
  const names = Object.keys(rt);
  const factory = new Function(...names, source) as (...helpers: unknown[]) => Writer;
  return factory(...names.map((n) => rt[n as keyof typeof rt]));
}

function objectWriter(
  shape: ModelShape,
  i: number,
  index: Map<ModelShape, number>,
  excludeNone: boolean,
): string {
  const lines = [`function o${i}(v) {`, `  let s = '{', x, r;`];
  for (const { key, type } of shape.fields) {
    const name = JSON.stringify(key);
    const first = JSON.stringify(`${name}:`);
    const next = JSON.stringify(`,${name}:`);
    // `undefined` fields are dropped; with excludeNone, `null` ones too (withoutNone).
    const present = excludeNone ? 'x !== undefined && x !== null' : 'x !== undefined';
    lines.push(
      `  x = v[${name}];`,
      `  if (${present}) {`,
      `    r = ${call(type, index)}(x);`,
      `    if (r !== undefined) s += (s.length === 1 ? ${first} : ${next}) + r;`,
      '  }',
    );
  }
  lines.push(`  return s + '}';`, '}');
  return lines.join('\n');
}

/** The dispatch class-transformer makes on a value whose type is this model (TransformOperationExecutor.transform). */
function typedWriter(i: number): string {
  return `
function t${i}(x) {
  if (typeof x !== 'object') return primitive(x);
  if (x === null) return 'null';
  if (isArray(x)) {
    let s = '[';
    for (let i = 0, n = x.length; i < n; i++) {
      const e = x[i];
      if (e === undefined && !(i in x)) continue;
      const r = t${i}(e);
      s += (s.length === 1 ? '' : ',') + (r === undefined ? 'null' : r);
    }
    return s + ']';
  }
  if (x instanceof Date) return date(x);
  if (getPrototypeOf(x) !== OBJECT && exotic(x)) throw BAIL;
  if (typeof x.then === 'function') throw BAIL;
  return o${i}(x);
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
      return `t${index.get(type.shape)}`;
  }
}

/** Object.prototype's own names: the reference never copies a key of that name into a plain object. */
const PROTOTYPE_NAMES = new Set(Object.getOwnPropertyNames(Object.prototype));

/** The helpers generated code calls; the reference's rules for values no `@Type` describes. */
function runtime(excludeNone: boolean) {
  const isArray = Array.isArray;
  const getPrototypeOf = Object.getPrototypeOf;
  const OBJECT = Object.prototype;

  const str = (s: string): string => JSON.stringify(s);
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
    const t = d.valueOf();
    if (typeof t !== 'number') throw BAIL;
    const copy = new Date(t);
    return Number.isNaN(copy.getTime()) ? 'null' : `"${copy.toISOString()}"`;
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

  /** A value without `@Type`: primitives as they are, arrays element by element, plain objects whole. */
  const any = (x: unknown): string | undefined => {
    if (typeof x !== 'object') return primitive(x);
    if (x === null) return 'null';
    if (isArray(x)) return array(x, any);
    if (x instanceof Date) return date(x);
    return plain(x);
  };

  const plain = (x: object): string => {
    // A class instance is filtered by its own class's @Expose()s; a thenable is kept as it is.
    const proto = getPrototypeOf(x);
    if (proto !== OBJECT && proto !== null) throw BAIL;
    const o = x as Record<string, unknown>;
    if (typeof o.then === 'function') throw BAIL;
    const ctor = o.constructor;
    if (ctor !== Object && ctor !== undefined) throw BAIL;
    let s = '{';
    for (const key of Object.keys(o)) {
      if (PROTOTYPE_NAMES.has(key)) continue;
      const v = o[key];
      if (v === undefined || (excludeNone && v === null)) continue;
      const r = any(v);
      if (r !== undefined) s += `${s.length === 1 ? '' : ','}${str(key)}:${r}`;
    }
    return `${s}}`;
  };

  // @Type(() => String | Number | Boolean | Date) converts each value (arrays element by element);
  // null and undefined stay; objects other than arrays (and Dates for Date) are left to the reference.
  const asString = (x: unknown): string | undefined => {
    switch (typeof x) {
      case 'string':
        return str(x);
      case 'number':
      case 'boolean':
        return str(String(x));
      case 'undefined':
        return undefined;
      case 'object':
        if (x === null) return 'null';
        if (isArray(x)) return array(x, asString);
    }
    throw BAIL;
  };
  const asNumber = (x: unknown): string | undefined => {
    switch (typeof x) {
      case 'number':
        return num(x);
      case 'string':
      case 'boolean':
        return num(Number(x));
      case 'undefined':
        return undefined;
      case 'object':
        if (x === null) return 'null';
        if (isArray(x)) return array(x, asNumber);
    }
    throw BAIL;
  };
  const asBoolean = (x: unknown): string | undefined => {
    switch (typeof x) {
      case 'boolean':
      case 'number':
      case 'string':
        return x ? 'true' : 'false';
      case 'undefined':
        return undefined;
      case 'object':
        if (x === null) return 'null';
        if (isArray(x)) return array(x, asBoolean);
    }
    throw BAIL;
  };
  const asDate = (x: unknown): string | undefined => {
    switch (typeof x) {
      case 'string':
      case 'number':
      case 'boolean':
        return date(new Date(x as number));
      case 'undefined':
        return undefined;
      case 'object':
        if (x === null) return 'null';
        if (isArray(x)) return array(x, asDate);
        if (x instanceof Date) return date(x);
    }
    throw BAIL;
  };

  return {
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
