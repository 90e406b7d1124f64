import type { ValidationIssue } from '@arobase/core';
import {
  type CompiledInput,
  flattenErrors,
  isPlainEmail,
  planInput,
  shapeIssues,
} from '@arobase/core/internal';
import { expect } from 'chai';
import { plainToInstance, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsDate,
  IsDefined,
  IsEmail,
  IsEnum,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  isEmail,
  Length,
  Matches,
  Max,
  MaxLength,
  MinLength,
  ValidateNested,
  validateSync,
} from 'class-validator';
import fc from 'fast-check';
import { Color, Level, Tag } from './input-corpus';

class PinnedTag extends Tag {
  @IsOptional() @IsBoolean() pinned?: boolean;
  @IsString() @MinLength(2) override name!: string;
}

class Address {
  @IsString() @IsNotEmpty() street!: string;
  @Matches(/^\d{5}$/) zip!: string;
  @IsOptional() @IsIn(['fr', 'de']) country?: string;
}

class Flat {
  @IsString() @Length(2, 8) name!: string;
  @IsEmail() email!: string;
  @IsNumber({ maxDecimalPlaces: 2 }) price!: number;
  @IsOptional() @IsNumber({ allowNaN: true, allowInfinity: true }) ratio?: number;
  @IsBoolean() active!: boolean;
  @IsEnum(Color) color!: Color;
  @IsOptional() @IsEnum(Level) level?: Level;
  @IsOptional() @IsUUID('4') id?: string;
  @IsDefined() anything!: unknown;
  @IsInt() @Max(10) count = 3;
  @MinLength(3, { message: '$property is too short ($value)' }) nick!: string;
  internal = 'not an input';
}

class Nested {
  @ValidateNested() @Type(() => Address) address!: Address;
  @IsOptional() @ValidateNested() @Type(() => Address) billing?: Address;
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(3) @ValidateNested({ each: true }) @Type(() => Tag) tags!: Tag[];
  @IsOptional() @IsArray() @IsString({ each: true }) @MaxLength(3, { each: true }) labels?: string[];
  @IsOptional() @IsDate() @Type(() => Date) when?: Date;
  @IsOptional() meta?: unknown;
  @IsOptional() @ValidateNested({ each: true }) @Type(() => PinnedTag) pinned?: PinnedTag[];
}

class Converted {
  @IsOptional() @IsInt({ each: true }) @Type(() => Number) nums?: number[];
  @IsOptional() @IsString() @MaxLength(4) @Type(() => String) code?: string;
  @IsOptional() @IsBoolean() @Type(() => Boolean) flag?: boolean;
}

class Tree {
  @IsString() label!: string;
  @IsOptional() @ValidateNested({ each: true }) @Type(() => Tree) children?: Tree[];
}

const keys = fc.constantFrom(
  'name',
  'email',
  'street',
  'zip',
  'tags',
  'label',
  'x',
  'extra',
  'constructor',
  'toString',
  'valueOf',
  'hasOwnProperty',
  '__proto__',
  '0',
);
const almostEmail = fc.constantFrom(
  'a@b.co',
  'a@b',
  'a.@b.co',
  'a@@b.co',
  '"a b"@c.io',
  'a@b.co ',
  'x@localhost',
  'ü@ex.de',
  'a@[127.0.0.1]',
  `${'a'.repeat(65)}@b.co`,
);
const scalar = fc.oneof(
  fc.string({ maxLength: 10 }),
  fc.constantFrom(
    '',
    'red',
    'green',
    'fr',
    'de',
    '12345',
    '1234',
    'abc',
    '0',
    '😀😀😀',
    'red ',
    '❤️❤️',
    'ab\uFE0F',
    '\uD83D',
    'x\uDE00yz',
    '\uFE0E\uFE0E\uFE0E',
  ),
  almostEmail,
  fc.constant('9b2d3f04-5c1e-4d7a-8f0b-2a1c3e4d5f60'),
  fc.integer({ min: -5, max: 15 }),
  fc.double(),
  fc.constantFrom(
    0,
    -0,
    1,
    1.5,
    1.25,
    1.255,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
    1e21,
    2 ** 53 + 2,
  ),
  fc.boolean(),
  fc.constant(null),
);
const { value: anyValue } = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, tie('array'), tie('object')),
  array: fc.array(tie('value'), { maxLength: 3 }),
  object: fc
    .array(fc.tuple(keys, tie('value')), { maxLength: 4 })
    .map((entries) => Object.fromEntries(entries)),
}));

