/**
 * Loads a library's private internals once, on first use, and never throws: a release that moved
 * them must leave the app starting on the reference paths, not crash `import '@arobase/core'`.
 */
export interface Internals<T> {
  /** The internals, or undefined when they could not be loaded. */
  get(): T | undefined;
  /** Why `get()` is undefined: `class-transformer's internals are not available: ...`. */
  problem(): string | undefined;
}

type Load = <M>(path: string) => M;

export function loadInternals<T>(library: string, build: (load: Load) => T): Internals<T> {
  let state: { value: T } | { problem: string } | undefined;
  const settle = () => {
    if (state !== undefined) return state;
    try {
      state = { value: build((path) => require(path)) };
    } catch (error) {
      state = {
        problem: `${library}'s internals are not available (${error instanceof Error ? error.message : String(error)})`,
      };
    }
    return state;
  };
  return {
    get: () => {
      const s = settle();
      return 'value' in s ? s.value : undefined;
    },
    problem: () => {
      const s = settle();
      return 'problem' in s ? s.problem : undefined;
    },
  };
}
