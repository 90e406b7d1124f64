import { classCoercer } from './class-input';
import { asIs, asJsonArray, type Coerce, scalarCoercer } from './coerce';

export type { Coerce };

/**
 * How the raw value of a parameter becomes its declared type. `fromText` is true for the sources
 * that only carry strings (path, query, header, cookie), false for a JSON body.
 */
export function coercerFor(type: unknown, fromText: boolean): Coerce {
  if (type === Array && !fromText) return asJsonArray;
  const scalar = scalarCoercer(type);
  if (scalar !== undefined) return scalar;
  if (typeof type === 'function') return classCoercer(type as new () => object, fromText);
  return asIs;
}

/** Whether a declared type is a class validated with class-validator (a model), not a scalar. */
export function isModelType(type: unknown): boolean {
  return typeof type === 'function' && scalarCoercer(type) === undefined;
}