const MISSING = Symbol('missing');

/** An object with the class's fields (each good, wrong or missing) and extra keys. */
function shaped(fields: Record<string, fc.Arbitrary<unknown>>): fc.Arbitrary<Record<string, unknown>> {
  const record = fc
    .record(
      Object.fromEntries(
        Object.entries(fields).map(([k, good]) => [
          k,
          fc.option(fc.oneof({ arbitrary: good, weight: 15 }, { arbitrary: anyValue, weight: 1 }), {
            nil: MISSING,
            freq: 20,
          }),
        ]),
      ),
    )
    .map((r) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== MISSING)));
  return fc
    .tuple(record, fc.array(fc.tuple(keys, anyValue), { maxLength: 2 }), fc.boolean())
    .map(([r, extra, extraFirst]) => {
      const more = Object.fromEntries(extra.filter(([k]) => !(k in fields)));
      return extraFirst ? Object.assign(more, r) : Object.assign(r, more);
    });
}

/** Valid values most of the time, so that both outcomes are exercised. */
const mostly = <T, U>(valid: fc.Arbitrary<T>, other: fc.Arbitrary<U>) =>
  fc.oneof({ arbitrary: valid, weight: 8 }, { arbitrary: other, weight: 1 });

const tag = shaped({
  name: mostly(fc.string({ minLength: 1, maxLength: 5 }), fc.string({ unit: 'binary', maxLength: 6 })),
  weight: mostly(fc.nat(5), fc.constant(-1)),
});
const pinnedTag = shaped({
  name: mostly(fc.string({ minLength: 2, maxLength: 5 }), fc.string({ maxLength: 6 })),
  pinned: fc.boolean(),
  weight: fc.nat(3),
});
const address = shaped({
  street: fc.string({ maxLength: 4 }).map((x) => `s${x}`),
  zip: mostly(fc.constant('75001'), fc.constantFrom('1234', 'abcde', '750011')),
  country: mostly(fc.constantFrom('fr', 'de'), fc.constant('es')),
});
const flat = shaped({
  name: mostly(fc.string({ minLength: 2, maxLength: 8 }), fc.string({ maxLength: 9 })),
  email: mostly(fc.oneof(fc.constantFrom('a@b.co', 'x.y@ex.org'), fc.emailAddress()), almostEmail),
  price: mostly(
    fc.constantFrom(1, 1.5, 1.25, 0.1, -3),
    fc.oneof(fc.constantFrom(1.255, 0.1 + 0.2), fc.double()),
  ),
  ratio: fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, 0.5),
  active: fc.boolean(),
  color: mostly(fc.constantFrom('red', 'green'), fc.constantFrom('blue', 0, 'Red')),
  level: mostly(fc.constantFrom(0, 1), fc.constantFrom(2, 'Low', 'High')),
  id: mostly(
    fc.uuid({ version: 4 }),
    fc.oneof(fc.uuid(), fc.constant('9b2d3f04-5c1e-1d7a-8f0b-2a1c3e4d5f60')),
  ),
  anything: mostly(fc.constantFrom(1, 'x', [], {}), anyValue),
  count: mostly(fc.integer({ min: 0, max: 10 }), fc.integer({ min: 8, max: 12 })),
  nick: mostly(fc.string({ minLength: 3, maxLength: 5 }), fc.string({ unit: 'binary', maxLength: 5 })),
});
const converted = shaped({
  nums: fc.oneof(
    fc.array(scalar, { maxLength: 3 }),
    fc.array(fc.array(scalar, { maxLength: 2 }), { maxLength: 2 }),
  ),
  code: fc.oneof(scalar, fc.array(scalar, { maxLength: 2 })),
  flag: scalar,
});
const { tree } = fc.letrec((tie) => ({
  tree: shaped({
    label: fc.string({ maxLength: 3 }),
    children: fc.array(fc.oneof({ depthSize: 'small' }, tie('tree'), anyValue), { maxLength: 3 }),
  }),
}));
const nested = shaped({
  address: fc.oneof(address, fc.array(address, { maxLength: 2 })),
  billing: address,
  tags: fc.array(mostly(tag, anyValue), { minLength: 1, maxLength: 3 }),
  labels: mostly(fc.array(fc.string({ maxLength: 3 }), { maxLength: 4 }), fc.array(scalar, { maxLength: 3 })),
  when: mostly(
    fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
    fc.constantFrom('2024-01-01', '2024-02-30T10:00:00Z', 'not a date', '', 0, 1e20),
  ),
  meta: anyValue,
  pinned: fc.array(fc.oneof({ arbitrary: pinnedTag, weight: 8 }, { arbitrary: anyValue, weight: 1 }), {
    maxLength: 3,
  }),
});

