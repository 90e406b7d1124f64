import { TransformationType } from 'class-transformer';
import { construct } from '../construct';
import { Unsupported } from '../unsupported';
import {
  type TransformerInternals,
  transformerInternals,
  transformerInternalsProblem,
} from '../vendor/class-transformer';

/**
 * What a field's value goes through on the reference path: nothing (`any`: scalars, Dates and
 * arrays of them copied as they are, an object refused), a conversion that
 * `@Type(() => String | Number | Boolean | Date)` asks for, or a nested model.
 */
export type FieldType =
  | { readonly kind: 'any' | 'string' | 'number' | 'boolean' | 'date' }
  | { readonly kind: 'model'; readonly shape: ModelShape };

export interface FieldShape {
  /** The wire name: read from a plain value, and written unless `byAlias: false`. */
  readonly key: string;
  /** The property name: read from an instance of the model (or a subclass), and `include`/`exclude`'s name. */
  readonly property: string;
  readonly type: FieldType;
  /** The field initialiser's value, sent when the value lacks the field (`exposeDefaultValues`). */
  readonly fallback?: { readonly value: unknown };
}

/** A response model as the compiled serializer sees it: the keys class-transformer keeps, in its order. */
export interface ModelShape {
  readonly model: Function;
  /** Filled after the shape is registered, so that a model may nest itself. */
  readonly fields: FieldShape[];
}

export type ShapeResult =
  | { readonly ok: true; readonly shape: ModelShape }
  | { readonly ok: false; readonly reason: string };

/**
 * Reads a model's class-transformer metadata into a shape the compiled serializer can write in one
 * pass, or says why it cannot: then the route keeps the reference path. Everything is decided here,
 * once, for the route's `groups`; the rules are class-transformer 0.5.1's (see TransformOperationExecutor).
 */
export function modelShape(model: Function, groups: readonly string[] | undefined): ShapeResult {
  const internals = transformerInternals();
  if (internals === undefined) return { ok: false, reason: transformerInternalsProblem()! };
  try {
    return { ok: true, shape: shapeOf(internals, model, groups ? [...groups] : undefined, new Map()) };
  } catch (error) {
    if (error instanceof Unsupported) return { ok: false, reason: error.message };
    throw error;
  }
}

function shapeOf(
  t: TransformerInternals,
  model: Function,
  groups: string[] | undefined,
  seen: Map<Function, ModelShape>,
): ModelShape {
  const known = seen.get(model);
  if (known !== undefined) return known;
  const name = model.name || 'an anonymous class';
  assertUserClass(model, name);
  // The reference starts from `new Model()`: the fields its constructor sets are on every instance.
  const built = construct(model);
  if ('error' in built) throw new Unsupported(`new ${name}() throws: ${(built.error as Error)?.message}`);
  const initialised = built.instance;
  const renamed = renames(t, model, name);
  // Plain → class reads these keys (whatever is not @Expose()d, @Exclude()d or in another group is
  // dropped here; a renamed field under its wire name) and writes each over the constructor's value;
  // class → plain (`excludeAll`) writes the keys the model exposes, or all the instance's when the
  // class itself is `@Expose()`d. The compiled path writes the first list in order, which is what the
  // reference sends when the second list starts with the first and the rest are not set on the
  // instance (then they are undefined and dropped).
  const options = { groups };
  const read = t.transformKeys(
    TransformationType.PLAIN_TO_CLASS,
    { ...options, excludeExtraneousValues: true },
    model,
    {},
  );
  const properties = read.map((k) => renamed.get(k) ?? k);
  const written = t.transformKeys(
    TransformationType.CLASS_TO_PLAIN,
    { ...options, strategy: 'excludeAll' },
    model,
    // The instance's keys in its order: the constructor's, then those read that it did not set.
    Object.fromEntries([...Object.keys(initialised), ...properties].map((k) => [k, true])),
  );
  if (
    written.length < properties.length ||
    properties.some((k, i) => written[i] !== k) ||
    written.slice(properties.length).some((k) => Object.hasOwn(initialised, k))
  ) {
    throw new Unsupported(`${name} exposes different fields when read and when written`);
  }
  for (const key of properties) {
    // Reading skips a field whose value on `new Model()` is a function, and cannot write over an
    // accessor or a read-only field: the constructor's value would be sent.
    const own = Object.getOwnPropertyDescriptor(initialised, key);
    if (own !== undefined && (!own.writable || typeof own.value === 'function')) {
      throw new Unsupported(
        `${name}'s constructor sets ${key} to a function, an accessor or a read-only value`,
      );
    }
  }
  for (const key of written) {
    // A getter or method of that name: the reference skips the field when reading and calls it
    // when writing (and `constructor`, `__proto__`, `toString`... are never copied).
    if (key in model.prototype) throw new Unsupported(`${name}.${key} is a getter or method`);
  }

  const shape: ModelShape = { model, fields: [] };
  seen.set(model, shape);
  const again = construct(model);
  read.forEach((key, i) => {
    const property = properties[i];
    if (t.hasTransform(model, property, 'either'))
      throw new Unsupported(`${name}.${property} has @Transform`);
    // A renamed field is read and written under its wire name; its @Type is the property's.
    const type = fieldType(t, model, name, property, groups, seen);
    const fallback = fallbackOf(name, property, initialised, 'instance' in again ? again.instance : {});
    shape.fields.push(fallback === undefined ? { key, property, type } : { key, property, type, fallback });
  });
  return shape;
}

