import { type ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';
import type { ServerName } from './options';
import type { CpuReport, Ready } from './servers/announce';

/** A bench server running in its own process on 127.0.0.1. */
export interface RunningServer {
  name: ServerName;
  port: number;
  framework: string;
  child: ChildProcess;
}

const running = new Set<ChildProcess>();
// No server outlives the runner, whatever way it ends.
process.on('exit', () => {
  for (const child of running) child.kill();
});

/**
 * Forks `dist/servers/NAME.js` and waits for the port it reports; with `profileDir`, under
 * `node --cpu-prof`, writing `NAME.cpuprofile` there when it stops.
 */
export function startServer(
  name: ServerName,
  profileDir?: string,
  timeoutMs = 30_000,
): Promise<RunningServer> {
  const execArgv =
    profileDir === undefined
      ? []
      : ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, `--cpu-prof-name=${name}.cpuprofile`];
  const child = fork(join(__dirname, 'servers', `${name}.js`), [], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    execArgv,
  });
  running.add(child);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`${name} did not report a port within ${timeoutMs} ms`));
    }, timeoutMs);
    child.once('message', (message: Ready) => {
      clearTimeout(timer);
      resolve({ name, port: message.port, framework: message.framework, child });
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      running.delete(child);
      reject(new Error(`${name} exited with code ${code} before listening`));
    });
  });
}

export async function stopServer(server: RunningServer): Promise<void> {
  const { child } = server;
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill();
  await exited;
  running.delete(child);
}

/**
 * The server process's CPU time so far, in µs. On a shared machine, the CPU a server spends per
 * request moves much less than its throughput, which depends on what else runs.
 */
export function cpuTime(server: RunningServer): Promise<number> {
  const { child } = server;
  return new Promise((resolve, reject) => {
    const onMessage = (message: CpuReport) => {
      if (typeof message?.cpu !== 'number') return;
      done();
      resolve(message.cpu);
    };
    const onExit = (code: number | null) => {
      done();
      reject(new Error(`${server.name} exited with code ${code} during the run`));
    };
    const done = () => {
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    child.on('message', onMessage);
    child.on('exit', onExit);
    if (child.connected) child.send('cpu');
    else onExit(child.exitCode);
  });
}
