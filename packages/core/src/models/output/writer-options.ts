import type { ModelShape } from './model-shape';

/** The response model options the compiled writer applies (see ResponseModelOptions). */
export interface WriterOptions {
  readonly excludeNone?: boolean;
  readonly excludeUnset?: boolean;
  readonly excludeDefaults?: boolean;
  readonly include?: readonly string[];
  readonly exclude?: readonly string[];
  readonly byAlias?: boolean;
}

/** `include` and `exclude` name top-level fields: the root gets a shape of its own, nested ones keep theirs. */
export function topLevel(root: ModelShape, { include, exclude }: WriterOptions): ModelShape {
  if (include === undefined && exclude === undefined) return root;
  const fields = root.fields.filter(
    (f) => (include === undefined || include.includes(f.property)) && !exclude?.includes(f.property),
  );
  return { model: root.model, fields };
}

/**
 * `excludeDefaults`' equality, the same on both paths: a primitive equal to the default (`Object.is`),
 * or an empty list where the default is one. Objects are never "the default": a nested model is
 * compared field by field at its own level.
 */
export function isDefault(value: unknown, fallback: unknown): boolean {
  if (fallback === undefined) return false;
  // `some` skips holes, which class-transformer drops: `[,]` is an empty list on both paths.
  if (Array.isArray(fallback)) return fallback.length === 0 && Array.isArray(value) && !value.some(isElement);
  return (value === null || typeof value !== 'object') && Object.is(value, fallback);
}

const isElement = () => true;
