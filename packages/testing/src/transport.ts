import type { FastifyInstance } from 'fastify';

/** A request as the client sends it: the path with its query, and headers already merged. */
export interface RawRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string | Buffer | undefined;
}

/** A response as it came back, before the client wraps it. */
export interface RawResponse {
  status: number;
  /** Lowercased names, as Node gives them; `set-cookie` is always an array. */
  headers: Record<string, string | string[]>;
  body: Buffer;
}

export type Transport = (request: RawRequest) => Promise<RawResponse>;

/** Sends requests through Fastify's `inject`: no socket, no port. */
export function injectTransport(app: FastifyInstance): Transport {
  return async ({ method, path, headers, body }) => {
    const res = await app.inject({ method: method as 'GET', url: path, headers, payload: body });
    const out: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(res.headers)) {
      if (value === undefined) continue;
      out[name] = Array.isArray(value) ? value.map(String) : String(value);
    }
    if (typeof out['set-cookie'] === 'string') out['set-cookie'] = [out['set-cookie']];
    return { status: res.statusCode, headers: out, body: res.rawPayload };
  };
}

/** Sends requests over real HTTP with `fetch`, redirects not followed (a browser's jar, not its navigation). */
export function fetchTransport(baseUrl: string): Transport {
  return async ({ method, path, headers, body }) => {
    const res = await fetch(new URL(path, baseUrl), { method, headers, body, redirect: 'manual' });
    const out: Record<string, string | string[]> = {};
    for (const [name, value] of res.headers) {
      if (name !== 'set-cookie') out[name] = value;
    }
    const cookies = res.headers.getSetCookie();
    if (cookies.length > 0) out['set-cookie'] = cookies;
    return { status: res.status, headers: out, body: Buffer.from(await res.arrayBuffer()) };
  };
}
