/// <reference types="chai" />
import type { FastifyInstance } from 'fastify';
import { Cookie } from 'tough-cookie';
import { Contract, contractOf } from './contract';
import { headerOf, isDeletion, type ResponseLike, setCookieOf, statusOf } from './set-cookie';
import { TestResponse } from './test-response';

declare global {
  namespace Chai {
    interface Assertion {
      /** The response's status code: `expect(res).to.have.status(201)`. */
      status(code: number): Assertion;
      /** A response header is present, or equals a string, or matches a RegExp. */
      header(name: string, value?: string | RegExp): Assertion;
      /** The response sets the cookie `name` (optionally to `value`); the chain goes on with the parsed cookie. */
      cookie(name: string, value?: string): Assertion;
      /** After `.cookie(name)`: the line has `HttpOnly`. */
      httpOnly: Assertion;
      /** After `.cookie(name)`: the line has `Secure`. */
      secure: Assertion;
      /** After `.cookie(name)`: the line has `Partitioned`. */
      partitioned: Assertion;
      /** After `.cookie(name)`: the line deletes the cookie (`Max-Age<=0` or a past `Expires`). */
      deleted: Assertion;
      /** After `.cookie(name)`: its `SameSite` (case-insensitive). */
      sameSite(value: 'strict' | 'lax' | 'none'): Assertion;
      /** After `.cookie(name)`: its `Max-Age` in seconds. */
      maxAge(seconds: number): Assertion;
      /** After `.cookie(name)`: its `Path`. */
      path(path: string): Assertion;
      /** After `.cookie(name)`: its `Domain`. */
      domain(domain: string): Assertion;
      /**
       * The response matches the app's OpenAPI document (status, content type, body schema,
       * headers). A `TestResponse` of a client built on an app knows its document; give `app.inject()`'s
       * results the app, or a `Contract`.
       */
      matchContract(against?: FastifyInstance | Contract): Assertion;
    }
  }
}

/**
 * Chai assertions for HTTP responses (a `TestResponse`, `app.inject()`'s result or a fetch
 * `Response`) and their `Set-Cookie` lines, each line parsed by tough-cookie.
 *
 * @example
 * ```ts
 * import * as chai from 'chai';
 * import { arobaseChai } from '@arobase/testing';
 * chai.use(arobaseChai);
 *
 * expect(res).to.have.status(201).and.header('location', '/posts/1');
 * expect(res).to.have.cookie('session').that.is.httpOnly.and.secure.and.sameSite('lax').and.path('/');
 * expect(logout).to.have.cookie('session').that.is.deleted;
 * ```
 */
