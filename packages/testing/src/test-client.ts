import type { FastifyInstance } from 'fastify';
import { type Cookie, CookieJar } from 'tough-cookie';
import { type Contract, ContractError, contractOf } from './contract';
import { TestResponse } from './test-response';
import { fetchTransport, injectTransport, type Transport } from './transport';

type QueryValue = string | number | boolean | readonly (string | number | boolean)[];

/** Options of one request. */
export interface RequestOptions {
  /** Request headers; a `cookie` header is sent after the jar's cookies. */
  headers?: Record<string, string>;
  /** Appended to the path's query string; arrays repeat the key. */
  query?: Record<string, QueryValue | undefined>;
  /** A body sent as JSON, with `content-type: application/json`. */
  json?: unknown;
  /** A raw body, sent as given (set the content-type yourself). */
  body?: string | Buffer;
  /** Send the jar's cookies and store the response's: default `true`. */
  cookies?: boolean;
}

/** Options of a `TestClient`. */
export interface TestClientOptions {
  /**
   * The origin cookies are scoped to, for an app reached through `inject`: default
   * `http://localhost`, which browsers and tough-cookie treat as secure, so `Secure` cookies are kept.
   */
  baseUrl?: string;
  /** A jar to share between clients. */
  jar?: CookieJar;
  /**
   * Check every response against the app's OpenAPI document (documented status, content type,
   * body against its schema, documented headers present): a response that differs fails the call
   * with a `ContractError` naming the operation and the difference. Needs an app, not a URL.
   */
  contract?: boolean;
}

/**
 * Calls an app as a browser would, keeping cookies between calls in a tough-cookie jar: a cookie is
 * sent back only under its `Path`, `Max-Age=0` or a past `Expires` deletes it, `Secure` cookies are
 * kept on `http://localhost`, values (signed ones too) are sent back exactly as they were set.
 * Give it a Fastify instance (requests go through `app.inject`, no port) or a base URL (real HTTP).
 *
 * @example
 * ```ts
 * const client = new TestClient(await createApp({ controllers: [UserController] }));
 * await client.post('/login', { json: { email, password } });   // stores the session cookie
 * const me = await client.get('/me');                             // sends it back
 * expect(me).to.have.status(200);
 * ```
 */
export class TestClient {
  /** The cookie jar; read it with `getCookie`/`getCookies` or use tough-cookie's API directly. */
  readonly jar: CookieJar;
  /** Where requests go: `http://localhost` for an app, the given URL otherwise. */
  readonly baseUrl: string;
  private readonly transport: Transport;
  /** The app's contract, read once its document exists (after the first request made it ready). */
  private readonly contract: (() => Contract) | undefined;
  private readonly checkAll: boolean;

  constructor(target: FastifyInstance | string, options: TestClientOptions = {}) {
    if (typeof target === 'string') {
      this.baseUrl = options.baseUrl ?? target;
      this.transport = fetchTransport(target);
    } else if (target !== null && typeof (target as FastifyInstance).inject === 'function') {
      this.baseUrl = options.baseUrl ?? 'http://localhost';
      this.transport = injectTransport(target);
    } else {
      throw new TypeError('TestClient takes a Fastify instance (from createApp) or a base URL');
    }
    this.jar = options.jar ?? new CookieJar();
    const app = typeof target === 'string' ? undefined : target;
    if (options.contract === true && app === undefined) {
      throw new TypeError('TestClient: contract: true needs the app (its OpenAPI document), not a URL');
    }
    this.contract = app && (() => contractOf(app));
    this.checkAll = options.contract === true;
  }

  get(path: string, options?: RequestOptions): Promise<TestResponse> {
    return this.request('GET', path, options);
  }
  head(path: string, options?: RequestOptions): Promise<TestResponse> {
    return this.request('HEAD', path, options);
  }
  options(path: string, options?: RequestOptions): Promise<TestResponse> {
    return this.request('OPTIONS', path, options);
  }
  post(path: string, options?: RequestOptions): Promise<TestResponse> {
    return this.request('POST', path, options);
  }
  put(path: string, options?: RequestOptions): Promise<TestResponse> {
    return this.request('PUT', path, options);
  }
  patch(path: string, options?: RequestOptions): Promise<TestResponse> {
    return this.request('PATCH', path, options);
  }
  delete(path: string, options?: RequestOptions): Promise<TestResponse> {
    return this.request('DELETE', path, options);
  }

  /**
   * Sends one request with any method.
   *
   * @example
   * ```ts
   * await client.request('PUT', '/posts/7', { json: { title: 'Hi' }, headers: { 'if-match': '"3"' } });
   * ```
   */
  async request(method: string, path: string, options: RequestOptions = {}): Promise<TestResponse> {
    const url = this.url(path, options.query);
    const useJar = options.cookies !== false;
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(options.headers ?? {})) headers[name.toLowerCase()] = value;
    let body = options.body;
    if (options.json !== undefined) {
      if (body !== undefined) throw new TypeError('Give either `json` or `body`, not both');
      body = JSON.stringify(options.json);
      headers['content-type'] ??= 'application/json';
    }
    if (useJar) {
      const fromJar = await this.jar.getCookieString(url.href);
      if (fromJar !== '') headers.cookie = headers.cookie ? `${fromJar}; ${headers.cookie}` : fromJar;
    }
    const path_ = url.pathname + url.search;
    const raw = await this.transport({ method: method.toUpperCase(), path: path_, headers, body });
    const res = new TestResponse(raw, { method: method.toUpperCase(), path: path_ }, this.contract);
    if (this.checkAll) {
      const problems = this.contract!().problems(res.request.method, path_, raw);
      if (problems.length > 0) throw new ContractError(problems);
    }
    if (useJar) {
      const lines = raw.headers['set-cookie'];
      for (const line of Array.isArray(lines) ? lines : []) {
        // A line the jar refuses (bad domain, broken __Host- prefix) is dropped, as a browser does.
        await this.jar.setCookie(line, url.href, { ignoreError: true });
      }
    }
    return res;
  }

  /** The cookie the jar would send as `name` to `path` (default `/`); `undefined` when none. */
  async getCookie(name: string, path = '/'): Promise<Cookie | undefined> {
    const cookies = await this.getCookies(path);
    return cookies.find((c) => c.key === name);
  }

  /** The cookies the jar would send to `path` (default `/`), expired ones dropped. */
  getCookies(path = '/'): Promise<Cookie[]> {
    return this.jar.getCookies(this.url(path).href);
  }

  /** Empties the jar, as a fresh browser profile. */
  clearCookies(): Promise<void> {
    return this.jar.removeAllCookies();
  }

  private url(path: string, query?: RequestOptions['query']): URL {
    const url = new URL(path, this.baseUrl);
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value === undefined) continue;
      for (const item of Array.isArray(value) ? value : [value]) url.searchParams.append(key, String(item));
    }
    return url;
  }
}
