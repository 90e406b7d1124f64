// Hostile values through every public place that takes a header, a cookie, a media type, a URL, a
// file name or an error: each is a TypeError at the call, or the answer goes out clean. Never a 500
// at write time, never Fastify's own error shape.
import {
  Controller,
  createApp,
  FileResponse,
  Get,
  HttpException,
  RedirectResponse,
  Res,
  type Response,
} from '@arobase/core';
import { expect } from 'chai';
import fc from 'fast-check';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import {
  HEADER_PLACES,
  HOSTILE_THROWS,
  MEDIA_TYPE_PLACES,
  PROTOTYPE_NAMES,
  SECRET,
} from '../helpers/hostile';

const RUNS = 150 * Number(process.env.FC_SCALE ?? 1);

/** Characters that break things: controls, lone surrogates, separators, quotes, non-Latin-1. */
const nasty = fc.constantFrom(
  ...Array.from({ length: 0x20 }, (_, i) => String.fromCharCode(i)),
  '\x7f',
  '\ud800',
  '\udc00',
  '\ud83d\ude00',
  'é',
  '€',
  ';',
  ',',
  '"',
  '\\',
  '=',
  '/',
  ' ',
  '%',
  '%zz',
  'a',
  'Z',
  '0',
  '-',
);
const hostileText = fc.oneof(
  fc.array(nasty, { maxLength: 12 }).map((parts) => parts.join('')),
  fc.constantFrom(...PROTOTYPE_NAMES),
  fc.string(),
);
const oddNumber = fc.oneof(
  fc.double(),
  fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, -0, 2 ** 53 + 1, -1e20, 1e308, 8.64e15, 8.64e15 + 1),
  fc.integer(),
);
const oddDate = fc.oneof(
  oddNumber.map((n) => new Date(n)),
  fc.date(),
);

/** What the handler did with the value: it was refused at the call, or built into the answer. */
let attempt: (res: Response) => unknown = () => null;

@Controller()
class HostileController {
  @Get('/try')
  try(@Res() res: Response) {
    try {
      return attempt(res) ?? { built: true };
    } catch (error) {
      if (error instanceof TypeError) return { refused: error.message.length > 0 };
      throw error;
    }
  }

  @Get('/throw')
  throwIt() {
    throw attempt(undefined as never);
  }
}

function assertClean(res: LightMyRequestResponse): void {
  expect(res.statusCode, res.body).to.not.equal(500);
  if (res.headers['content-type']?.toString().startsWith('application/json') && res.body !== '') {
    expect(res.json()).to.not.have.any.keys('statusCode', 'error', 'message');
  }
}

describe('property: hostile values are refused at the call or sent clean', () => {
  let app: FastifyInstance;

  before(async () => {
    app = await createApp({
      controllers: [HostileController],
      cookies: { secret: 'a-long-secret-for-hostile-values' },
    });
  });

  after(() => app.close());

  async function check(build: (res: Response) => unknown): Promise<void> {
    attempt = build;
    assertClean(await app.inject({ url: '/try' }));
  }

  for (const [place, give] of Object.entries(HEADER_PLACES)) {
    it(`a header given to ${place}`, async () => {
      await fc.assert(
        fc.asyncProperty(hostileText, hostileText, (name, value) => check(() => give({ [name]: value }))),
        { numRuns: RUNS },
      );
    });
  }

  it('a header set on the injected res', async () => {
    await fc.assert(
      fc.asyncProperty(hostileText, hostileText, fc.boolean(), (name, value, append) =>
        check((res) => {
          if (append) res.headers.append(name, value);
          else res.headers.set(name, value);
        }),
      ),
      { numRuns: RUNS },
    );
  });

  for (const [place, give] of Object.entries(MEDIA_TYPE_PLACES)) {
    it(`a media type given to ${place}`, async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            hostileText,
            hostileText.map((t) => `text/${t}`),
            hostileText.map((t) => `text/plain; ${t}`),
          ),
          (mediaType) => check(() => give(mediaType)),
        ),
        { numRuns: RUNS },
      );
    });
  }

  it('a cookie: name, value, attributes and dates', async () => {
    await fc.assert(
      fc.asyncProperty(
        hostileText,
        hostileText,
        fc.record(
          {
            maxAge: oddNumber,
            expires: oddDate,
            domain: hostileText,
            path: hostileText,
            sameSite: fc.constantFrom('lax', 'strict', 'none', 'LAX', ''),
            priority: hostileText,
            signed: fc.boolean(),
            [fc.sample(fc.constantFrom(...PROTOTYPE_NAMES, 'encode'), 1)[0]!]: fc.anything(),
          },
          { requiredKeys: [] },
        ),
        (name, value, options) => check((res) => res.setCookie(name, value, options as never)),
      ),
      { numRuns: RUNS * 2 },
    );
  });

  it('a cookie deleted with hostile path and domain', async () => {
    await fc.assert(
      fc.asyncProperty(hostileText, hostileText, hostileText, (name, path, domain) =>
        check((res) => res.deleteCookie(name, { path, domain })),
      ),
      { numRuns: RUNS },
    );
  });

  it('a redirect URL', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          hostileText,
          hostileText.map((t) => `/${t}`),
          fc.webUrl(),
        ),
        (url) => check(() => new RedirectResponse(url)),
      ),
      { numRuns: RUNS },
    );
  });

  it('a file name and a disposition', async () => {
    await fc.assert(
      fc.asyncProperty(hostileText, fc.constantFrom('attachment', 'inline'), (filename, disposition) =>
        check(() => new FileResponse('/etc/hostname', { filename, disposition })),
      ),
      { numRuns: RUNS },
    );
  });

  it('an HttpException with hostile status, detail and headers', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.integer({ min: 200, max: 599 }), oddNumber),
        fc.oneof(hostileText, fc.anything()),
        fc.dictionary(hostileText, hostileText, { maxKeys: 3 }),
        async (status, detail, headers) => {
          let thrown: unknown;
          try {
            thrown = new HttpException(status, detail, { headers });
          } catch (error) {
            expect(error).to.be.instanceOf(TypeError);
            return;
          }
          attempt = () => thrown;
          const res = await app.inject({ url: '/throw' });
          expect(Object.keys(res.body === '' ? { detail: 1 } : res.json())).to.deep.equal(['detail']);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('any thrown value: a clean {detail}, its own words only for a deliberate 4xx', async () => {
    // Makers, not values: fast-check itself cannot hold a revoked Proxy.
    const hostileError: fc.Arbitrary<() => unknown> = fc.oneof(
      fc.constantFrom(...Object.values(HOSTILE_THROWS)),
      fc.anything().map((value) => () => value),
      fc
        .record({
          statusCode: fc.oneof(fc.integer({ min: 100, max: 700 }), oddNumber, hostileText),
          message: fc.constant(SECRET),
          headers: fc.dictionary(hostileText, hostileText, { maxKeys: 3 }),
        })
        .map((fields) => () => Object.assign(new Error(SECRET), fields)),
    );
    await fc.assert(
      fc.asyncProperty(hostileError, async (make) => {
        attempt = make;
        const res = await app.inject({ url: '/throw' });
        expect(res.headers['content-type']).to.equal('application/json; charset=utf-8');
        const body = res.json();
        expect(Object.keys(body)).to.deep.equal(['detail']);
        if (res.statusCode >= 500) expect(res.body).to.not.include(SECRET);
        else expect(res.statusCode).to.be.within(400, 499);
      }),
      { numRuns: RUNS * 2 },
    );
  });
});
