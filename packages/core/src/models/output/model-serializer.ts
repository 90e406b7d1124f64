import { instanceToPlain, plainToInstance } from 'class-transformer';
import { describeValue as describe } from '../describe';
import { flattenErrors } from '../input/class-input';
import { classValidator } from '../libraries';
import { BAIL, compileWriter, type Writer } from './compiled-serializer';
import { leafCheck } from './model-leaves';
import type { ResponseModelMetadata, ResponseModelOptions } from './model-options';
import { type ModelShape, modelShape } from './model-shape';
import { byPropertyName, hasRenames, onInstance, onPlain, onValue } from './reference-options';

const identity = (data: unknown) => data;

/** Filters a handler's value through its response model: the result holds only declared fields. */
export type ModelFilter = (data: unknown) => unknown;
/** Filters and serialises to the JSON text sent on the wire. */
export type ModelSerializer = (data: unknown) => string;

/**
 * A returned value broke the response model's class-validator rules (`validateResponse: true`).
 * It becomes a 500 whose body says nothing of the value; the message, logged, names the fields.
 *
 * @example
 * ```ts
 * const app = await createApp({ controllers: [UserController], validateResponse: true });
 * // a handler returning { id: 'x' } for `@IsInt() id` answers 500; the log says
 * // "Response does not match UserOut: id: isInt"
 * ```
 */
export class ResponseValidationError extends Error {
  constructor(model: string, problems: string[]) {
    super(`Response does not match ${model}: ${problems.join('; ')}`);
    this.name = 'ResponseValidationError';
  }
}

/**
 * The reference semantics of a response model: class-transformer's
 * `instanceToPlain(plainToInstance(Model, value, { excludeExtraneousValues: true, groups }), { groups, strategy: 'excludeAll' })`.
 * Fails closed: a field that the model does not `@Expose()` is never in the result, even one the
 * model's constructor sets (`internal = 'x'`), which `new Model()` puts on every instance.
 */
export function referenceFilter(meta: ResponseModelMetadata, validate: boolean): ModelFilter {
  const { model, isArray, options } = meta;
  const groups = options.groups;
  // A field the value lacks takes the model's default, as in FastAPI; `excludeUnset` sends only what it has.
  const toInstance = {
    excludeExtraneousValues: true,
    exposeDefaultValues: options.excludeUnset !== true,
    groups,
  };
  const toPlain = { groups, strategy: 'excludeAll' } as const;
  const check = validate ? validator(model) : undefined;
  const leaves = leafCheck(model);
  const byProperty = hasRenames(model) ? (data: unknown) => byPropertyName(model, data) : identity;
  const pick = onValue(model, options);
  const read = pick === undefined ? byProperty : (data: unknown) => pick(byProperty(data));
  const trim = onInstance(options);
  const finish = onPlain(options, model);
  return (data) => {
    if (data === null || data === undefined) return null;
    if (isArray && !Array.isArray(data)) {
      throw new ResponseValidationError(`[${model.name}]`, [`expected an array, got ${describe(data)}`]);
    }
    // class-transformer keeps a non-object as it is, and maps an array item by item: a single
    // model only declares one object.
    if (!isArray && (typeof data !== 'object' || Array.isArray(data))) {
      throw new ResponseValidationError(model.name, [`expected an object, got ${describe(data)}`]);
    }
    const instance = plainToInstance(model as new () => object, read(data), toInstance) as object | object[];
    check?.(instance);
    trim?.(instance);
    const plain = instanceToPlain(instance, toPlain);
    const problems = leaves(plain);
    if (problems.length > 0)
      throw new ResponseValidationError(isArray ? `[${model.name}]` : model.name, problems);
    return finish === undefined ? plain : finish(plain);
  };
}

export function referenceSerializer(meta: ResponseModelMetadata, validate: boolean): ModelSerializer {
  const filter = referenceFilter(meta, validate);
  return (data) => JSON.stringify(filter(data)) ?? 'null';
}

