import type { JsonSchema } from './components';

/**
 * What each built-in class-validator rule accepts, as JSON Schema keywords, for a value parsed from
 * JSON. Each entry says exactly what the rule refuses where JSON Schema can say it, and no more: a
 * rule it cannot express (a regex with flags, `maxDecimalPlaces`) keeps only the type it implies.
 * A rule not listed (a custom validator) adds nothing.
 */
export const RULES: Record<string, (c: any[]) => JsonSchema> = {
  isString: () => ({ type: 'string' }),
  isInt: () => ({ type: 'integer' }),
  isNumber: () => ({ type: 'number' }),
  isBoolean: () => ({ type: 'boolean' }),
  isEmail: () => ({ type: 'string', format: 'email' }),
  isUuid: () => ({ type: 'string', format: 'uuid' }),
  // validator.js counts code points, as JSON Schema does.
  minLength: (c) => ({ type: 'string', minLength: c[0] }),
  maxLength: (c) => ({ type: 'string', maxLength: c[0] }),
  isLength: (c) => ({
    type: 'string',
    minLength: c[0],
    ...(typeof c[1] === 'number' ? { maxLength: c[1] } : {}),
  }),
  // class-validator's min and max take numbers only.
  min: (c) => ({ type: 'number', minimum: c[0] }),
  max: (c) => ({ type: 'number', maximum: c[0] }),
  isIn: (c) => ({ enum: [...(c[0] as unknown[])] }),
  // Every value of the enum object: a numeric TypeScript enum also maps its names, which isEnum accepts.
  isEnum: (c) => ({ enum: [...new Set(Object.values(c[0] as object))] }),
  isNotEmpty: () => ({ not: { const: '' } }),
  isDefined: () => ({}),
  isArray: () => ({ type: 'array' }),
  arrayMinSize: (c) => ({ type: 'array', minItems: c[0] }),
  arrayMaxSize: (c) => ({ type: 'array', maxItems: c[0] }),
  matches: (c) => {
    const [pattern, modifiers] = c as [string | RegExp, string | undefined];
    const source =
      typeof pattern === 'string'
        ? modifiers
          ? undefined
          : pattern
        : pattern.flags
          ? undefined
          : pattern.source;
    return source === undefined ? { type: 'string' } : { type: 'string', pattern: source };
  },
};

/** Rules that refuse `undefined`, so a field carrying one is required (unless `@IsOptional`). */
export const REFUSES_MISSING = new Set(Object.keys(RULES));

/**
 * One schema from several: keywords merged into one object while they do not clash (`number` and
 * `integer` make `integer`), the others under `allOf` (two patterns, two enums...).
 */
export function mergeSchemas(parts: readonly JsonSchema[]): JsonSchema {
  const merged: JsonSchema = {};
  const rest: JsonSchema[] = [];
  for (const part of parts) {
    const clash = Object.keys(part).some((k) => k in merged && !sameKeyword(k, merged[k], part[k]));
    if (clash) {
      rest.push(part);
      continue;
    }
    for (const [k, v] of Object.entries(part)) {
      merged[k] = k === 'type' && merged.type === 'integer' ? 'integer' : v;
    }
  }
  return rest.length === 0 ? merged : { ...merged, allOf: rest };
}

function sameKeyword(key: string, a: unknown, b: unknown): boolean {
  if (key === 'type' && NUMERIC.has(a) && NUMERIC.has(b)) return true;
  return JSON.stringify(a) === JSON.stringify(b);
}

const NUMERIC = new Set<unknown>(['number', 'integer']);
