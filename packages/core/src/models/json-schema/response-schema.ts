import { TransformationType } from 'class-transformer';
import type { ResponseModelOptions } from '../output/model-options';
import { type TransformerInternals, transformerInternals } from '../vendor/class-transformer';
import type { JsonSchema, SchemaComponents } from './components';

/**
 * The schema of what a response model writes: the fields it exposes (for its groups) under their
 * wire names, nested models as `$ref`s, Dates as `date-time` strings. It describes the declared
 * types; it requires no field (a value may lack one, and the serializer then leaves it out), so every body written from a value
 * of the model's declared type validates.
 *
 * @example
 * ```ts
 * const components = new SchemaComponents();
 * responseSchema({ model: UserOut, isArray: true, options: {} }, components);
 * // { type: 'array', items: { $ref: '#/components/schemas/UserOut' } }
 * ```
 */
export function responseSchema(
  meta: { model: Function; isArray: boolean; options: ResponseModelOptions },
  components: SchemaComponents,
): JsonSchema {
  const { model, isArray, options } = meta;
  const one = modelRef(model, options, true, components);
  return isArray ? { type: 'array', items: one } : one;
}

function modelRef(
  model: Function,
  options: ResponseModelOptions,
  top: boolean,
  components: SchemaComponents,
): JsonSchema {
  // `include` and `exclude` apply to the top level only: a nested model is the same at every route.
  const own = top && (options.include !== undefined || options.exclude !== undefined);
  const variant = JSON.stringify([
    options.groups ?? null,
    options.byAlias ?? true,
    options.excludeNone === true,
    options.excludeUnset === true,
    options.excludeDefaults === true,
    own ? [options.include ?? null, options.exclude ?? null] : null,
  ]);
  const suffix = options.groups?.length ? `-${options.groups.join('-')}` : '';
  return components.ref(model, variant, suffix, () => {
    const internals = transformerInternals();
    // Without class-transformer's key walk the fields cannot be listed: say only that it is an object.
    return internals === undefined
      ? { type: 'object' }
      : objectSchema(model, options, own, components, internals);
  });
}

function objectSchema(
  model: Function,
  options: ResponseModelOptions,
  top: boolean,
  components: SchemaComponents,
  internals: TransformerInternals,
): JsonSchema {
  const { storage: metadataStorage, transformKeys } = internals;
  const groups = options.groups ? [...options.groups] : undefined;
  const written = transformKeys(
    TransformationType.CLASS_TO_PLAIN,
    { groups, strategy: 'excludeAll' },
    model,
    {},
  );
  const defaults = defaultsOf(model);
  const properties: Record<string, JsonSchema> = {};
  for (const property of written) {
    const wire = metadataStorage.findExposeMetadata(model, property)?.options?.name ?? property;
    if (top && options.include !== undefined && !options.include.includes(property)) continue;
    if (top && options.exclude?.includes(property)) continue;
    const name = options.byAlias === false ? property : wire;
    properties[name] = fieldSchema(model, property, defaults[property], options, components, internals);
  }
  // The serializer fails closed: a field the model does not expose is never sent.
  const schema: JsonSchema = { type: 'object', properties, additionalProperties: false };
  return schema;
}

function fieldSchema(
  model: Function,
  property: string,
  fallback: unknown,
  options: ResponseModelOptions,
  components: SchemaComponents,
  internals: TransformerInternals,
): JsonSchema {
  const metadataStorage = internals.storage;
  // A @Transform writes whatever its function returns.
  if (internals.hasTransform(model, property, 'either')) return {};
  let declared: unknown = Reflect.getMetadata('design:type', model.prototype, property);
  // TypeScript records `Object` for `role = 'user'` (no annotation): the default tells the type.
  if (declared === Object && fallback !== undefined && fallback !== null) declared = fallback.constructor;
  const typed = metadataStorage.findTypeMetadata(model, property);
  if (typed !== undefined) {
    // `@Type((options) => ...)` chooses the class per object: nothing to say statically.
    if (typed.typeFunction.length > 0 || typed.options?.discriminator !== undefined) return {};
    const type = typed.typeFunction();
    const item =
      SCALARS.get(type) ??
      (typeof type === 'function' ? modelRef(type, nested(options), false, components) : {});
    return declared === Array ? { type: 'array', items: item } : item;
  }
  if (declared === Array) return { type: 'array' };
  const scalar = SCALARS.get(declared);
  return scalar === undefined ? {} : { ...scalar };
}

/** The options a nested model is written with: all but the top-level `include` and `exclude`. */
function nested(options: ResponseModelOptions): ResponseModelOptions {
  if (options.include === undefined && options.exclude === undefined) return options;
  const { include: _include, exclude: _exclude, ...rest } = options;
  return rest;
}

function defaultsOf(model: Function): Record<string, unknown> {
  try {
    return new (model as new () => Record<string, unknown>)();
  } catch {
    return {};
  }
}

const DATE_TIME: JsonSchema = { type: 'string', format: 'date-time' };
const SCALARS = new Map<unknown, JsonSchema>([
  [String, { type: 'string' }],
  [Number, { type: 'number' }],
  [Boolean, { type: 'boolean' }],
  [Date, DATE_TIME],
]);
