import { HttpException } from './http-exception';

/** One problem with the request, located by source then path: `["body", "address", "zip"]`. */
export interface ValidationIssue {
  loc: (string | number)[];
  msg: string;
  type: string;
}

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
