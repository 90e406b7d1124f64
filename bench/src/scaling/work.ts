// The work of the middleware and dependency axes of --scaling: GET /work answers
// {"hello":"world","n":N}, where N sums what the route's dependencies gave.

/** `--middleware N --dependencies N`, as the work servers are called. */
export function workArgs(argv = process.argv): { middleware: number; dependencies: number } {
  const value = (flag: string) => {
    const i = argv.indexOf(flag);
    return i >= 0 ? Number(argv[i + 1]) : 0;
  };
  return { middleware: value('--middleware'), dependencies: value('--dependencies') };
}

/** The body every work server answers for a route with `dependencies` dependencies (dependency i gives i). */
export function workBody(dependencies: number): { hello: string; n: number } {
  return { hello: 'world', n: (dependencies * (dependencies + 1)) / 2 };
}