/**
 * A field initialiser the compiled path can send as it was read at start-up: a primitive, or a list of
 * them, that a second `new Model()` gives again. The reference reads each request's own `new Model()`:
 * a default made of the time (`new Date()`, `Date.now()`), a random value or an object could differ.
 */
function fallbackOf(
  name: string,
  property: string,
  first: Record<string, unknown>,
  second: Record<string, unknown>,
): { value: unknown } | undefined {
  const value = first[property];
  if (value === undefined) return undefined;
  const primitive = (v: unknown) => v === null || (typeof v !== 'object' && typeof v !== 'function');
  const same = Array.isArray(value)
    ? value.every(primitive) &&
      Array.isArray(second[property]) &&
      JSON.stringify(value) === JSON.stringify(second[property])
    : primitive(value) && Object.is(value, second[property]);
  if (!same) {
    throw new Unsupported(`${name}.${property}'s default is not a constant primitive or list of primitives`);
  }
  return { value };
}

/**
 * `@Expose({ name })`: wire name → property. The reference reads the wire name into the property
 * and writes it back under the wire name; that round trip only holds when the property is exposed
 * once, outside groups (the reference filters groups by property name on one side and by wire name
 * on the other), and no other field has that name.
 */
function renames(t: TransformerInternals, model: Function, name: string): Map<string, string> {
  const exposes = t.storage.getExposedMetadatas(model);
  const count = new Map<string, number>();
  for (const e of exposes) count.set(e.propertyName!, (count.get(e.propertyName!) ?? 0) + 1);
  const renamed = new Map<string, string>();
  for (const e of exposes) {
    const wire = e.options?.name;
    if (wire === undefined || wire === e.propertyName) continue;
    const where = `${name}.${e.propertyName}`;
    if (count.get(e.propertyName!)! > 1) throw new Unsupported(`${where} is renamed and exposed again`);
    if (e.options.groups !== undefined) throw new Unsupported(`${where} is renamed and in groups`);
    if (renamed.has(wire) || count.has(wire)) {
      throw new Unsupported(`${where} is renamed to '${wire}', a name another field has`);
    }
    renamed.set(wire, e.propertyName!);
  }
  return renamed;
}

function fieldType(
  t: TransformerInternals,
  model: Function,
  name: string,
  key: string,
  groups: string[] | undefined,
  seen: Map<Function, ModelShape>,
): FieldType {
  const meta = t.storage.findTypeMetadata(model, key);
  // Without @Type the reference copies a scalar as it comes and refuses an object (model-leaves.ts).
  if (meta === undefined) return ANY;
  const where = `${name}.${key}`;
  if (meta.options?.discriminator !== undefined) throw new Unsupported(`${where} has a discriminator`);
  if (meta.typeFunction.length > 0) {
    // `@Type((options) => ...)` may choose the type per object.
    throw new Unsupported(`${where}'s @Type function takes arguments`);
  }
  const type = meta.typeFunction();
  const primitive = PRIMITIVES.get(type);
  if (primitive === undefined && typeof type !== 'function')
    throw new Unsupported(`${where}'s @Type gives no class`);
  const field = primitive ?? { kind: 'model', shape: shapeOf(t, type, groups, seen) };
  assertArrayType(meta.reflectedType, where);
  return field;
}

/**
 * An array value is first copied into `new (design:type)()`: a Set would drop duplicates, and a
 * Map-typed field is read as a map. Plain arrays (Array, Object, a model) behave alike.
 */
function assertArrayType(reflected: unknown, where: string): void {
  if (reflected === undefined || reflected === Array || reflected === Object) return;
  if (reflected === Map || reflected === Set) throw new Unsupported(`${where} is declared as a Map or Set`);
  if (typeof reflected !== 'function') return;
  let container: unknown;
  try {
    container = new (reflected as new () => unknown)();
  } catch {
    throw new Unsupported(`${where}'s declared type cannot be built without arguments`);
  }
  if (
    container instanceof Set ||
    (typeof container === 'object' && container !== null && 'push' in container)
  ) {
    if (!Array.isArray(container)) throw new Unsupported(`${where}'s declared type is a custom collection`);
  }
}

/** Built-ins (Buffer, Map, Error...) have their own rules in class-transformer; only user classes compile. */
function assertUserClass(model: Function, name: string): void {
  if (typeof model.prototype !== 'object') throw new Unsupported(`${name} is not a class`);
  for (let proto = model.prototype; proto !== null && proto !== Object.prototype; ) {
    const ctor = (proto as { constructor?: unknown }).constructor;
    if (typeof ctor !== 'function' || NATIVE.test(Function.prototype.toString.call(ctor))) {
      throw new Unsupported(`${name} is or extends a built-in class`);
    }
    proto = Object.getPrototypeOf(proto);
  }
}

const NATIVE = /\{\s*\[native code\]\s*\}\s*$/;
const ANY: FieldType = { kind: 'any' };
const PRIMITIVES = new Map<unknown, FieldType>([
  [String, { kind: 'string' }],
  [Number, { kind: 'number' }],
  [Boolean, { kind: 'boolean' }],
  [Date, { kind: 'date' }],
]);
