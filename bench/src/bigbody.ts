import { request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { cpuTime, type RunningServer } from './children';
import { BIG_BODY_KEYS, bigBody } from './fixtures';
import { median } from './load';

/** One path of the big body: what it measured, per request. */
export interface BigBodyRow {
  label: string;
  server: string;
  path: string;
  /** Wall-clock ms per request, and the server's CPU ms per request (medians). */
  ms: number;
  cpuMs: number;
  /** Server CPU per request over raw Fastify's (a ratio of the medians). */
  ratio: number;
}

const PATHS = [
  { label: 'raw Fastify, JSON schema (Ajv strips the keys)', server: 'fastify', path: '/bulk' },
  { label: 'arobase, compiled input validator', server: 'arobase', path: '/bulk' },
  {
    label: 'arobase, reference path (`@Allow()`: plainToInstance)',
    server: 'arobase',
    path: '/bulk-reference',
  },
] as const;

/** A single POST of the body; it must answer 200 `{"name":"bulk"}`. */
function post(port: number, path: string, body: string, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        agent: false,
        timeout: timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          if (res.statusCode === 200 && text === '{"name":"bulk"}') resolve();
          else reject(new Error(`POST ${path}: ${res.statusCode} ${text.slice(0, 200)}`));
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`POST ${path}: no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * The 1 MB body of 125,000 distinct keys on each path, one request at a time (`rounds` each, the
 * paths interleaved), as wall-clock and server CPU per request: the cost of reading many keys,
 * which must stay linear in the body's size.
 */
export async function measureBigBody(
  servers: RunningServer<string>[],
  rounds: number,
  log: (line: string) => void,
): Promise<BigBodyRow[]> {
  const body = bigBody();
  const samples = new Map<string, { ms: number[]; cpu: number[] }>();
  for (let round = 0; round < rounds; round++) {
    for (const p of PATHS) {
      const server = servers.find((s) => s.name === p.server);
      if (server === undefined) continue;
      const before = await cpuTime(server);
      const start = performance.now();
      await post(server.port, p.path, body, 120_000);
      const ms = performance.now() - start;
      const cpu = ((await cpuTime(server)) - before) / 1000;
      const entry = samples.get(p.label) ?? { ms: [], cpu: [] };
      entry.ms.push(ms);
      entry.cpu.push(cpu);
      samples.set(p.label, entry);
      log(
        `big body ${round + 1}/${rounds}: ${p.label}: ${ms.toFixed(0)} ms, server CPU ${cpu.toFixed(0)} ms`,
      );
    }
  }
  const base = median(samples.get(PATHS[0].label)?.cpu ?? []);
  return PATHS.filter((p) => samples.has(p.label)).map((p) => {
    const s = samples.get(p.label)!;
    return { ...p, ms: median(s.ms), cpuMs: median(s.cpu), ratio: median(s.cpu) / base };
  });
}

export const BIG_BODY_TITLE = `POST of ${(bigBody().length / 1e6).toFixed(2)} MB of JSON: \`name\` and ${BIG_BODY_KEYS.toLocaleString('en-US')} distinct short keys the input class does not declare (stripped); one request at a time`;
