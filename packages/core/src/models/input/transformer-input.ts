import { TransformationType } from 'class-transformer';
import { getMetadataStorage } from 'class-validator';
import { transformerInternals } from '../vendor/class-transformer';
import { toScalar } from './input-helpers';

/**
 * What class-transformer is given of a client's object, and what is put on the instance after it.
 * class-transformer removes duplicate keys with an `indexOf` per key, quadratic in the number of
 * keys: 125,000 short keys (1 MB of JSON) took 12 seconds of one core. So it only ever sees the keys
 * the class declares (the validator's whitelist would drop the others anyway), and a value it would
 * only deep-copy (a field without `@Type` or `@Transform`, `unknown` under `@Allow`) is set on the
 * instance afterwards instead of walked: any input costs time linear in its size.
 */
export interface TransformerInput {
  /** The object to give `plainToInstance`. */
  input: Record<string, unknown>;
  /** Sets the values kept from class-transformer on the instance it built. */
  attach: ((instance: object) => void) | undefined;
}

export type PrepareInput = (raw: object) => TransformerInput;

type Key =
  /** class-transformer reads it: a `@Transform`, or an `@Expose` with groups or versions. */
  | { kind: 'walk'; wire: string }
  /** Copied as it is, onto the property (the wire name may differ, with `@Expose({ name })`). */
  | { kind: 'keep'; wire: string; property: string }
  /** `@Type(() => String | Number | Boolean)`: converted here, an object left as it is for the validator to refuse. */
  | { kind: 'scalar'; wire: string; property: string; type: (v: unknown) => unknown }
  /** `@Type(() => Nested)`: pruned the same way, one level down. */
  | { kind: 'nested'; wire: string; property: string; nested: () => Plan };

interface Plan {
  keys: Key[];
}

const SCALARS = new Set<unknown>([String, Number, Boolean]);

/** How to prepare a client's object for `plainToInstance(cls)`; `undefined` without class-transformer's internals. */
export function prepareTransformerInput(cls: Function): PrepareInput | undefined {
  if (transformerInternals() === undefined) return undefined;
  const plans = new Map<Function, Plan>();
  const root = planOf(cls, plans);
  return (raw) => prepare(raw, root);
}

function planOf(cls: Function, plans: Map<Function, Plan>): Plan {
  const known = plans.get(cls);
  if (known !== undefined) return known;
  const plan: Plan = { keys: [] };
  plans.set(cls, plan); // before the fields: a model may nest itself
  const t = transformerInternals()!;
  const properties = t.declaredKeys(cls);
  for (const meta of getMetadataStorage().getTargetValidationMetadatas(cls, '', true, false)) {
    properties.add(meta.propertyName);
  }
  const excluded = new Set(t.storage.getExcludedProperties(cls, TransformationType.PLAIN_TO_CLASS));
  for (const property of properties) {
    if (excluded.has(property)) continue;
    const expose = t.storage.findExposeMetadata(cls, property)?.options;
    const wire = expose?.name ?? property;
    if (
      t.hasTransform(cls, property, 'toClass') ||
      expose?.groups !== undefined ||
      expose?.since !== undefined ||
      expose?.until !== undefined
    ) {
      plan.keys.push({ kind: 'walk', wire });
      continue;
    }
    const typeMeta = t.storage.findTypeMetadata(cls, property);
    if (typeMeta === undefined) {
      plan.keys.push({ kind: 'keep', wire, property });
      continue;
    }
    const type =
      typeof typeMeta.typeFunction === 'function' &&
      typeMeta.typeFunction.length === 0 &&
      !typeMeta.options?.discriminator
        ? typeMeta.typeFunction()
        : undefined;
    if (SCALARS.has(type)) {
      plan.keys.push({ kind: 'scalar', wire, property, type: type as (v: unknown) => unknown });
    } else if (isModelClass(type)) {
      plan.keys.push({ kind: 'nested', wire, property, nested: () => planOf(type, plans) });
    } else {
      plan.keys.push({ kind: 'walk', wire });
    }
  }
  return plan;
}

function isModelClass(type: unknown): type is Function {
  return (
    typeof type === 'function' &&
    ![Object, Array, Map, Set, Date, Buffer, Promise, Function].includes(type as never)
  );
}

function prepare(raw: object, plan: Plan): TransformerInput {
  const source = raw as Record<string, unknown>;
  const input: Record<string, unknown> = {};
  let attach: ((instance: Record<string, unknown>) => void)[] | undefined;
  // Only the declared keys, each read as the client's own property (never Object.prototype's).
  for (const key of plan.keys) {
    if (!Object.hasOwn(source, key.wire)) continue;
    const value = source[key.wire];
    if (key.kind === 'walk') {
      input[key.wire] = value;
    } else if (key.kind === 'keep' || key.kind === 'scalar') {
      const kept = key.kind === 'scalar' ? toScalar(value, key.type) : value;
      (attach ??= []).push((instance) => {
        instance[key.property] = kept;
      });
    } else {
      const [given, nestedAttach] = prepareNested(value, key.nested());
      input[key.wire] = given;
      if (nestedAttach !== undefined) {
        (attach ??= []).push((instance) => nestedAttach(instance[key.property]));
      }
    }
  }
  return {
    input,
    attach:
      attach === undefined
        ? undefined
        : (instance) => {
            for (const set of attach!) set(instance as Record<string, unknown>);
          },
  };
}

/** A nested value: an object pruned by its model's plan, or an array of them, or left as it is. */
function prepareNested(value: unknown, plan: Plan): [unknown, ((built: unknown) => void) | undefined] {
  if (Array.isArray(value)) {
    const attachers: (((built: unknown) => void) | undefined)[] = [];
    const given = value.map((item) => {
      const [g, a] = prepareNested(item, plan);
      attachers.push(a);
      return g;
    });
    const any = attachers.some((a) => a !== undefined);
    return [
      given,
      any
        ? (built) => {
            if (!Array.isArray(built)) return;
            for (let i = 0; i < attachers.length; i++) attachers[i]?.(built[i]);
          }
        : undefined,
    ];
  }
  if (typeof value !== 'object' || value === null) return [value, undefined];
  const { input, attach } = prepare(value, plan);
  return [
    input,
    attach === undefined
      ? undefined
      : (built) => {
          if (typeof built === 'object' && built !== null) attach(built);
        },
  ];
}
