import type { ValidationIssue } from '../models/issues';
import { HttpException } from './http-exception';

export type { ValidationIssue };

/**
 * Bad input: a 422 whose body lists every problem found, as FastAPI does.
 *
 * @example
 * ```ts
 * // GET /posts?limit=abc
 * // 422 {"detail":[{"loc":["query","limit"],"msg":"Input should be a valid number","type":"number_parsing"}]}
 * ```
 */
export class RequestValidationError extends HttpException {
  declare readonly detail: ValidationIssue[];

  constructor(issues: ValidationIssue[]) {
    super(422, issues);
    this.name = 'RequestValidationError';
    this.message = issues.map((i) => `${i.loc.join('.')}: ${i.msg}`).join('; ');
  }
}
