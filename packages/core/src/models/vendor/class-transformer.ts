import { type ClassTransformOptions, TransformationType } from 'class-transformer';
import type { MetadataStorage } from 'class-transformer/types/MetadataStorage';
import { loadInternals } from './load';

/**
 * What arobase reads of class-transformer beyond its public API (pinned at 0.5.1): the singleton that
 * holds its decorators' metadata, the maps behind it, its own key walk and its default options. The
 * compiled paths ask the library's own executor which keys it would copy, so the two paths cannot
 * disagree on a rule. Loaded on first use: when a release keeps them elsewhere, `transformerInternals()`
 * is undefined and each model takes the reference path (with a debug line saying why).
 */
export interface TransformerInternals {
  readonly storage: MetadataStorage;
  /** The storage's maps by class: its public finders all need a property name. */
  readonly maps: {
    readonly expose: Map<Function, unknown>;
    readonly exclude: Map<Function, unknown>;
    readonly transform: Map<Function, unknown>;
  };
  /** Every property of `target` (its ancestors' included) that has a class-transformer decorator. */
  declaredKeys(target: Function): Set<string>;
  /** Whether `key` of `target` has a `@Transform`: on reading a plain value only, or in either direction. */
  hasTransform(target: Function, key: string, direction: 'toClass' | 'either'): boolean;
  /** The keys class-transformer would read from (plain → class) or write to (class → plain) an object. */
  transformKeys(
    type: TransformationType,
    options: ClassTransformOptions,
    target: Function,
    object: object,
  ): string[];
}

type Executor = new (
  type: TransformationType,
  options: ClassTransformOptions,
) => { getKeys(target: Function, object: object, isMap: boolean): string[] };

const internals = loadInternals<TransformerInternals>('class-transformer', (load) => {
  const storage = load<{ defaultMetadataStorage: MetadataStorage }>(
    'class-transformer/cjs/storage',
  ).defaultMetadataStorage;
  const { TransformOperationExecutor } = load<{ TransformOperationExecutor: Executor }>(
    'class-transformer/cjs/TransformOperationExecutor',
  );
  const { defaultOptions } = load<{ defaultOptions: ClassTransformOptions }>(
    'class-transformer/cjs/constants/default-options.constant',
  );
  const raw = storage as unknown as Record<string, unknown>;
  const expose = raw._exposeMetadatas;
  const exclude = raw._excludeMetadatas;
  const transform = raw._transformMetadatas;
  const type = raw._typeMetadatas;
  if (
    !(expose instanceof Map) ||
    !(exclude instanceof Map) ||
    !(transform instanceof Map) ||
    !(type instanceof Map)
  ) {
    throw new Error(
      'its metadata storage has no _exposeMetadatas, _excludeMetadatas, _transformMetadatas or _typeMetadatas map',
    );
  }
  if (typeof TransformOperationExecutor !== 'function' || typeof defaultOptions !== 'object') {
    throw new Error('TransformOperationExecutor or defaultOptions is not where 0.5.1 keeps it');
  }
  const found = (target: Function, key: string, type: TransformationType) =>
    storage.findTransformMetadatas(target, key, type).length > 0;
  return {
    storage,
    maps: { expose, exclude, transform },
    declaredKeys(target) {
      const keys = new Set<string>();
      for (
        let cls = target;
        typeof cls === 'function' && cls !== Function.prototype;
        cls = Object.getPrototypeOf(cls)
      ) {
        for (const map of [expose, exclude, transform, type] as Map<Function, unknown>[]) {
          const byKey = map.get(cls);
          if (byKey instanceof Map)
            for (const key of byKey.keys()) if (typeof key === 'string') keys.add(key);
        }
      }
      return keys;
    },
    hasTransform: (target, key, direction) =>
      found(target, key, TransformationType.PLAIN_TO_CLASS) ||
      (direction === 'either' && found(target, key, TransformationType.CLASS_TO_PLAIN)),
    transformKeys: (type, options, target, object) =>
      new TransformOperationExecutor(type, { ...defaultOptions, ...options }).getKeys(target, object, false),
  };
});

/** class-transformer's internals, or undefined when this release does not have them where 0.5.1 does. */
export const transformerInternals = internals.get;
/** Why `transformerInternals()` is undefined. */
export const transformerInternalsProblem = internals.problem;
