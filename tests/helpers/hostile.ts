// Hostile values and the public places that take them, shared by the refusal tests and the property test.
import {
  FileResponse,
  HTMLResponse,
  HttpException,
  JSONResponse,
  PlainTextResponse,
  RedirectResponse,
  Response,
  StreamingResponse,
} from '@arobase/core';

/** Every control character a header may not hold: all below 0x20 but tab, and DEL. */
export const CONTROL_CHARACTERS = [
  ...Array.from({ length: 0x20 }, (_, i) => String.fromCharCode(i)).filter((c) => c !== '\t'),
  '\x7f',
];

/** Every public place that takes headers, as a function of the headers. */
export const HEADER_PLACES: Record<string, (headers: Record<string, string>) => unknown> = {
  'new Response': (headers) => new Response(null, { headers }),
  'new JSONResponse': (headers) => new JSONResponse({}, { headers }),
  'new HTMLResponse': (headers) => new HTMLResponse('<p>', { headers }),
  'new PlainTextResponse': (headers) => new PlainTextResponse('x', { headers }),
  'new RedirectResponse': (headers) => new RedirectResponse('/x', { headers }),
  'new FileResponse': (headers) => new FileResponse('/etc/hostname', { headers }),
  'new StreamingResponse': (headers) => new StreamingResponse([], { headers }),
  'new HttpException': (headers) => new HttpException(401, 'no', { headers }),
  'res.headers.set': (headers) => {
    const res = new Response();
    for (const [name, value] of Object.entries(headers)) res.headers.set(name, value);
  },
  'res.headers.append': (headers) => {
    const res = new Response();
    for (const [name, value] of Object.entries(headers)) res.headers.append(name, value);
  },
};

/** Every public place that takes a media type. */
export const MEDIA_TYPE_PLACES: Record<string, (mediaType: string) => unknown> = {
  'new Response': (mediaType) => new Response(null, { mediaType }),
  'new JSONResponse': (mediaType) => new JSONResponse({}, { mediaType }),
  'new HTMLResponse': (mediaType) => new HTMLResponse('<p>', { mediaType }),
  'new PlainTextResponse': (mediaType) => new PlainTextResponse('x', { mediaType }),
  'new FileResponse': (mediaType) => new FileResponse('/etc/hostname', { mediaType }),
  'new StreamingResponse': (mediaType) => new StreamingResponse([], { mediaType }),
  'res.mediaType =': (mediaType) => {
    new Response().mediaType = mediaType;
  },
};

export const BAD_MEDIA_TYPES = [
  'text/plain\r\nContent-Range: bytes 0-4/999\r\n\r\nFORGED',
  'text/plain\x01',
  'text',
  '',
  'text/',
  '/plain',
  'text/plain; charset',
  'text/plain; charset="utf-8',
  'text plain/x',
  'text/plain;;',
  'téxt/plain',
];

/** What the hostile throws carry: it must never reach a client. */
export const SECRET = 'connect ECONNREFUSED 10.0.0.5:5432 user=admin';

/** Hostile values to throw, by name; each is built fresh per request. */
export const HOSTILE_THROWS: Record<string, () => unknown> = {
  'a statusCode getter that throws': () =>
    Object.defineProperty(new Error(SECRET), 'statusCode', {
      get() {
        throw new Error(SECRET);
      },
    }),
  'a revoked Proxy': () => {
    const { proxy, revoke } = Proxy.revocable(new Error(SECRET), {});
    revoke();
    return proxy;
  },
  'a Proxy whose every trap throws': () =>
    new Proxy(new Error(SECRET), {
      get() {
        throw new Error(SECRET);
      },
      getPrototypeOf() {
        throw new Error(SECRET);
      },
      has() {
        throw new Error(SECRET);
      },
      ownKeys() {
        throw new Error(SECRET);
      },
      getOwnPropertyDescriptor() {
        throw new Error(SECRET);
      },
    }),
  'a 502 with a control character in a header': () =>
    Object.assign(new Error(SECRET), { statusCode: 502, headers: { 'X-Upstream': 'a\x01b' } }),
  'a 500 with a control character in a header': () =>
    Object.assign(new Error(SECRET), { statusCode: 500, headers: { 'X-Upstream': 'a\x7fb' } }),
  'a message getter that throws': () =>
    Object.defineProperty(new Error(), 'message', {
      get() {
        throw new Error(SECRET);
      },
    }),
  'a headers getter that throws': () =>
    Object.defineProperty(Object.assign(new Error(SECRET), { statusCode: 503 }), 'headers', {
      get() {
        throw new Error(SECRET);
      },
    }),
  'a string': () => SECRET,
  'a number': () => 42,
  null: () => null,
  undefined: () => undefined,
  'a symbol': () => Symbol(SECRET),
  'a bigint': () => 10n ** 30n,
  'an object with a toString that throws': () => ({
    toString() {
      throw new Error(SECRET);
    },
    message: SECRET,
  }),
  'an object with a statusCode of 1e400': () => ({ statusCode: Number.POSITIVE_INFINITY, message: SECRET }),
  'an object with a statusCode of "404"': () => ({ statusCode: '404', message: SECRET }),
  'an object with a statusCode of 404.5': () => ({ statusCode: 404.5, message: SECRET }),
  'an error with a stack getter that throws': () =>
    Object.defineProperty(new Error(SECRET), 'stack', {
      get() {
        throw new Error(SECRET);
      },
    }),
};

/** Names Object.prototype has: a record read without an own-property check finds them. */
export const PROTOTYPE_NAMES = [
  'constructor',
  'toString',
  '__proto__',
  'hasOwnProperty',
  'valueOf',
  'isPrototypeOf',
];
