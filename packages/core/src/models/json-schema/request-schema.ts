import { getMetadataStorage } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';
import { transformerInternals } from '../vendor/class-transformer';
import type { JsonSchema, SchemaComponents } from './components';
import { mergeSchemas, RULES } from './validation-rules';

/** One validated field of an input class: what the validator accepts there, and whether it must be present. */
export interface InputField {
  readonly name: string;
  readonly schema: JsonSchema;
  readonly required: boolean;
}

/**
 * A `$ref` to the schema of what the input validator accepts for a class-validator class read from
 * a JSON body: its validated fields (the others are stripped, so they are allowed), each rule as the
 * keywords that refuse what it refuses, `@IsOptional` fields not required and nullable, nested
 * `@ValidateNested() @Type(() => Model)` as `$ref`s.
 *
 * @example
 * ```ts
 * class UserIn { @IsEmail() email!: string; @IsOptional() @MinLength(2) name?: string }
 * inputSchema(UserIn, components);
 * // components.schemas.UserIn: { type: 'object', properties: { email: { type: 'string', format: 'email' },
 * //   name: { anyOf: [{ type: 'string', minLength: 2 }, { type: 'null' }] } }, required: ['email'] }
 * ```
 */
export function inputSchema(cls: Function, components: SchemaComponents): JsonSchema {
  return components.ref(cls, 'input', '', () => {
    const properties: Record<string, JsonSchema> = {};
    const required: string[] = [];
    for (const field of inputFields(cls, components, false)) {
      properties[field.name] = field.schema;
      if (field.required) required.push(field.name);
    }
    const schema: JsonSchema = { type: 'object', properties };
    if (required.length > 0) schema.required = required;
    return schema;
  });
}

/**
 * The validated fields of an input class. Read from text (`@Query() q: Search`), a field's value is
 * first coerced to its declared type, which the schema then states.
 */
export function inputFields(cls: Function, components: SchemaComponents, fromText: boolean): InputField[] {
  const metas = getMetadataStorage().getTargetValidationMetadatas(cls, '', true, false);
  const byProperty = new Map<string, ValidationMetadata[]>();
  for (const meta of metas) {
    const list = byProperty.get(meta.propertyName);
    if (list === undefined) byProperty.set(meta.propertyName, [meta]);
    else list.push(meta);
  }
  const defaults = defaultsOf(cls);
  return [...byProperty].map(([name, rules]) => {
    const declared = declaredType(cls, name, defaults);
    if (!fromText) return fieldOf(cls, name, rules, undefined, components, true);
    const field = fieldOf(cls, name, rules, TEXT_TYPES.get(declared), components, false);
    const fallback = defaults[name];
    const primitive =
      typeof fallback === 'string' || typeof fallback === 'number' || typeof fallback === 'boolean';
    return primitive ? { ...field, schema: { ...field.schema, default: fallback } } : field;
  });
}

function fieldOf(
  cls: Function,
  name: string,
  metas: ValidationMetadata[],
  coerced: JsonSchema | undefined,
  components: SchemaComponents,
  nullable: boolean,
): InputField {
  const storage = getMetadataStorage();
  const plain: JsonSchema[] = coerced ? [coerced] : [];
  const each: JsonSchema[] = [];
  let optional = false;
  let conditional = false;
  let nested = false;
  let refusesMissing = false;
  for (const meta of metas) {
    if (meta.type === 'conditionalValidation') {
      if (meta.name === 'isOptional') optional = true;
      else conditional = true;
    } else if (meta.type === 'nestedValidation') {
      nested = true;
    } else if (meta.type === 'isDefined' || meta.type === 'customValidation') {
      const constraint =
        meta.type === 'isDefined'
          ? 'isDefined'
          : storage.getTargetValidatorConstraints(meta.constraintCls)[0]?.name;
      const rule = constraint === undefined ? undefined : RULES[constraint];
      if (rule === undefined) continue;
      refusesMissing = true;
      (meta.each === true ? each : plain).push(rule(meta.constraints ?? []));
    }
  }
  // `@ValidateIf` may skip every rule: anything goes.
  if (conditional) return { name, schema: {}, required: false };
  const conversion = converted(cls, name, components, nested);
  let schema = mergeSchemas(conversion.replaces ? [] : plain);
  if (conversion.replaces) {
    // The rules judge the converted value: the raw one is what the conversion takes.
    schema = conversion.schema ?? {};
  } else if (conversion.schema !== undefined) {
    schema = withItems(schema, conversion.schema);
  }
  if (each.length > 0) schema = withItems(schema, mergeSchemas(each));
  // `@IsOptional()`: null and undefined skip every rule (text has no null).
  if (optional && nullable && Object.keys(schema).length > 0) schema = { anyOf: [schema, { type: 'null' }] };
  return { name, schema, required: refusesMissing && !optional };
}

/**
 * A schema applied to a value or, when the value is an array, to each element: class-validator's
 * `each` and `@ValidateNested` both work on either. Where another rule says the value is an array,
 * only the element form is left.
 */
function withItems(schema: JsonSchema, item: JsonSchema): JsonSchema {
  if (schema.type === 'array') return { ...schema, items: item };
  const either = { anyOf: [item, { type: 'array', items: item }] };
  return Object.keys(schema).length === 0 ? either : mergeSchemas([schema, either]);
}

/**
 * What `@Type(() => X)` does to the raw value before validation: a nested model is built (and,
 * with `@ValidateNested`, validated: anything but an object or an array of them is refused);
 * `String`, `Number` and `Boolean` convert any value; `Date` builds a date from a string, a number
 * or a boolean.
 */
function converted(
  cls: Function,
  name: string,
  components: SchemaComponents,
  nested: boolean,
): { schema?: JsonSchema; replaces: boolean } {
  const typed = transformerInternals()?.storage.findTypeMetadata(cls, name);
  const type = typed === undefined || typed.typeFunction.length > 0 ? undefined : typed.typeFunction();
  if (type === String || type === Number || type === Boolean) return { schema: {}, replaces: true };
  if (type === Date) return { schema: { type: ['string', 'number', 'boolean'] }, replaces: true };
  if (!nested) return { replaces: false };
  if (typeof type === 'function') return { schema: inputSchema(type, components), replaces: false };
  // Without @Type the nested value stays a plain object, which has no rules of its own.
  return { schema: { type: 'object' }, replaces: false };
}

function declaredType(cls: Function, name: string, defaults: Record<string, unknown>): unknown {
  const type: unknown = Reflect.getMetadata('design:type', cls.prototype, name);
  // TypeScript records `Object` for `limit = 20` (no annotation): the default tells the type.
  return type === Object ? defaults[name]?.constructor : type;
}

function defaultsOf(cls: Function): Record<string, unknown> {
  try {
    return new (cls as new () => Record<string, unknown>)();
  } catch {
    return {};
  }
}

/** The types a value read from text is coerced to, before its rules run. */
const TEXT_TYPES = new Map<unknown, JsonSchema>([
  [String, { type: 'string' }],
  [Number, { type: 'number' }],
  [Boolean, { type: 'boolean' }],
  [Date, { type: 'string', format: 'date-time' }],
  [Array, { type: 'array', items: { type: 'string' } }],
]);
