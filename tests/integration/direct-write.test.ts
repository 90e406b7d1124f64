import { Controller, createApp, Get, Param, Res, type Response, ResponseModel } from '@arobase/core';
import { expect } from 'chai';
import { Author } from '../property/serializer-corpus';

// A JSON route without static headers writes plain data and the injected response straight to the
// reply; a route with a static header goes through the general merge. Both must send the same thing.

function touch(res: Response, variant: string) {
  switch (variant) {
    case 'status':
      res.status = 201;
      break;
    case 'headers':
      res.headers.set('X-One', '1');
      res.headers.set('Cache-Control', 'no-store');
      break;
    case 'content-type':
      res.headers.set('Content-Type', 'application/vnd.api+json');
      break;
    case 'cookies':
      res.headers.append('Set-Cookie', 'raw=1; Path=/');
      res.setCookie('a', '1');
      res.setCookie('b', 'two words', { maxAge: 60, path: '/x' });
      res.deleteCookie('old');
      break;
    case 'bodyless':
      res.status = 204;
      res.headers.set('X-One', '1');
      res.setCookie('a', '1');
      break;
    case 'untouched':
      res.status = undefined;
      break;
  }
}

@Controller('/d')
class DirectController {
  @Get('/direct/:variant')
  @ResponseModel(Author)
  direct(@Param('variant') variant: string, @Res() res: Response) {
    touch(res, variant);
    return { id: 1, email: 'a@b.c', password: 'p', posts: [] };
  }

  @Get('/merged/:variant', { headers: { 'X-Static': 'yes' } })
  @ResponseModel(Author)
  merged(@Param('variant') variant: string, @Res() res: Response) {
    touch(res, variant);
    return { id: 1, email: 'a@b.c', password: 'p', posts: [] };
  }
}

describe('plain data with an injected response: the direct write equals the general merge', () => {
  for (const variant of ['status', 'headers', 'content-type', 'cookies', 'bodyless', 'untouched']) {
    it(variant, async () => {
      const app = await createApp({ controllers: [DirectController] });
      const direct = await app.inject({ url: `/d/direct/${variant}` });
      const merged = await app.inject({ url: `/d/merged/${variant}` });
      const { 'x-static': statics, date: _d1, ...mergedHeaders } = merged.headers;
      const { date: _d2, ...directHeaders } = direct.headers;
      expect(statics).to.equal('yes');
      expect(direct.statusCode).to.equal(merged.statusCode);
      expect(directHeaders).to.deep.equal(mergedHeaders);
      expect(direct.body).to.equal(merged.body);
      await app.close();
    });
  }

  it('sends what rule 1 says', async () => {
    const app = await createApp({ controllers: [DirectController] });
    const res = await app.inject({ url: '/d/direct/cookies' });
    expect(res.statusCode).to.equal(200);
    expect(res.headers['content-type']).to.equal('application/json; charset=utf-8');
    expect(res.headers['set-cookie']).to.deep.equal([
      'raw=1; Path=/',
      'a=1; Path=/; HttpOnly; Secure; SameSite=Lax',
      'b=two%20words; Max-Age=60; Path=/x; HttpOnly; Secure; SameSite=Lax',
      'old=; Max-Age=0; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; Secure; SameSite=Lax',
    ]);
    expect(res.body).to.equal('{"id":1,"email":"a@b.c","posts":[]}');

    const typed = await app.inject({ url: '/d/direct/content-type' });
    // Fastify adds the charset to a string body's type; the JSON one is not added next to it.
    expect(typed.headers['content-type']).to.equal('application/vnd.api+json; charset=utf-8');

    const empty = await app.inject({ url: '/d/direct/bodyless' });
    expect(empty.statusCode).to.equal(204);
    expect(empty.headers['content-type']).to.equal(undefined);
    expect(empty.headers['x-one']).to.equal('1');
    expect(empty.body).to.equal('');
    await app.close();
  });
});
