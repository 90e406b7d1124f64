import { getParams, getParamTypes } from '../metadata/store';
import type { ParamSource } from '../metadata/types';
import { ignore } from '../runtime/ignore';
import { type ArgumentsResolver, noArguments } from '../runtime/plan';
import { compileParam } from './param-resolver';
import type { CompileScope, ParamSite, Resolver } from './scope';

export function compileArguments(
  cls: Function,
  method: string | symbol,
  site: ParamSite,
  scope: CompileScope,
): ArgumentsResolver {
  const params = getParams(cls, method);
  const types = getParamTypes(cls, method);
  if (types === undefined && params.some((p) => TYPED_SOURCES.has(p.source))) {
    // Without the recorded types nothing would be coerced or validated, and nothing would say so.
    throw new TypeError(
      `arobase: ${site.owner}.${site.method} has no parameter types: compile it with tsc and ` +
        '"emitDecoratorMetadata": true (tsx, esbuild and swc without its decorator-metadata option do not record them)',
    );
  }
  const resolvers: Resolver[] = params.map((p) => compileParam(p, types?.[p.index], site, scope));
  const indexes = params.map((p) => p.index);
  const length = Math.max(0, ...indexes.map((i) => i + 1));
  return argumentsResolver(resolvers, indexes, length);
}

/** Sources whose value is coerced to, or validated against, the declared type. */
const TYPED_SOURCES = new Set<ParamSource>(['path', 'query', 'header', 'cookie', 'body']);

function argumentsResolver(resolvers: Resolver[], indexes: number[], length: number): ArgumentsResolver {
  const count = resolvers.length;
  if (count === 0) return noArguments;
  return (ctx) => {
    const args = new Array(length);
    let pending: Promise<unknown>[] | undefined;
    for (let i = 0; i < count; i++) {
      let value: unknown;
      try {
        value = resolvers[i](ctx);
      } catch (error) {
        // The promises already started would otherwise reject with no one listening, and an
        // unhandled rejection stops the process.
        if (pending !== undefined) for (const p of pending) p.catch(ignore);
        throw error;
      }
      if (value instanceof Promise) {
        const at = indexes[i];
        (pending ??= []).push(value.then((v) => (args[at] = v)));
      } else {
        args[indexes[i]] = value;
      }
    }
    return pending === undefined ? args : Promise.all(pending).then(() => args);
  };
}
