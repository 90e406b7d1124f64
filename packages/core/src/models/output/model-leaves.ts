import type { MetadataStorage } from 'class-transformer/types/MetadataStorage';
import { transformerInternals } from '../vendor/class-transformer';

/** What a model's field holds on the wire: a nested model, or a value that must carry no keys. */
type FieldKind = Function | 'leaf' | 'unchecked';

const SCALARS = new Set<unknown>([String, Number, Boolean, Date, BigInt, Symbol]);
const FREE = new Set<unknown>([undefined, Object, Array]);

/**
 * class-transformer copies the value of an `@Expose()`d field that has no `@Type()` as it comes: an
 * ORM relation or a JSON column there would reach the wire whole, every key of it undeclared. The
 * response model fails closed instead: a field without `@Type()` may hold only scalars, Dates and
 * arrays of them. Returns a check of a filtered value, listing where an object sat in such a field.
 *
 * Refuses at start-up a field declared with a class (`author!: Author`) but no `@Type()`.
 */
export function leafCheck(model: Function): (plain: unknown) => string[] {
  // Without class-transformer's metadata no field is known to be a leaf: the check cannot be made
  // (the app logs a warning at start-up; see vendor/class-transformer.ts).
  const storage = transformerInternals()?.storage;
  if (storage === undefined) return noProblems;
  const kinds = new Map<Function, Map<string, FieldKind>>();
  const fieldsOf = (cls: Function): Map<string, FieldKind> => {
    let fields = kinds.get(cls);
    if (fields !== undefined) return fields;
    fields = new Map();
    kinds.set(cls, fields);
    for (const { propertyName, options } of storage.getExposedMetadatas(cls)) {
      if (propertyName === undefined) continue;
      const kind = fieldKind(storage, cls, propertyName);
      // The filtered value holds a renamed field under its wire name. Two fields sent under one
      // name: the stricter check.
      const wire = options?.name ?? propertyName;
      const other = fields.get(wire);
      fields.set(wire, other === undefined || other === kind ? kind : 'leaf');
      if (typeof kind === 'function') fieldsOf(kind);
    }
    return fields;
  };
  fieldsOf(model);

  return (plain) => {
    const problems: string[] = [];
    visitModel(plain, model, [], problems, fieldsOf);
    return problems;
  };
}

const noProblems = (): string[] => [];

function fieldKind(storage: MetadataStorage, cls: Function, key: string): FieldKind {
  const meta = storage.findTypeMetadata(cls, key);
  if (meta !== undefined) {
    // A discriminator's type function picks the class per object: class-transformer filters those.
    if (meta.typeFunction.length > 0) return 'unchecked';
    const type = meta.typeFunction();
    return typeof type === 'function' && !SCALARS.has(type) ? type : 'leaf';
  }
  const declared: unknown = Reflect.getMetadata('design:type', cls.prototype, key);
  if (typeof declared === 'function' && !SCALARS.has(declared) && !FREE.has(declared)) {
    throw new TypeError(
      `${cls.name}.${key} is declared as ${declared.name} but has no @Type(() => ${declared.name}): ` +
        'without it the whole object would be sent, undeclared fields included',
    );
  }
  return 'leaf';
}

// The path is a stack pushed and popped as the walk goes: it is only read when a problem is found.
function visitModel(
  value: unknown,
  cls: Function,
  path: (string | number)[],
  problems: string[],
  fieldsOf: (cls: Function) => Map<string, FieldKind>,
): void {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      path.push(i);
      visitModel(value[i], cls, path, problems, fieldsOf);
      path.pop();
    }
    return;
  }
  if (value === null || typeof value !== 'object') return;
  const fields = fieldsOf(cls);
  for (const key in value) {
    const kind = fields.get(key);
    if (kind === 'unchecked') continue;
    const child = (value as Record<string, unknown>)[key];
    if (child === null || typeof child !== 'object') continue;
    path.push(key);
    if (typeof kind === 'function') visitModel(child, kind, path, problems, fieldsOf);
    else visitLeaf(child, path, problems);
    path.pop();
  }
}

function visitLeaf(value: unknown, path: (string | number)[], problems: string[]): void {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      path.push(i);
      visitLeaf(value[i], path, problems);
      path.pop();
    }
    return;
  }
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    problems.push(`${path.join('.')}: an object in a field with no nested model (add @Type(() => Model))`);
  }
}

/**
 * Refuses at start-up a response model that exposes nothing: it would send `{}` for every value.
 * The usual cause is two copies of class-transformer, where `@Expose()` wrote to the app's copy and
 * arobase reads its own.
 */
export function assertExposes(model: Function, label: string): void {
  const storage = transformerInternals()?.storage;
  if (storage === undefined || storage.getExposedMetadatas(model).length > 0) return;
  throw new TypeError(
    `${label}: response model ${model.name} has no @Expose()d field, so it would send {}. ` +
      'Mark the fields to send with @Expose(); if they are marked, the app and @arobase/core load two ' +
      'copies of class-transformer (`npm ls class-transformer`): install one version.',
  );
}