type Outcome = { issues: ValidationIssue[] } | { instance: unknown };

/**
 * arobase's one correction of plainToInstance here: an object under `@Type(() => String | Number |
 * Boolean)` is left as it is (class-transformer would send `String(object)` on), so the field's rules
 * refuse it as they do without `@Type`.
 */
const SCALAR_TYPED = new Map<Function, readonly string[]>([[Converted, ['nums', 'code', 'flag']]]);

function keepObjects(given: unknown, converted: unknown): unknown {
  if (Array.isArray(given) && Array.isArray(converted))
    return given.map((g, i) => keepObjects(g, converted[i]));
  return typeof given === 'object' && given !== null ? given : converted;
}

/** What class-transformer is given in place of an object under a scalar @Type (it may throw on one). */
function withoutObjects(given: unknown): unknown {
  if (Array.isArray(given)) return given.map(withoutObjects);
  return typeof given === 'object' && given !== null ? null : given;
}

function reference(cls: new () => object, raw: object, received: object = raw): Outcome {
  const scalars = (SCALAR_TYPED.get(cls) ?? []).filter((key) => Object.hasOwn(raw, key));
  const given = { ...raw } as Record<string, unknown>;
  for (const key of scalars) given[key] = withoutObjects(given[key]);
  const instance = plainToInstance(cls, given) as Record<string, unknown>;
  for (const key of scalars)
    instance[key] = keepObjects((raw as Record<string, unknown>)[key], instance[key]);
  const issues = flattenErrors(validateSync(instance, { whitelist: true, forbidUnknownValues: false }), [
    'body',
  ]);
  // In FastAPI's shape, as the app sends them: one `missing` for an absent field, the type alone for a
  // value of the wrong type, each with its `input`.
  return issues.length > 0
    ? { issues: shapeIssues(issues, received, ['body']) }
    : { instance: shape(instance) };
}

/**
 * class-transformer throws (a 500) on an object with an own `constructor` key that is not a class,
 * `{"x": {"constructor": 1}}`, which JSON bodies can carry. The compiled path drops such keys, as
 * class-transformer drops them where it does not throw: its answer is the reference's without them.
 */
function referenceOrDefined(cls: new () => object, raw: object): Outcome | 'throws' {
  try {
    return reference(cls, raw);
  } catch {
    try {
      // `input` is still what was received.
      return reference(cls, withoutConstructorKeys(raw) as object, raw);
    } catch {
      return 'throws';
    }
  }
}

/**
 * Where class-validator or class-transformer themselves throw (`@IsNumber({ maxDecimalPlaces })`
 * on -3e-323, `@Type(() => Date)` on an object whose `toString` is not a function), the compiled
 * path calls the same code and throws the same way.
 */
function compiledOrThrows(fn: CompiledInput, raw: object): Outcome | 'throws' {
  try {
    return compiled(fn, raw);
  } catch {
    return 'throws';
  }
}

function withoutConstructorKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutConstructorKeys);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (k !== 'constructor')
      Object.defineProperty(out, k, {
        value: withoutConstructorKeys(v),
        enumerable: true,
        writable: true,
        configurable: true,
      });
  }
  return out;
}

function compiled(fn: CompiledInput, raw: object): Outcome {
  const issues: ValidationIssue[] = [];
  const instance = fn(raw, ['body'], { addIssue: (issue) => issues.push(issue) }, undefined);
  if (issues.length > 0) {
    expect(instance).to.equal(undefined);
    return { issues: shapeIssues(issues, raw, ['body']) };
  }
  return { instance: shape(instance) };
}

/** Class, own keys in order and values, with -0, NaN and invalid dates spelled out. */
function shape(value: unknown): unknown {
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : Number.isNaN(value) ? 'NaN' : value;
  if (value instanceof Date) return ['Date', String(value.getTime())];
  if (Array.isArray(value)) return ['Array', value.map(shape)];
  if (typeof value === 'object' && value !== null) {
    const v = value as Record<string, unknown>;
    return [v.constructor?.name, Object.keys(v).map((k) => [k, shape(v[k])])];
  }
  return value;
}

function compiledFor(cls: new () => object): CompiledInput {
  const plan = planInput(cls);
  expect(plan, 'reference' in plan ? plan.reference : '').to.have.property('compiled');
  return (plan as { compiled: CompiledInput }).compiled;
}

