import { type ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';

/** The blog's CLI, as `npm start` runs it. */
export const BLOG = resolve(__dirname, '../../../samples/blog/bin/blog.js');

/** A `blog serve` child process that printed its URL. */
export interface Running {
  child: ChildProcess;
  url: string;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
}

/** Starts `blog serve` on a free port (`--port 0`) and resolves once it prints its URL. */
export function serveBlog(args: string[], env: Record<string, string> = {}): Promise<Running> {
  const child = spawn(process.execPath, [BLOG, 'serve', '--port', '0', ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((done) =>
    child.on('exit', (code, signal) => done({ code, signal, at: Date.now() })),
  );
  return new Promise((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`blog serve did not start:\n${output}`)), 15_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening at (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        done({ child, url: match[1], output: () => output, exited });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    exited.then(({ code }) => {
      clearTimeout(timer);
      fail(new Error(`blog serve exited with ${code} before listening:\n${output}`));
    });
  });
}

/** Ends every process still running (SIGKILL) and waits for it: for `afterEach`. */
export async function killAll(running: Running[]): Promise<void> {
  for (const r of running.splice(0)) {
    if (r.child.exitCode === null && r.child.signalCode === null) {
      r.child.kill('SIGKILL');
      await r.exited;
    }
  }
}
