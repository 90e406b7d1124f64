import { ResponseValidationError } from '@arobase/core';
import {
  BAIL,
  compileWriter,
  isoString,
  modelSerializer,
  modelShape,
  quote,
  type ResponseModelMetadata,
  referenceSerializer,
} from '@arobase/core/internal';
import { expect } from 'chai';
import fc from 'fast-check';
import { Author, Dated, Flat, Renamed, WithNested } from '../property/serializer-corpus';

const meta = (model: Function, isArray = false, options = {}): ResponseModelMetadata => ({
  model,
  isArray,
  options,
});

/** Both paths, and the body they agree on. */
function render(model: Function, data: unknown, isArray = false, options = {}): string {
  const compiled = modelSerializer(meta(model, isArray, options), false).serialize(data);
  expect(compiled).to.equal(referenceSerializer(meta(model, isArray, options), false)(data));
  return compiled;
}

/** Both paths refuse the value with the same ResponseValidationError; returns its message. */
function refused(model: Function, data: unknown, isArray = false): string {
  const compiled = modelSerializer(meta(model, isArray), false).serialize;
  const reference = referenceSerializer(meta(model, isArray), false);
  const message = (serialize: (data: unknown) => string) => {
    try {
      serialize(data);
    } catch (error) {
      expect(error).to.be.instanceOf(ResponseValidationError);
      return (error as Error).message;
    }
    throw new Error('expected a ResponseValidationError');
  };
  const got = message(compiled);
  expect(got).to.equal(message(reference));
  return got;
}

/** Whether the compiled writer renders the value itself, or hands it to the reference path. */
function handsOver(model: Function, data: unknown): boolean {
  const shape = modelShape(model, undefined);
  if (!shape.ok) throw new Error(shape.reason);
  try {
    compileWriter(shape.shape)(data);
    return false;
  } catch (error) {
    if (error === BAIL) return true;
    throw error;
  }
}

