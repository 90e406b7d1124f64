/**
 * `new cls()` with no arguments: the instance start-up reads a class's field initialisers from (its
 * defaults, the keys its constructor sets), or what the constructor threw.
 */
export function construct(
  cls: Function,
): { readonly instance: Record<string, unknown> } | { readonly error: unknown } {
  try {
    return { instance: new (cls as new () => Record<string, unknown>)() };
  } catch (error) {
    return { error };
  }
}
