/** A JSON Schema (2020-12, the dialect of OpenAPI 3.1), as plain data. */
export type JsonSchema = { [keyword: string]: unknown };

/** Where a component is referenced from: OpenAPI's `#/components/schemas/`. */
export const COMPONENTS_PREFIX = '#/components/schemas/';

/**
 * The named schemas of one document, each class written once, under its name. The same class may
 * give several schemas (read as input, written with groups): each variant has its own name, and two
 * different classes of the same name are kept apart by a number (`Post`, `Post2`).
 */
export class SchemaComponents {
  readonly schemas: Record<string, JsonSchema> = {};
  private readonly named = new Map<Function, Map<string, string>>();

  /**
   * A `$ref` to the schema of `cls` in the given variant, built on first use. The name is taken
   * before `build` runs, so that a model that reaches itself refers to its own component.
   */
  ref(cls: Function, variant: string, suffix: string, build: () => JsonSchema): JsonSchema {
    let variants = this.named.get(cls);
    if (variants === undefined) {
      variants = new Map();
      this.named.set(cls, variants);
    }
    let name = variants.get(variant);
    if (name === undefined) {
      name = this.freeName(sanitize(cls.name || 'Anonymous') + suffix);
      variants.set(variant, name);
      this.schemas[name] = {};
      this.schemas[name] = build();
    }
    return { $ref: COMPONENTS_PREFIX + name };
  }

  /** Whether a schema of that name is there already. */
  has(name: string): boolean {
    return name in this.schemas;
  }

  /** Adds a schema under a fixed name (the validation error's): the same name is the same schema. */
  fixed(name: string, schema: JsonSchema): JsonSchema {
    this.schemas[name] ??= schema;
    return { $ref: COMPONENTS_PREFIX + name };
  }

  private freeName(base: string): string {
    if (!(base in this.schemas)) return base;
    let n = 2;
    while (`${base}${n}` in this.schemas) n++;
    return `${base}${n}`;
  }
}

// OpenAPI's component names: letters, digits, `.`, `-` and `_`.
function sanitize(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]/g, '_');
}
