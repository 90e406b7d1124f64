import { type ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';
import type { ServerName } from './options';
import type { CpuReport, Question, Ready } from './servers/announce';

/** A bench server running in its own process on 127.0.0.1. */
export interface RunningServer<N extends string = ServerName> {
  name: N;
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
  return startProcess(name, join(__dirname, 'servers', `${name}.js`), [], { execArgv, timeoutMs });
}

export interface ProcessOptions {
  execArgv?: string[];
  /** A wrapper to run node under (valgrind), with its own arguments before node's. */
  wrapper?: { command: string; args: string[] };
  timeoutMs?: number;
}

/** Forks any bench server script (one that calls `announce`) and waits for the port it reports. */
export function startProcess<N extends string>(
  name: N,
  file: string,
  args: string[],
  { execArgv = [], wrapper, timeoutMs = 30_000 }: ProcessOptions = {},
): Promise<RunningServer<N>> {
  const child = fork(file, args, {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    ...(wrapper === undefined
      ? { execArgv }
      : { execPath: wrapper.command, execArgv: [...wrapper.args, process.execPath, ...execArgv] }),
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

export async function stopServer(server: RunningServer<string>): Promise<void> {
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
export async function cpuTime(server: RunningServer<string>): Promise<number> {
  return (await ask<CpuReport>(server, 'cpu', 'cpu')).cpu;
}

/** Starts the server's in-process CPU profiler (the inspector's), for the window until `stopProfile`. */
export async function startProfile(server: RunningServer<string>): Promise<void> {
  await ask(server, { profile: 'start' }, 'profiling');
}

/** Stops the profiler and writes the profile to `file`. */
export async function stopProfile(server: RunningServer<string>, file: string): Promise<void> {
  const answer = await ask<{ profiled: string }>(server, { profile: 'stop', file }, 'profiled');
  if (answer.profiled !== file) throw new Error(`${server.name}: profiling failed: ${answer.profiled}`);
}

/** Sends a question over IPC and waits for the answer that carries `key`. */
function ask<T>(server: RunningServer<string>, question: Question, key: string): Promise<T> {
  const { child } = server;
  return new Promise((resolve, reject) => {
    const onMessage = (message: Record<string, unknown>) => {
      if (message === null || typeof message !== 'object' || !(key in message)) return;
      done();
      resolve(message as T);
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
    if (child.connected) child.send(question);
    else onExit(child.exitCode);
  });
}
