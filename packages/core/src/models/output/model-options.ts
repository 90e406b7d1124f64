/** Options of `@ResponseModel(Model, options)`, as FastAPI's `response_model_*`. */
export interface ResponseModelOptions {
  /** class-transformer groups: a field exposed only to some groups is sent only when one of them is listed. */
  groups?: string[];
  /** Leave out fields whose value is `null` or `undefined` (or what JSON writes as `null`), at every depth. */
  excludeNone?: boolean;
  /** Send only the fields the value has: model defaults are not applied. */
  excludeUnset?: boolean;
  /** Leave out fields equal to the model's default. */
  excludeDefaults?: boolean;
  /** Only these top-level fields (property names). */
  include?: string[];
  /** All but these top-level fields (property names). */
  exclude?: string[];
  /** Wire names from `@Expose({ name })` (default true); false sends property names. */
  byAlias?: boolean;
}

/** A route's response model: the class, whether the value is an array of it, and the options. */
export interface ResponseModelMetadata {
  model: Function;
  isArray: boolean;
  options: ResponseModelOptions;
}