/** Which path a route's model serialiser takes, and why it is not the compiled one. */
export interface ModelSerializerPlan {
  readonly serialize: ModelSerializer;
  readonly path: 'compiled' | 'reference';
  readonly reason?: string;
}

/**
 * The serialiser of a route's response model: compiled when the model only uses what the compiled
 * writer renders byte for byte as the reference does, the reference otherwise. The compiled one
 * still hands a value it cannot vouch for (a Map, a bigint, an object in a field without `@Type`...)
 * to the reference, so the body, or the error, is the same either way. `validateResponse` needs the instance that
 * class-validator checks, so it keeps the reference path.
 */
export function modelSerializer(meta: ResponseModelMetadata, validate: boolean): ModelSerializerPlan {
  const reference = referenceSerializer(meta, validate);
  if (validate) return { serialize: reference, path: 'reference', reason: 'validateResponse is on' };
  const write = writerFor(meta);
  if (typeof write === 'string') return { serialize: reference, path: 'reference', reason: write };
  const isArray = meta.isArray;
  return {
    path: 'compiled',
    serialize: (data) => {
      if (data === null || data === undefined) return 'null';
      // What the reference refuses (a scalar, a single object for [Model], an array for Model), it
      // refuses with its own error.
      if (isArray ? !Array.isArray(data) : typeof data !== 'object' || Array.isArray(data)) {
        return reference(data);
      }
      try {
        return write(data) ?? 'null';
      } catch (error) {
        if (error === BAIL) return reference(data);
        throw error;
      }
    },
  };
}

/** Writers (or why there is none) by model, then by options: routes sharing a model share its code. */
const writers = new WeakMap<Function, Map<string, Writer | string>>();

function writerFor({ model, options }: ResponseModelMetadata): Writer | string {
  const key = JSON.stringify([
    options.groups ?? null,
    options.excludeNone === true,
    options.excludeUnset === true,
    options.excludeDefaults === true,
    options.include ?? null,
    options.exclude ?? null,
    options.byAlias !== false,
  ]);
  let byOptions = writers.get(model);
  if (byOptions === undefined) writers.set(model, (byOptions = new Map()));
  let writer = byOptions.get(key);
  if (writer === undefined) {
    const shape = modelShape(model, options.groups);
    const refused = shape.ok ? unsupportedOptions(shape.shape, options) : shape.reason;
    writer = refused ?? compileWriter((shape as { shape: ModelShape }).shape, options);
    byOptions.set(key, writer);
  }
  return writer;
}

/**
 * `excludeDefaults` compares what the reference compares, the value after class-transformer's
 * conversion: the compiled writer sees the value before it, the same unless `@Type(() => Number)`
 * (String, Boolean, Date) converts it.
 */
function unsupportedOptions(root: ModelShape, options: ResponseModelOptions): string | undefined {
  if (options.excludeDefaults !== true) return undefined;
  const seen = new Set<ModelShape>();
  const visit = (shape: ModelShape): string | undefined => {
    if (seen.has(shape)) return undefined;
    seen.add(shape);
    for (const f of shape.fields) {
      if (f.fallback !== undefined && f.type.kind !== 'any' && f.type.kind !== 'model') {
        return `excludeDefaults on ${shape.model.name}.${f.property}, a field with a default that @Type converts`;
      }
      const nested = f.type.kind === 'model' ? visit(f.type.shape) : undefined;
      if (nested !== undefined) return nested;
    }
    return undefined;
  };
  return visit(root);
}

function validator(model: Function): (instance: object | object[]) => void {
  return (instance) => {
    const items = Array.isArray(instance) ? instance : [instance];
    const problems: string[] = [];
    items.forEach((item, i) => {
      const loc = Array.isArray(instance) ? [i] : [];
      for (const issue of flattenErrors(
        classValidator().validateSync(item, { forbidUnknownValues: false }),
        loc,
      )) {
        problems.push(`${issue.loc.join('.')}: ${issue.type}`);
      }
    });
    if (problems.length > 0) throw new ResponseValidationError(model.name, problems);
  };
}
