import { closingParenthesis, pathParamNames } from '../compile/path-params';

/** find-my-way's `*` has no name; OpenAPI's templates need one. */
export const WILDCARD = 'wildcard';

/**
 * A Fastify route path in OpenAPI's form: `/users/:id(\\d+)` → `/users/{id}`, `/files/*` →
 * `/files/{wildcard}`, `::` → `:`.
 */
export function openapiPath(url: string): string {
  let out = '';
  for (let i = 0; i < url.length; i++) {
    const c = url[i];
    if (c === '*') {
      out += `{${WILDCARD}}`;
    } else if (c === ':' && url[i + 1] === ':') {
      out += ':';
      i++;
    } else if (c === ':') {
      let j = i + 1;
      while (j < url.length && !'/-.(?'.includes(url[j])) j++;
      out += `{${url.slice(i + 1, j)}}`;
      if (url[j] === '(') j = closingParenthesis(url, j);
      if (url[j] === '?') j++;
      i = j - 1;
    } else {
      out += c;
    }
  }
  return out;
}

/** The names of the path's parameters as the document spells them. */
export function templateNames(url: string): string[] {
  return pathParamNames(url).map((n) => (n === '*' ? WILDCARD : n));
}