describe('compiled serializer: what it writes for each kind of value', () => {
  it('keeps exposed fields in class-transformer order, drops undefined, keeps null', () => {
    const body = render(Flat, {
      password: 'x',
      score: null,
      tags: ['a'],
      name: 'n',
      id: 1,
      active: undefined,
    });
    expect(body).to.equal('{"id":1,"name":"n","score":null,"tags":["a"]}');
  });

  it('passes a scalar of the wrong type through as it is, like class-transformer without @Type', () => {
    const body = render(Flat, { id: '1', name: 5, active: 'yes', score: [1, [true]], tags: 'a' });
    expect(body).to.equal('{"id":"1","name":5,"active":"yes","score":[1,[true]],"tags":"a"}');
    expect(handsOver(Flat, { id: '1', name: 5 })).to.equal(false);
  });

  it('writes JSON text as JSON.stringify does: non-finite numbers, -0, escapes, lone surrogates', () => {
    const body = render(Flat, {
      id: Number.NaN,
      score: -0,
      name: 'a"\\\n\u2028\ud800',
      tags: [Infinity, 1e21],
    });
    expect(body).to.equal('{"id":null,"name":"a\\"\\\\\\n\u2028\\ud800","score":0,"tags":[null,1e+21]}');
  });

  it('writes Dates as ISO text and invalid ones as null; @Type conversions as class-transformer makes them', () => {
    const at = new Date('2024-02-03T04:05:06.789Z');
    const body = render(Dated, {
      created: at,
      updated: '2024-01-01',
      count: '12',
      label: 3,
      flag: 'false',
    });
    expect(body).to.equal(
      '{"created":"2024-02-03T04:05:06.789Z","updated":"2024-01-01T00:00:00.000Z","count":12,"label":"3","flag":true}',
    );
    expect(render(Dated, { created: new Date(Number.NaN), updated: 'soon' })).to.equal(
      '{"created":null,"updated":null}',
    );
  });

  it('filters nested models and arrays of them, whatever class the values are', () => {
    class PostRow {
      constructor(
        readonly id: number,
        readonly title: string,
        readonly secret = 's',
      ) {}
    }
    const body = render(Author, {
      id: 1,
      email: 'a@b.c',
      password: 'p',
      posts: [new PostRow(1, 't'), { id: 2, draft: true }, null, 'text'],
    });
    expect(body).to.equal('{"id":1,"email":"a@b.c","posts":[{"id":1,"title":"t"},{"id":2},null,"text"]}');
  });

  it('refuses an object in a field without @Type, at any depth of arrays, as the reference does', () => {
    class Row {
      constructor(
        readonly id?: number,
        readonly password_hash?: string,
      ) {}
    }
    const cases: [unknown, string][] = [
      [{ a: 1 }, 'meta'],
      [[1, [{}]], 'meta.1.0'],
      [new Row(1, 'secret'), 'meta'],
      [Object.create(null), 'meta'],
      [new Map([['a', 1]]), 'meta'],
    ];
    for (const [value, where] of cases) {
      expect(handsOver(WithNested, { id: 1, meta: value })).to.equal(true);
      expect(refused(WithNested, { id: 1, address: { street: 's' }, meta: value })).to.include(
        `${where}: an object`,
      );
    }
    // The same in a list, with the item's index in the message; a Date is not an object there.
    expect(refused(Flat, [{ id: 1 }, { score: { deep: 1 } }], true)).to.include('1.score: an object');
    expect(render(WithNested, { id: 1, meta: [new Date(0), 'x'] })).to.equal(
      '{"id":1,"meta":["1970-01-01T00:00:00.000Z","x"]}',
    );
  });

  it('checks a renamed field under its wire name: a nested model is filtered, an untyped object refused', () => {
    expect(render(Renamed, { id: 1, first_post: { id: 2, draft: true } })).to.equal(
      '{"id":1,"first_post":{"id":2}}',
    );
    expect(refused(Renamed, { id: 1, created_at: { password_hash: 'x' } })).to.include(
      'created_at: an object',
    );
  });

  it('a model with a renamed field keeps the holes and NaNs of nested arrays as class-transformer does', () => {
    // The reference reads such a model by property name first; a NaN (NaN !== NaN) made it copy the
    // array with a spread, which turned the hole into an undefined item written as null.
    const sparse: unknown[] = [Number.NaN];
    sparse.length = 2;
    expect(render(Renamed, { id: 1, first_post: [sparse] })).to.equal('{"id":1,"first_post":[[null]]}');
  });

  it('hands a value it cannot vouch for to the reference path, which renders it', () => {
    // A Set is sent as an array, a function is called: only class-transformer knows how.
    for (const odd of [new Set([1, 1, 2]), () => 1]) {
      expect(handsOver(WithNested, { id: 1, meta: odd })).to.equal(true);
      render(WithNested, { id: 1, meta: odd });
    }
    expect(render(WithNested, { id: 1, meta: new Set([1, 1, 2]) })).to.equal('{"id":1,"meta":[1,2]}');
  });

  it('fails as the reference does on what JSON cannot hold, and refuses a scalar or a lone object for [Model]', () => {
    const compiled = modelSerializer(meta(Flat), false).serialize;
    expect(() => compiled({ id: 1n })).to.throw(TypeError, /BigInt/);
    expect(() => compiled('text')).to.throw(/expected an object/);
    expect(() => modelSerializer(meta(Flat, true), false).serialize({ id: 1 })).to.throw(/expected an array/);
    expect(compiled(null)).to.equal('null');
  });

  it('applies excludeNone at every depth', () => {
    const body = render(
      Author,
      { id: 1, email: null, posts: [{ id: null, title: 't', published: null }, null] },
      false,
      { excludeNone: true },
    );
    expect(body).to.equal('{"id":1,"posts":[{"title":"t"},null]}');
  });

  it('quotes strings and writes Dates exactly as JSON.stringify does', () => {
    const unit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit }), fc.string({ unit, minLength: 40, maxLength: 80 })), (s) => {
        expect(quote(s)).to.equal(JSON.stringify(s));
      }),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(fc.date(), (d) => {
        expect(isoString(d)).to.equal(JSON.stringify(d));
      }),
      { numRuns: 2000 },
    );
  });

  it('copies a Date through its valueOf, as the reference does', () => {
    const shifted = new Date(0);
    shifted.valueOf = () => 86_400_000;
    expect(render(Dated, { created: shifted })).to.equal('{"created":"1970-01-02T00:00:00.000Z"}');
    // The copy is a plain Date: a subclass's own formatting does not reach the wire.
    class Shifty extends Date {
      override getUTCFullYear() {
        return 1999;
      }
      override toISOString() {
        return 'mine';
      }
    }
    expect(render(Dated, { created: new Shifty(0), updated: new Shifty(Date.UTC(20000, 0)) })).to.equal(
      '{"created":"1970-01-01T00:00:00.000Z","updated":"+020000-01-01T00:00:00.000Z"}',
    );
  });
});
