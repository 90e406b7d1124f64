import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';

/** What a client on the network got: status, raw header lines (name as sent, lower-cased), body bytes. */
export interface RawAnswer {
  status: number;
  /** [lower-cased name, value] in the order the server sent them. */
  headers: [string, string][];
  body: Buffer;
}

/** Starts `app` on 127.0.0.1 with a free port and returns its base URL. */
export async function listen(app: FastifyInstance): Promise<{ host: string; port: number }> {
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo;
  return { host: '127.0.0.1', port };
}

/** One request over a real socket, with node:http, so that what the server put on the wire is visible. */
export function rawRequest(
  target: { host: string; port: number },
  method: string,
  path: string,
  headers: Record<string, string> = {},
): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ ...target, method, path, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const pairs: [string, string][] = [];
        for (let i = 0; i < res.rawHeaders.length; i += 2) {
          pairs.push([res.rawHeaders[i]!.toLowerCase(), res.rawHeaders[i + 1]!]);
        }
        resolve({ status: res.statusCode!, headers: pairs, body: Buffer.concat(chunks) });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** Every value of one header in a raw answer. */
export function headerValues(answer: RawAnswer, name: string): string[] {
  return answer.headers.filter(([n]) => n === name).map(([, v]) => v);
}
