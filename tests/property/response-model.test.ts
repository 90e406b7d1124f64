// For random values with extra keys at every depth, the body never holds a key the model does not
// declare: the response model fails closed.
import { Body, Controller, createApp, Post, ResponseModel } from '@arobase/core';
import { expect } from 'chai';
import { Expose, Type } from 'class-transformer';
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';

class Leaf {
  @Expose() x!: number;
  @Expose() label!: string;
}

class Child {
  @Expose() a!: string;
  @Expose() flag!: boolean;
  @Expose() @Type(() => Leaf) leaf!: Leaf;
  @Expose() @Type(() => Leaf) leaves!: Leaf[];
}

class Root {
  @Expose() id!: number;
  @Expose() name!: string;
  @Expose() createdAt!: Date;
  @Expose() @Type(() => Child) child!: Child;
  @Expose() @Type(() => Child) children!: Child[];
}

/** The declared shape: for each key, the nested model or null for a leaf value. */
type Shape = { [key: string]: Shape | null };
const LEAF: Shape = { x: null, label: null };
const CHILD: Shape = { a: null, flag: null, leaf: LEAF, leaves: LEAF };
const ROOT: Shape = { id: null, name: null, createdAt: null, child: CHILD, children: CHILD };

/** The offending path, or null when every key in `body` is declared by `shape`. */
function undeclaredKey(body: unknown, shape: Shape | null, path: string): string | null {
  if (Array.isArray(body)) {
    for (const [i, item] of body.entries()) {
      const found = undeclaredKey(item, shape, `${path}[${i}]`);
      if (found) return found;
    }
    return null;
  }
  if (body === null || typeof body !== 'object') return null;
  for (const [key, value] of Object.entries(body)) {
    // A leaf field holds a value, never an object with keys of its own.
    if (shape === null || !(key in shape)) return `${path}.${key}`;
    const found = undeclaredKey(value, shape[key]!, `${path}.${key}`);
    if (found) return found;
  }
  return null;
}

@Controller()
class EchoController {
  @Post('/one')
  @ResponseModel(Root)
  one(@Body({ raw: true }) body: unknown) {
    return body;
  }

  @Post('/many')
  @ResponseModel([Root])
  many(@Body({ raw: true }) body: unknown) {
    return body;
  }
}

describe('property: a response model never sends an undeclared key', () => {
  let app: FastifyInstance;
  before(async () => {
    app = await createApp({ controllers: [EchoController] });
  });
  after(() => app.close());

  // Keys a model could be tricked with: prototype names, look-alikes of declared keys, random ones.
  const extraKey = fc.oneof(
    fc.string({ minLength: 1, maxLength: 8 }),
    fc.constantFrom('password', 'constructor', 'toString', '__proto__x', 'Id', 'id ', 'leaf_', 'x.y'),
  );
  // Any JSON value, deep and wide, for both extra keys and declared ones of the wrong type.
  const anyJson = fc.letrec((tie) => ({
    value: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.oneof(fc.integer(), fc.string(), fc.boolean(), fc.constant(null), fc.double({ noNaN: true })),
      fc.array(tie('value'), { maxLength: 3 }),
      fc.dictionary(extraKey, tie('value'), { maxKeys: 4 }),
    ),
  })).value;

  const scalar = fc.oneof(
    fc.integer(),
    fc.string(),
    fc.boolean(),
    fc.constant(null),
    fc.double({ noNaN: true }),
  );
  const leafValue = fc.oneof(scalar, fc.array(scalar, { maxLength: 3 }));

  /**
   * An object of `shape` plus extra keys (holding any JSON, objects included) at every depth. With
   * `wellTyped`, declared leaves hold scalars and declared nested fields hold objects; without it,
   * any declared key may hold any JSON value.
   */
  function objectOf(shape: Shape, depth: number, wellTyped: boolean): fc.Arbitrary<unknown> {
    const fields: Record<string, fc.Arbitrary<unknown>> = {};
    for (const [key, nested] of Object.entries(shape)) {
      const right =
        nested === null
          ? leafValue
          : depth > 3
            ? fc.constant(null)
            : fc.oneof(
                objectOf(nested, depth + 1, wellTyped),
                fc.array(objectOf(nested, depth + 1, wellTyped), { maxLength: 3 }),
              );
      fields[key] = wellTyped ? right : fc.oneof(right, anyJson);
    }
    return fc
      .tuple(
        fc.record(fields, { requiredKeys: [] }),
        // Extra keys are undeclared ones; when well typed, a declared key never comes from here.
        fc.dictionary(wellTyped ? extraKey.filter((k) => !Object.hasOwn(shape, k)) : extraKey, anyJson, {
          maxKeys: 4,
        }),
      )
      .map(([declared, extra]) => ({ ...extra, ...declared }));
  }

  const root = objectOf(ROOT, 0, true);
  const anyRoot = objectOf(ROOT, 0, false);

  it('for one object with extra keys at every depth: 200, only declared keys', async () => {
    await fc.assert(
      fc.asyncProperty(root, async (value) => {
        const res = await app.inject({ method: 'POST', url: '/one', payload: value as object });
        expect(res.statusCode, res.body).to.equal(200);
        expect(undeclaredKey(res.json(), ROOT, '$')).to.equal(null);
      }),
      { numRuns: 150 },
    );
  });

  it('for a list of them', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(root, { maxLength: 4 }), async (value) => {
        const res = await app.inject({ method: 'POST', url: '/many', payload: value });
        expect(res.statusCode, res.body).to.equal(200);
        expect(undeclaredKey(res.json(), ROOT, '$')).to.equal(null);
      }),
      { numRuns: 100 },
    );
  });

  it('whatever sits in a declared field: only declared keys, or a 500 that says nothing', async () => {
    await fc.assert(
      fc.asyncProperty(anyRoot, async (value) => {
        const res = await app.inject({ method: 'POST', url: '/one', payload: value as object });
        if (res.statusCode === 500) {
          expect(res.body).to.equal('{"detail":"Internal Server Error"}');
          return;
        }
        expect(res.statusCode, res.body).to.equal(200);
        expect(undeclaredKey(res.json(), ROOT, '$')).to.equal(null);
      }),
      { numRuns: 150 },
    );
  });
});