const corpus: [string, new () => object, fc.Arbitrary<Record<string, unknown>>, number][] = [
  ['flat fields, numbers with options, emails, enums', Flat, flat, 900],
  ['nested objects and arrays of nested objects', Nested, nested, 900],
  ['a recursive model', Tree, tree, 400],
  ['an inherited model', PinnedTag, pinnedTag, 300],
  ['a small model', Tag, tag, 300],
  ['@Type(() => Number | String | Boolean) conversions', Converted, converted, 300],
];

describe('compiled input validator against plainToInstance + validateSync', () => {
  for (const [title, cls, arbitrary, numRuns] of corpus) {
    it(`same 422 issues or same instance: ${title}`, () => {
      const fn = compiledFor(cls);
      let accepted = 0;
      fc.assert(
        fc.property(arbitrary, (raw) => {
          const outcome = compiledOrThrows(fn, raw);
          expect(outcome).to.deep.equal(referenceOrDefined(cls, raw));
          if (typeof outcome === 'object' && 'instance' in outcome) accepted++;
        }),
        { numRuns: numRuns * Number(process.env.FC_SCALE ?? 1) },
      );
      // Both outcomes are exercised: the generators make valid inputs too, not only refusals.
      expect(accepted, 'accepted inputs').to.be.greaterThan(numRuns / 50);
    });
  }

  it('accepts and refuses inputs both ways (the corpus is not all refusals)', () => {
    const fn = compiledFor(Nested);
    const good = {
      address: { street: 'Main', zip: '75001', junk: 1 },
      tags: [{ name: 'a', weight: 1, junk: true }],
      labels: ['x'],
      when: '2024-01-01',
      meta: { toString: 1, deep: [{ valueOf: 2, ok: 3 }] },
      extra: 1,
    };
    const outcome = compiled(fn, good);
    expect(outcome).to.deep.equal(reference(Nested, good));
    expect(outcome).to.have.property('instance');
    const poisoned = { ...good, meta: { deep: [{ constructor: 2, ok: 3 }] } };
    expect(() => reference(Nested, poisoned)).to.throw(TypeError);
    expect(compiled(fn, poisoned)).to.deep.equal(reference(Nested, { ...good, meta: { deep: [{ ok: 3 }] } }));
    const bad = { ...good, tags: [] };
    expect(compiled(fn, bad)).to.deep.equal(reference(Nested, bad));
    expect(compiled(fn, bad)).to.have.property('issues');
  });
});

describe('the plain-address fast path of @IsEmail()', () => {
  const atom = fc.stringMatching(/^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]{1,70}$/);
  const label = fc.stringMatching(/^[A-Za-z0-9_-]{1,66}$/);
  const noise = fc.constantFrom('', '.', '-', '_', '@', ' ', '"', 'é', '１', '\u00A0', '\uFFFF', '0', 'xn--');
  const near = fc
    .tuple(
      fc.oneof(
        fc.emailAddress(),
        fc
          .tuple(atom, fc.array(label, { minLength: 1, maxLength: 5 }))
          .map(([u, ls]) => `${u}@${ls.join('.')}`),
      ),
      noise,
      fc.nat(),
    )
    .map(([address, extra, at]) => {
      const i = at % (address.length + 1);
      return address.slice(0, i) + extra + address.slice(i);
    });

  it('accepts only what validator.js accepts with its defaults, and most well-formed addresses', () => {
    let fast = 0;
    fc.assert(
      fc.property(near, (address) => {
        if (isPlainEmail(address)) {
          fast++;
          expect(isEmail(address), address).to.equal(true);
        }
      }),
      { numRuns: 3000 },
    );
    expect(fast).to.be.greaterThan(300);
    for (const address of ['a@b.co', `${'a'.repeat(64)}@b.co`, `a@${'b'.repeat(63)}.co`, 'a.b+c@d-e.f.gh']) {
      expect(isPlainEmail(address), address).to.equal(true);
    }
    for (const address of [
      `${'a'.repeat(65)}@b.co`,
      `a@${'b'.repeat(64)}.co`,
      `a@${'b.'.repeat(126)}co`,
      'a..b@c.co',
      '.a@b.co',
      'a@-b.co',
      'a@b-.co',
      'a@b.c',
      'a@b.c0',
      'a@b_c.co',
      'a@b',
      '"a"@b.co',
      'a@b.co.',
    ]) {
      expect(isPlainEmail(address), address).to.equal(false);
    }
  });
});
