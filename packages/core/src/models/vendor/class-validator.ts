import type { ConstraintMetadata } from 'class-validator/types/metadata/ConstraintMetadata';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';
import { loadInternals } from './load';

/**
 * What arobase reads of class-validator beyond its public API: the executor's own message builder,
 * so that a rule failing on the compiled input path reads exactly as class-validator words it.
 * Loaded on first use; undefined when a release keeps it elsewhere, and then every input class takes
 * the reference path.
 */
export interface ValidatorInternals {
  /** `[constraint type, message]` as `validateSync` would report them. */
  createValidationError(
    object: object,
    value: unknown,
    meta: ValidationMetadata,
    constraint?: ConstraintMetadata,
  ): [type: string, message: string];
}

type Executor = new (
  validator: object,
  options: object,
) => { createValidationError: ValidatorInternals['createValidationError'] };

const internals = loadInternals<ValidatorInternals>('class-validator', (load) => {
  const { ValidationExecutor } = load<{ ValidationExecutor: Executor }>(
    'class-validator/cjs/validation/ValidationExecutor',
  );
  const { Validator } = load<{ Validator: new () => object }>('class-validator/cjs/validation/Validator');
  const executor = new ValidationExecutor(new Validator(), { whitelist: true, forbidUnknownValues: false });
  if (typeof executor.createValidationError !== 'function') {
    throw new Error('ValidationExecutor has no createValidationError');
  }
  return { createValidationError: executor.createValidationError.bind(executor) };
});

/** class-validator's internals, or undefined when this release does not have them where 0.15 does. */
export const validatorInternals = internals.get;
/** Why `validatorInternals()` is undefined. */
export const validatorInternalsProblem = internals.problem;