export const arobaseChai: Chai.ChaiPlugin = (chai, utils) => {
  const { Assertion } = chai;

  Assertion.addMethod('status', function (this: Chai.AssertionStatic, code: number) {
    const res = responseOf(this, 'status');
    const actual = statusOf(res);
    this.assert(
      actual === code,
      `expected ${label(res)} to have status ${code} but got ${actual}${bodyHint(res)}`,
      `expected ${label(res)} not to have status ${code}`,
      code,
      actual,
    );
  });

  Assertion.addMethod(
    'header',
    function (this: Chai.AssertionStatic, name: string, expected?: string | RegExp) {
      const res = responseOf(this, 'header');
      const actual = headerOf(res, name);
      if (expected === undefined) {
        this.assert(
          actual !== undefined,
          `expected ${label(res)} to have header ${name}`,
          `expected ${label(res)} not to have header ${name} but it is ${JSON.stringify(actual)}`,
        );
        return;
      }
      const ok =
        actual !== undefined && (expected instanceof RegExp ? expected.test(actual) : actual === expected);
      this.assert(
        ok,
        `expected ${label(res)} to have header ${name} ${expected instanceof RegExp ? 'matching' : 'equal to'} #{exp} but got #{act}`,
        `expected ${label(res)} not to have header ${name} ${expected instanceof RegExp ? 'matching' : 'equal to'} #{exp}`,
        expected,
        actual,
      );
    },
  );

  Assertion.addMethod(
    'matchContract',
    function (this: Chai.AssertionStatic, against?: FastifyInstance | Contract) {
      const res = this._obj as TestResponse | InjectLike;
      const contract =
        against instanceof Contract
          ? against
          : against !== undefined
            ? contractOf(against)
            : res instanceof TestResponse
              ? res.contract?.()
              : undefined;
      if (contract === undefined) {
        throw new TypeError(
          'matchContract(): give the app (or a Contract) for a response that no app-bound TestClient made',
        );
      }
      const { method, path } =
        res instanceof TestResponse
          ? res.request
          : { method: res.raw?.req?.method ?? 'GET', path: res.raw?.req?.url ?? '/' };
      const problems = contract.problems(method, path, {
        status: statusOf(res as ResponseLike) ?? 0,
        headers: (res as TestResponse).headers,
        body:
          res instanceof TestResponse
            ? res.rawBody
            : ((res as InjectLike).rawPayload ?? (res as InjectLike).body ?? ''),
      });
      this.assert(
        problems.length === 0,
        `expected ${method} ${path} to match the OpenAPI document: ${problems.join('; ')}`,
        `expected ${method} ${path} not to match the OpenAPI document`,
      );
    },
  );

  Assertion.addMethod('cookie', function (this: Chai.AssertionStatic, name: string, value?: string) {
    const res = responseOf(this, 'cookie');
    const cookie = setCookieOf(res, name);
    const negate = utils.flag(this, 'negate') === true;
    if (value === undefined || cookie === undefined) {
      this.assert(
        cookie !== undefined,
        `expected ${label(res)} to set cookie ${name}${seen(res)}`,
        `expected ${label(res)} not to set cookie ${name}`,
      );
    }
    if (value !== undefined && cookie !== undefined) {
      this.assert(
        cookie.value === value,
        `expected cookie ${name} to be #{exp} but got #{act}`,
        `expected cookie ${name} not to be #{exp}`,
        value,
        cookie.value,
      );
    }
    // What follows (`.that.is.httpOnly`) is about the cookie, not the response.
    if (!negate && cookie !== undefined) utils.flag(this, 'object', cookie);
  });

  const flagProperty = (name: 'httpOnly' | 'secure' | 'partitioned', attribute: string) => {
    Assertion.addProperty(name, function (this: Chai.AssertionStatic) {
      const cookie = cookieOf(this, name);
      const actual =
        name === 'partitioned'
          ? (cookie.extensions ?? []).some((e) => e.toLowerCase() === 'partitioned')
          : cookie[name] === true;
      this.assert(
        actual,
        `expected cookie ${cookie.key} to be ${attribute}: ${cookie.toString()}`,
        `expected cookie ${cookie.key} not to be ${attribute}: ${cookie.toString()}`,
      );
    });
  };
  flagProperty('httpOnly', 'HttpOnly');
  flagProperty('secure', 'Secure');
  flagProperty('partitioned', 'Partitioned');

  Assertion.addProperty('deleted', function (this: Chai.AssertionStatic) {
    const cookie = cookieOf(this, 'deleted');
    this.assert(
      isDeletion(cookie),
      `expected cookie ${cookie.key} to be deleted (Max-Age=0 or a past Expires): ${cookie.toString()}`,
      `expected cookie ${cookie.key} not to be deleted: ${cookie.toString()}`,
    );
  });

  const attributeMethod = (
    name: 'sameSite' | 'maxAge' | 'path' | 'domain',
    read: (cookie: Cookie) => unknown,
    normalize: (value: unknown) => unknown = (v) => v,
  ) => {
    Assertion.addMethod(name, function (this: Chai.AssertionStatic, expected: unknown) {
      const cookie = cookieOf(this, name);
      const actual = read(cookie);
      this.assert(
        normalize(actual) === normalize(expected),
        `expected cookie ${cookie.key} to have ${name} #{exp} but got #{act}: ${cookie.toString()}`,
        `expected cookie ${cookie.key} not to have ${name} #{exp}`,
        expected,
        actual,
      );
    });
  };
  const lower = (v: unknown) => (typeof v === 'string' ? v.toLowerCase() : v);
  attributeMethod('sameSite', (c) => (c.sameSite === 'unspecified' ? undefined : c.sameSite), lower);
  attributeMethod('maxAge', (c) => c.maxAge ?? undefined);
  attributeMethod('path', (c) => c.path ?? undefined);
  attributeMethod('domain', (c) => c.domain ?? undefined, lower);
};

/** What `app.inject()` resolves to, as far as the contract check reads it. */
interface InjectLike {
  statusCode: number;
  headers: Record<string, string | string[] | undefined>;
  rawPayload?: Buffer;
  body?: string;
  raw?: { req?: { method?: string; url?: string } };
}

function responseOf(assertion: Chai.AssertionStatic, name: string): ResponseLike {
  const obj = assertion._obj as unknown;
  if (statusOf(obj) === undefined || typeof (obj as { headers?: unknown }).headers !== 'object') {
    throw new TypeError(
      `.${name}() needs a response (a TestResponse, app.inject()'s result or a fetch Response)`,
    );
  }
  return obj as ResponseLike;
}

function cookieOf(assertion: Chai.AssertionStatic, name: string): Cookie {
  const obj = assertion._obj as unknown;
  if (!(obj instanceof Cookie)) {
    throw new TypeError(
      `.${name} is about a cookie: start the chain with .cookie(name), as in .cookie('session').that.is.${name}`,
    );
  }
  return obj;
}

function label(res: unknown): string {
  const request = (res as { request?: { method?: unknown; path?: unknown } }).request;
  return request && typeof request.method === 'string'
    ? `${request.method} ${String(request.path)}`
    : 'the response';
}

function bodyHint(res: unknown): string {
  const body = (res as { body?: unknown }).body;
  return typeof body === 'string' && body.length > 0 ? ` (body: ${body.slice(0, 300)})` : '';
}

function seen(res: ResponseLike): string {
  const lines = headerOf(res, 'set-cookie');
  return lines === undefined ? ' but it set none' : ` but it set: ${lines.split('\n').join(' | ')}`;
}
