import type { ClassTransformOptions } from 'class-transformer';
import { TransformationType } from 'class-transformer';
import type { MetadataStorage } from 'class-transformer/types/MetadataStorage';

// class-transformer keeps its decorators' metadata in a singleton that its public API does not
// export: arobase reaches it here only (pinned at 0.5.1). The compiled serializer also asks the
// library's own executor which keys it would copy, so that the two paths cannot disagree on a rule.
const storage: MetadataStorage = require('class-transformer/cjs/storage').defaultMetadataStorage;
const { TransformOperationExecutor } = require('class-transformer/cjs/TransformOperationExecutor') as {
  TransformOperationExecutor: new (
    type: TransformationType,
    options: ClassTransformOptions,
  ) => { getKeys(target: Function, object: object, isMap: boolean): string[] };
};

export { storage as metadataStorage };

/** The keys class-transformer would read from (plain → class) or write to (class → plain) an object. */
export function transformKeys(
  type: TransformationType,
  options: ClassTransformOptions,
  target: Function,
  object: object,
): string[] {
  return new TransformOperationExecutor(type, { ...DEFAULTS, ...options }).getKeys(target, object, false);
}

const DEFAULTS: ClassTransformOptions =
  require('class-transformer/cjs/constants/default-options.constant').defaultOptions;

export { TransformationType };
