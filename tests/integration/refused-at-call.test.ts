// Each value that cannot be sent is a TypeError where it is given, in each place that takes one:
// never accepted, then a 500 when the reply is written.
import { Controller, createApp, FileResponse, Get, RedirectResponse, Response } from '@arobase/core';
import { expect } from 'chai';
import { BAD_MEDIA_TYPES, CONTROL_CHARACTERS, HEADER_PLACES, MEDIA_TYPE_PLACES } from '../helpers/hostile';

describe('refused at the call: headers', () => {
  for (const [place, give] of Object.entries(HEADER_PLACES)) {
    it(`${place} refuses each control character in a value, and in a name`, () => {
      for (const c of CONTROL_CHARACTERS) {
        expect(() => give({ 'X-Upstream': `a${c}b` }), JSON.stringify(c)).to.throw(TypeError);
        expect(() => give({ [`X-A${c}B`]: 'v' }), JSON.stringify(c)).to.throw(TypeError);
      }
    });

    it(`${place} says which header was wrong, and takes tab, obs-text and edge spaces`, () => {
      expect(() => give({ 'X-Upstream': 'a\x01b' })).to.throw(TypeError, /x-upstream/i);
      expect(() => give({ 'X-Tab': 'a\tb', 'X-Latin': 'caf\xe9', 'X-Trimmed': '  v  ' })).to.not.throw();
    });
  }

  it('a refused set leaves the header as it was', () => {
    const res = new Response();
    res.headers.set('X-Kept', 'before');
    expect(() => res.headers.set('X-Kept', 'a\x1bb')).to.throw(TypeError);
    expect(res.headers.get('x-kept')).to.equal('before');
  });

  it('a copy of the headers (a response cloned for a request) still refuses', () => {
    const res = new Response(null, { headers: { 'X-A': '1' } }).clone();
    expect(() => res.headers.set('X-B', 'a\x7fb')).to.throw(TypeError);
  });
});

describe('refused at the call: media types', () => {
  for (const [place, give] of Object.entries(MEDIA_TYPE_PLACES)) {
    it(`${place} refuses what is not a media type, and says so`, () => {
      for (const bad of BAD_MEDIA_TYPES) {
        expect(() => give(bad), JSON.stringify(bad)).to.throw(TypeError, /mediaType must be a media type/);
      }
    });

    it(`${place} takes real media types`, () => {
      for (const good of [
        'text/csv',
        'application/vnd.api+json',
        'text/plain; charset=latin1',
        'a/b; q="x; y"',
      ]) {
        expect(() => give(good), good).to.not.throw();
      }
    });
  }
});

describe('refused at the call: cookies', () => {
  const cases: Record<string, object> = {
    'expires before 1601': { expires: new Date('1500-01-01T00:00:00Z') },
    'expires after 9999': { expires: new Date('+010000-01-01T00:00:00Z') },
    'an invalid Date': { expires: new Date('nope') },
    'expires as a string': { expires: '2030-01-01' },
    'expires as a number': { expires: Date.now() },
    'an unknown option (encode)': { encode: (v: string) => v },
    'an unknown option (a typo, maxage)': { maxage: 60 },
  };
  for (const [kind, options] of Object.entries(cases)) {
    it(`setCookie refuses ${kind}`, () => {
      expect(() => new Response().setCookie('c', 'v', options as never)).to.throw(TypeError, /Cookie "c"/);
    });
  }

  it('deleteCookie refuses an unknown option too', () => {
    expect(() => new Response().deleteCookie('c', { encode: String } as never)).to.throw(TypeError, /encode/);
  });

  it('takes the first and last writable dates', () => {
    const res = new Response();
    res.setCookie('a', '1', { expires: new Date('1601-01-01T00:00:00Z') });
    res.setCookie('b', '1', { expires: new Date('9999-12-31T23:59:59Z') });
    expect(res.cookies.length).to.equal(2);
  });
});

describe('refused at the call: URLs and file names', () => {
  it('RedirectResponse refuses a URL with a lone surrogate, with a TypeError', () => {
    for (const url of ['/\udc00\udc00', '/\ud800', `/a${'\ud83d'}`]) {
      expect(() => new RedirectResponse(url), JSON.stringify(url)).to.throw(TypeError, /RedirectResponse/);
    }
    expect(() => new RedirectResponse(42 as never)).to.throw(TypeError, /RedirectResponse/);
    expect(new RedirectResponse('/😀 ok').headers.get('location')).to.equal('/%F0%9F%98%80%20ok');
  });

  it('FileResponse refuses a filename with a lone surrogate, and a path with NUL', () => {
    expect(() => new FileResponse('/etc/hostname', { filename: 'a\ud800.txt' })).to.throw(
      TypeError,
      /filename/,
    );
    expect(() => new FileResponse('/etc/hostname', { filename: 42 as never })).to.throw(
      TypeError,
      /filename/,
    );
    expect(() => new FileResponse('/etc/host\0name')).to.throw(TypeError, /NUL/);
  });

  it('FileResponse quotes the filename, as browsers and FastAPI users see it', () => {
    const file = new FileResponse('/etc/hostname', { filename: 'posts.csv' });
    expect(file.headers.get('content-disposition')).to.equal('attachment; filename="posts.csv"');
  });
});

describe('refused at start-up: route and controller static headers', () => {
  it('a control character in a static header fails createApp, saying which route', async () => {
    @Controller()
    class StaticHeaderController {
      @Get('/x', { headers: { 'X-Build': 'a\x01b' } })
      x() {
        return {};
      }
    }
    const error = await createApp({ controllers: [StaticHeaderController] }).then(
      () => null,
      (e: Error) => e,
    );
    expect(error).to.be.instanceOf(TypeError);
    expect(error?.message).to.include('StaticHeaderController').and.include('X-Build');
  });
});
