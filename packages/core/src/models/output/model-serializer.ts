import { instanceToPlain, plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { describeValue as describe } from '../describe';
import { flattenErrors } from '../input/class-input';
import { BAIL, compileWriter, type Writer } from './compiled-serializer';
import { leafCheck } from './model-leaves';
import type { ResponseModelMetadata } from './model-options';
import { modelShape } from './model-shape';

/** Filters a handler's value through its response model: the result holds only declared fields. */
export type ModelFilter = (data: unknown) => unknown;
/** Filters and serialises to the JSON text sent on the wire. */
export type ModelSerializer = (data: unknown) => string;

/**
 * A returned value broke the response model's class-validator rules (`validateResponse: true`).
 * It becomes a 500 whose body says nothing of the value; the message, logged, names the fields.
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
  const toInstance = { excludeExtraneousValues: true, groups };
  const toPlain = { groups, strategy: 'excludeAll' } as const;
  const check = validate ? validator(model) : undefined;
  const leaves = leafCheck(model);
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
    const instance = plainToInstance(model as new () => object, data, toInstance) as object | object[];
    check?.(instance);
    const plain = instanceToPlain(instance, toPlain);
    const problems = leaves(plain);
    if (problems.length > 0)
      throw new ResponseValidationError(isArray ? `[${model.name}]` : model.name, problems);
    return options.excludeNone ? withoutNone(plain) : plain;
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
  const key = JSON.stringify([options.groups ?? null, options.excludeNone === true]);
  let byOptions = writers.get(model);
  if (byOptions === undefined) writers.set(model, (byOptions = new Map()));
  let writer = byOptions.get(key);
  if (writer === undefined) {
    const shape = modelShape(model, options.groups);
    writer = shape.ok ? compileWriter(shape.shape, options.excludeNone === true) : shape.reason;
    byOptions.set(key, writer);
  }
  return writer;
}

function validator(model: Function): (instance: object | object[]) => void {
  return (instance) => {
    const items = Array.isArray(instance) ? instance : [instance];
    const problems: string[] = [];
    items.forEach((item, i) => {
      const loc = Array.isArray(instance) ? [i] : [];
      for (const issue of flattenErrors(validateSync(item, { forbidUnknownValues: false }), loc)) {
        problems.push(`${issue.loc.join('.')}: ${issue.type}`);
      }
    });
    if (problems.length > 0) throw new ResponseValidationError(model.name, problems);
  };
}

/** `excludeNone`: drops `null` and `undefined` fields at every depth. */
function withoutNone(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNone);
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (v !== null && v !== undefined) out[k] = withoutNone(v);
  }
  return out;
}
