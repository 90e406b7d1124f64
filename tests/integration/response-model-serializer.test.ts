import { Writable } from 'node:stream';
import { Controller, createApp, Get, Res, type Response, ResponseModel } from '@arobase/core';
import { expect } from 'chai';
import { Author, Transformed } from '../property/serializer-corpus';

class UserRow {
  constructor(
    readonly id: number,
    readonly email: string,
    readonly password: string,
    readonly posts: object[],
  ) {}
}

@Controller('/m')
class ModelController {
  @Get('/author')
  @ResponseModel(Author)
  author() {
    return new UserRow(1, 'a@b.c', 'hash', [
      { id: 1, title: 'one', published: new Date(Date.UTC(2024, 0, 2)), draft: true },
      { id: 2, title: 'two', published: 'not a date' },
    ]);
  }

  @Get('/authors')
  @ResponseModel([Author])
  authors(@Res() res: Response) {
    res.headers.set('X-Count', '1');
    return [{ id: 2, email: 'x@y.z', posts: [], token: 't' }];
  }

  @Get('/odd')
  @ResponseModel(Author)
  odd() {
    // A Map where a post should be: the compiled writer leaves it to class-transformer.
    return { id: 3, posts: [new Map([['id', 1]])] };
  }

  @Get('/transformed')
  @ResponseModel(Transformed)
  transformed() {
    return { id: 4, name: 'shout', extra: true };
  }
}

function collect(lines: Record<string, unknown>[]) {
  return new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n')) if (line) lines.push(JSON.parse(line));
      done();
    },
  });
}

describe('response models through a route: compiled and reference paths', () => {
  it('sends only the model fields, whichever path renders them, and logs the path of each route', async () => {
    const logs: Record<string, unknown>[] = [];
    const app = await createApp({
      controllers: [ModelController],
      fastify: { logger: { level: 'debug', stream: collect(logs) } },
    });

    const author = await app.inject({ url: '/m/author' });
    expect(author.statusCode).to.equal(200);
    expect(author.headers['content-type']).to.equal('application/json; charset=utf-8');
    expect(author.body).to.equal(
      '{"id":1,"email":"a@b.c","posts":[{"id":1,"title":"one","published":"2024-01-02T00:00:00.000Z"},{"id":2,"title":"two","published":null}]}',
    );

    const authors = await app.inject({ url: '/m/authors' });
    expect(authors.headers['x-count']).to.equal('1');
    expect(authors.body).to.equal('[{"id":2,"email":"x@y.z","posts":[]}]');

    // class-transformer copies a Map as a Map, which JSON writes as {}: the same body either way.
    expect((await app.inject({ url: '/m/odd' })).body).to.equal('{"id":3,"posts":[{}]}');
    expect((await app.inject({ url: '/m/transformed' })).body).to.equal('{"id":4,"name":"SHOUT"}');

    const paths = Object.fromEntries(
      logs.filter((l) => l.msg === 'arobase route').map((l) => [l.route, [l.serializer, l.reason]]),
    );
    expect(paths).to.deep.equal({
      'ModelController.author': ['compiled', undefined],
      'ModelController.authors': ['compiled', undefined],
      'ModelController.odd': ['compiled', undefined],
      'ModelController.transformed': ['reference', 'Transformed.name has @Transform'],
    });
    await app.close();
  });

  it('keeps the reference path, and its check, when validateResponse is on', async () => {
    const logs: Record<string, unknown>[] = [];
    const app = await createApp({
      controllers: [ModelController],
      validateResponse: true,
      fastify: { logger: { level: 'debug', stream: collect(logs) } },
    });
    expect((await app.inject({ url: '/m/authors' })).body).to.equal('[{"id":2,"email":"x@y.z","posts":[]}]');
    const author = logs.find((l) => l.route === 'ModelController.author');
    expect(author).to.include({ serializer: 'reference', reason: 'validateResponse is on' });
    await app.close();
  });
});
