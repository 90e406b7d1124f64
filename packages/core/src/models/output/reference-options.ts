import { transformerInternals } from '../vendor/class-transformer';
import type { ResponseModelOptions } from './model-options';
import { isDefault } from './writer-options';

/**
 * The reference path's two corrections to class-transformer and the response model options it has no
 * switch for. Each is a walk over the value at one stage: the returned value (read instances by
 * property name), the model instance class-transformer built (`include`, `exclude`, `excludeDefaults`,
 * by property name), and the plain object it wrote (`excludeNone`, `byAlias: false`).
 */

type Node = Record<string, unknown>;
type Renames = ReadonlyMap<string, string>;

/** `@Expose({ name })` of a model: property → wire name (empty without class-transformer's internals). */
function renamesOf(model: Function): Renames {
  let found = renames.get(model);
  if (found === undefined) {
    const t = transformerInternals();
    const map = new Map<string, string>();
    for (const e of t?.storage.getExposedMetadatas(model) ?? []) {
      const wire = e.options?.name;
      if (wire !== undefined && wire !== e.propertyName) map.set(e.propertyName!, wire);
    }
    renames.set(model, (found = map));
  }
  return found;
}
const renames = new WeakMap<Function, Renames>();

/** The class a field's `@Type(() => Nested)` names, when it is one without arguments. */
function nestedType(model: Function, property: string): Function | undefined {
  const meta = transformerInternals()?.storage.findTypeMetadata(model, property);
  if (meta === undefined || meta.typeFunction.length > 0) return undefined;
  const type = meta.typeFunction();
  return typeof type === 'function' && type !== String && type !== Number && type !== Boolean && type !== Date
    ? type
    : undefined;
}

function exposedProperties(model: Function): string[] {
  const t = transformerInternals();
  return [...new Set((t?.storage.getExposedMetadatas(model) ?? []).map((e) => e.propertyName!))];
}

/**
 * class-transformer reads a renamed field under its wire name, also from an instance of the model,
 * which holds it under its property name: the field would be lost. An instance (of the model or a
 * subclass), at any depth, is read as the plain object of its exposed fields under their wire names.
 */
export function byPropertyName(model: Function, value: unknown, depth = 0): unknown {
  if (depth > 64 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    value.forEach((item, i) => {
      const read = byPropertyName(model, item, depth + 1);
      // Object.is: NaN is unchanged too. slice, not a spread: a spread turns holes (which
      // class-transformer skips) into undefined items (which it writes as null).
      if (!Object.is(read, item)) (out ??= value.slice())[i] = read;
    });
    return out ?? value;
  }
  const own = value instanceof model;
  const names = renamesOf(model);
  let out: Node | undefined;
  for (const property of exposedProperties(model)) {
    const wire = names.get(property) ?? property;
    const raw = (value as Node)[own ? property : wire];
    const nested = nestedType(model, property);
    const read = nested === undefined ? raw : byPropertyName(nested, raw, depth + 1);
    if (own || read !== (value as Node)[wire]) {
      out ??= own ? {} : { ...(value as Node) };
      out[wire] = read;
    }
  }
  return out ?? value;
}

/** Whether any model reachable from `model` renames a field: only then is `byPropertyName` needed. */
export function hasRenames(model: Function, seen = new Set<Function>()): boolean {
  if (seen.has(model)) return false;
  seen.add(model);
  if (renamesOf(model).size > 0) return true;
  return exposedProperties(model).some((p) => {
    const nested = nestedType(model, p);
    return nested !== undefined && hasRenames(nested, seen);
  });
}

/** Whether `include` and `exclude` keep a top-level field (by property name). */
function keeps({ include, exclude }: ResponseModelOptions, property: string): boolean {
  return (include === undefined || include.includes(property)) && !exclude?.includes(property);
}

/** Calls `visit` on each model-level object of a value: itself, or each item of a list (of lists). */
function eachItem(value: unknown, visit: (node: Node) => unknown, depth = 0): void {
  if (Array.isArray(value)) {
    if (depth < 64) for (const item of value) eachItem(item, visit, depth + 1);
  } else if (value !== null && typeof value === 'object') {
    visit(value as Node);
  }
}

/**
 * `include` and `exclude` on the returned value, before class-transformer reads it: a field left out
 * is not read at all (an unreadable value there is no error), as on the compiled path.
 */
