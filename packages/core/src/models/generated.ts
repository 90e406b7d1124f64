/**
 * Builds a function from generated source, named so that stack traces and CPU profiles say what it
 * is (`arobase/UserOut.serializer.js`). With `AROBASE_PRINT_GENERATED=1` in the environment each
 * source is printed to stderr as it is built (at start-up), to read or debug what a model became.
 *
 * User strings reach `body` only through `JSON.stringify`; values are passed as parameters.
 */
export function generate<T>(name: string, params: Record<string, unknown>, body: string): T {
  const file = `arobase/${name.replace(/[^\w.-]/g, '_')}.js`;
  const source = `"use strict";\n${body}\n//# sourceURL=${file}`;
  if (process.env.AROBASE_PRINT_GENERATED === '1') {
    process.stderr.write(`// ---- ${file} (parameters: ${Object.keys(params).join(', ')})\n${source}\n`);
  }
  return new Function(...Object.keys(params), source)(...Object.values(params)) as T;
}
