import type { Cookie } from 'tough-cookie';
import type { Contract } from './contract';
import { headerOf, setCookieOf, setCookiesOf } from './set-cookie';
import type { RawResponse } from './transport';

/**
 * What a `TestClient` call resolves to: the status, headers and body as the client saw them, with
 * helpers for the parts tests read most.
 *
 * @example
 * ```ts
 * const res = await client.get('/posts');
 * res.status;                      // 200
 * res.header('x-total-count');     // '2'
 * res.json<PostOut[]>();
 * res.cookie('session')?.httpOnly; // parsed Set-Cookie line
 * ```
 */
export class TestResponse {
  readonly status: number;
  /** Lowercased header names; `set-cookie` is an array of lines. */
  readonly headers: Record<string, string | string[]>;
  /** The body as bytes. */
  readonly rawBody: Buffer;
  /** The method and path that were requested. */
  readonly request: { method: string; path: string };

  /** The app's contract, when the client was given an app: what `matchContract()` checks against. */
  readonly contract: (() => Contract) | undefined;

  constructor(raw: RawResponse, request: { method: string; path: string }, contract?: () => Contract) {
    this.contract = contract;
    this.status = raw.status;
    this.headers = raw.headers;
    this.rawBody = raw.body;
    this.request = request;
  }

  /** Alias of `status`, as `app.inject()` names it. */
  get statusCode(): number {
    return this.status;
  }

  /** The body decoded as UTF-8. */
  get text(): string {
    return this.rawBody.toString('utf8');
  }

  /** Alias of `text`, as `app.inject()` names it. */
  get body(): string {
    return this.text;
  }

  /** The body parsed as JSON; throws with the body in the message when it is not JSON. */
  json<T = any>(): T {
    const text = this.text;
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new SyntaxError(
        `${this.request.method} ${this.request.path} answered ${this.status} with a body that is not JSON: ${text.slice(0, 200)}`,
      );
    }
  }

  /** A header by case-insensitive name; repeated values joined with `, `. */
  header(name: string): string | undefined {
    return headerOf(this, name);
  }

  /** Every `Set-Cookie` line, parsed by tough-cookie, in order. */
  get setCookies(): Cookie[] {
    return setCookiesOf(this);
  }

  /** The last `Set-Cookie` line for `name`, parsed; `undefined` when the response set none. */
  cookie(name: string): Cookie | undefined {
    return setCookieOf(this, name);
  }
}