export function onValue(
  model: Function,
  options: ResponseModelOptions,
): ((value: unknown) => unknown) | undefined {
  if (options.include === undefined && options.exclude === undefined) return undefined;
  const names = renamesOf(model);
  const wires = exposedProperties(model)
    .filter((property) => keeps(options, property))
    .map((property) => names.get(property) ?? property);
  const pick = (node: Node): Node => {
    const out: Node = {};
    for (const wire of wires) {
      const value = node[wire];
      if (value !== undefined) out[wire] = value;
    }
    return out;
  };
  const walk = (value: unknown, depth: number): unknown => {
    if (Array.isArray(value)) return depth < 64 ? value.map((item) => walk(item, depth + 1)) : value;
    return isFieldBag(value) ? pick(value as Node) : value;
  };
  return (value) => walk(value, 0);
}

/** An object class-transformer reads field by field (not a Date, a Map, a Set, bytes or a boxed primitive). */
function isFieldBag(value: unknown): boolean {
  return (
    value !== null &&
    typeof value === 'object' &&
    !(value instanceof Date) &&
    !(value instanceof Map) &&
    !(value instanceof Set) &&
    !ArrayBuffer.isView(value) &&
    !(value instanceof Number) &&
    !(value instanceof String) &&
    !(value instanceof Boolean)
  );
}

/** `include`, `exclude` (top level) and `excludeDefaults` (every depth), on the instance class-transformer built. */
export function onInstance(options: ResponseModelOptions): ((instance: unknown) => void) | undefined {
  const { include, exclude, excludeDefaults } = options;
  if (include === undefined && exclude === undefined && excludeDefaults !== true) return undefined;
  const visit = (node: Node) => {
    // The defaults of left-out fields are on the instance: leave those out too.
    for (const key of Object.keys(node)) if (!keeps(options, key)) delete node[key];
    if (excludeDefaults === true) withoutDefaults(node, 0);
  };
  return (instance) => eachItem(instance, visit);
}

function withoutDefaults(node: Node, depth: number): void {
  if (depth > 64) return;
  const defaults = defaultsOf(node.constructor);
  for (const key of Object.keys(node)) {
    const value = node[key];
    if (defaults !== undefined && isDefault(value, defaults[key])) delete node[key];
    else eachItem(value, (item) => isModelInstance(item) && withoutDefaults(item, depth + 1), depth);
  }
}

function isModelInstance(value: unknown): boolean {
  if (value === null || typeof value !== 'object' || value instanceof Date || Array.isArray(value))
    return false;
  const proto = Object.getPrototypeOf(value);
  return proto !== null && proto !== Object.prototype;
}

/** A class's field initialisers, read once from `new Model()` (undefined when it throws). */
function defaultsOf(cls: unknown): Node | undefined {
  if (typeof cls !== 'function') return undefined;
  if (!defaults.has(cls)) {
    let instance: Node | undefined;
    try {
      instance = new (cls as new () => Node)();
    } catch {
      instance = undefined;
    }
    defaults.set(cls, instance);
  }
  return defaults.get(cls);
}
const defaults = new WeakMap<Function, Node | undefined>();

/**
 * `excludeNone` (null, undefined, a number JSON writes as null, an invalid Date) and `byAlias: false`
 * (property names instead of wire names), on the plain object class-transformer wrote. The instance
 * it was written from walks alongside, to tell each object's model.
 */
export function onPlain(
  options: ResponseModelOptions,
  model: Function,
): ((plain: unknown) => unknown) | undefined {
  const excludeNone = options.excludeNone === true;
  const byProperty = options.byAlias === false;
  if (!excludeNone && !byProperty) return undefined;
  const walk = (value: unknown, type: Function | undefined, depth: number): unknown => {
    if (Array.isArray(value)) return value.map((item) => walk(item, type, depth + 1));
    if (value === null || typeof value !== 'object' || value instanceof Date || depth > 64) return value;
    const wireToProperty = new Map<string, string>();
    if (byProperty && type !== undefined) {
      for (const [property, wire] of renamesOf(type)) wireToProperty.set(wire, property);
    }
    const out: Node = {};
    for (const [key, v] of Object.entries(value)) {
      if (excludeNone && isNone(v)) continue;
      const property = wireToProperty.get(key) ?? key;
      const nested = type === undefined ? undefined : nestedType(type, property);
      out[byProperty ? property : key] = walk(v, nested, depth + 1);
    }
    return out;
  };
  return (plain) => walk(plain, model, 0);
}

function isNone(value: unknown): boolean {
  if (value === null || value === undefined) return true;
  if (typeof value === 'number') return !Number.isFinite(value);
  return value instanceof Date && Number.isNaN(Date.prototype.getTime.call(value));
}
