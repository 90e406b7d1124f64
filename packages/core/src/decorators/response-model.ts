import { setResponseModel } from '../metadata/store';
import type { ResponseModelOptions } from '../metadata/types';

/**
 * Filters what a route sends: only the model's `@Expose()`d fields reach the wire, recursively
 * through `@Type(() => Nested)`, whatever the handler returns. Pass `[Model]` for a list.
 * A returned `Response` bypasses the model.
 *
 * @example
 * ```ts
 * class UserOut { @Expose() id!: number; @Expose() email!: string; }
 *
 * @Get('/:id')
 * @ResponseModel(UserOut)
 * get(@Param('id') id: number) { return db.user(id); }   // password_hash never leaves
 * ```
 */
export function ResponseModel(
  model: Function | [Function],
  options: ResponseModelOptions = {},
): MethodDecorator {
  const isArray = Array.isArray(model);
  const cls = isArray ? model[0] : model;
  if (typeof cls !== 'function') {
    throw new TypeError('@ResponseModel() takes a class, or [Class] for a list');
  }
  return (target, propertyKey) => {
    setResponseModel(target.constructor, propertyKey, { model: cls, isArray, options });
  };
}
