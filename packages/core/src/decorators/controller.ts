import { setController } from '../metadata/store';
import type { ControllerOptions } from '../metadata/types';

/**
 * Marks a class as a controller whose routes live under `prefix`.
 *
 * @example
 * ```ts
 * @Controller('/users', { headers: { 'Cache-Control': 'no-store' } })
 * export class UserController {
 *   @Get('/:id') get(@Param('id') id: number) { return { id }; }
 * }
 * ```
 */
export function Controller(prefix = '', options: ControllerOptions = {}): ClassDecorator {
  return (target) => {
    setController(target, { prefix, options });
  };
}
