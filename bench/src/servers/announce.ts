import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';

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

/** The runner's questions: CPU time, and a CPU profile of a window it chooses (written to `file`). */
export type Question = 'cpu' | { profile: 'start' } | { profile: 'stop'; file: string };

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
  let session: Session | undefined;
  process.on('message', (message: Question) => {
    if (message === 'cpu') {
      const { user, system } = process.cpuUsage();
      process.send!({ cpu: user + system } satisfies CpuReport);
    } else if (message?.profile === 'start') {
      // The inspector's profiler, started and stopped around the timed load only: start-up and the
      // identity check stay out of the profile.
      session = new Session();
      session.connect();
      session.post('Profiler.enable', () =>
        session!.post('Profiler.start', () => process.send!({ profiling: true })),
      );
    } else if (message?.profile === 'stop' && session !== undefined) {
      const { file } = message;
      session.post('Profiler.stop', (error, result) => {
        if (error === null) writeFileSync(file, JSON.stringify(result.profile));
        session!.disconnect();
        session = undefined;
        process.send!({ profiled: error === null ? file : String(error) });
      });
    }
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
