/**
 * The parameter names of a Fastify route path, read as find-my-way reads them: a name starts after
 * `:` (`::` is a literal colon) and ends at `/`, `-`, `.`, a regex `(...)` or an optional `?`;
 * a `*` is the wildcard, read as `'*'`.
 *
 * @example
 * ```ts
 * pathParamNames('/flights/:from-:to/:at(^\\d+$)/*');   // ['from', 'to', 'at', '*']
 * ```
 */
export function pathParamNames(path: string): string[] {
  const names: string[] = [];
  for (let i = 0; i < path.length; i++) {
    const c = path[i];
    if (c === '*') {
      names.push('*');
    } else if (c === ':') {
      if (path[i + 1] === ':') {
        i++;
        continue;
      }
      let j = i + 1;
      while (j < path.length && !'/-.(?'.includes(path[j])) j++;
      names.push(path.slice(i + 1, j));
      if (path[j] === '(') j = closingParenthesis(path, j);
      i = j - 1;
    }
  }
  return names;
}

/** Where a route path's regex `(...)` opened at `open` ends: it may hold '(', ':' and '*' of its own. */
export function closingParenthesis(path: string, open: number): number {
  let depth = 0;
  for (let i = open; i < path.length; i++) {
    if (path[i] === '\\') i++;
    else if (path[i] === '(') depth++;
    else if (path[i] === ')' && --depth === 0) return i + 1;
  }
  return path.length;
}

/** Refuses at start-up a `@Param(name)` that the route path does not declare; `prefix` says who reads it. */
export function assertPathParam(path: string | undefined, name: string, prefix: string): void {
  if (path === undefined || pathParamNames(path).includes(name)) return;
  throw new TypeError(`${prefix} the route path '${path}' has no ':${name}' parameter`);
}
