/** What a bench server tells the runner once it listens. */
export interface Ready {
  port: number;
  /** The framework and its version, for the report. */
  framework: string;
}

/**
 * Reports the port to the runner over the IPC channel and exits when the runner goes away, so no
 * server outlives a run that crashed.
 */
export function announce(ready: Ready): void {
  if (process.send === undefined) {
    console.log(`listening on http://127.0.0.1:${ready.port} (${ready.framework})`);
    return;
  }
  process.send(ready);
  process.on('disconnect', () => process.exit(0));
}

export function versionOf(pkg: string, from?: string): string {
  const file = require.resolve(`${pkg}/package.json`, from === undefined ? undefined : { paths: [from] });
  return `${pkg}@${require(file).version}`;
}

export function fail(error: unknown): never {
  console.error(error);
  process.exit(1);
}
