/** What a bench server tells the runner once it listens. */
export interface Ready {
  port: number;
  /** The framework and its version, for the report. */
  framework: string;
}

/** The server's CPU time so far (user + system, µs), asked for by the runner around each timed run. */
export interface CpuReport {
  cpu: number;
}

/**
 * Reports the port to the runner over the IPC channel, answers its questions about CPU time, and
 * exits when the runner goes away, so no server outlives a run that crashed.
 */
export function announce(ready: Ready): void {
  if (process.send === undefined) {
    console.log(`listening on http://127.0.0.1:${ready.port} (${ready.framework})`);
    return;
  }
  process.send(ready);
  process.on('message', (message) => {
    if (message !== 'cpu') return;
    const { user, system } = process.cpuUsage();
    process.send!({ cpu: user + system } satisfies CpuReport);
  });
  process.on('disconnect', () => process.exit(0));
  // A normal exit, so that `node --cpu-prof` writes its profile.
  process.on('SIGTERM', () => process.exit(0));
}

export function versionOf(pkg: string, from?: string): string {
  const file = require.resolve(`${pkg}/package.json`, from === undefined ? undefined : { paths: [from] });
  return `${pkg}@${require(file).version}`;
}

export function fail(error: unknown): never {
  console.error(error);
  process.exit(1);
}
