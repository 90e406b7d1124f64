import {
  coercerFor,
  type IssueSink,
  inputSchema,
  modelSerializer,
  responseSchema,
  SchemaComponents,
} from '@arobase/core/internal';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { expect } from 'chai';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsEnum,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import fc from 'fast-check';
import { Color, Level, Tag } from './input-corpus';
import {
  Address,
  Author,
  Deep,
  Derived,
  Flat,
  Grouped,
  Optional,
  Renamed,
  Tree,
  WithDefault,
  WithInternal,
} from './serializer-corpus';

// No drift, proved: what the serializer writes validates against the model's schema, and what the
// input validator accepts validates against the request schema (and, for rules JSON Schema can say
// exactly, what it refuses does not).

function validatorOf(schema: object, components: SchemaComponents) {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema({ $id: 'doc', components: { schemas: components.schemas } });
  return ajv.compile(schemaWithBase(schema));
}
// `#/components/...` refs resolve against the document holding the components.
function schemaWithBase(schema: object): object {
  return JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"doc#/components/'));
}

// Values of the models' declared types: finite numbers and valid Dates (JSON has no NaN and no
// invalid date: they are written as null), any field possibly missing, extra keys the model drops.
// An extra key never takes a declared field's name: a value of another type there (an array in a
// string field) is the handler's mistake, which the model passes on as the reference does, unless
// `validateResponse` is on; what this test checks is that well-typed values match the document.
const text = fc.string({ maxLength: 8 });
const number = fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }));
// Years 0-9999: toISOString writes others as ±YYYYYY, which RFC 3339 (format: date-time) does not allow (a known gap).
const date = fc.date({
  noInvalidDate: true,
  min: new Date('0000-01-01T00:00:00Z'),
  max: new Date('9999-12-31T23:59:59Z'),
});
const record = (fields: Record<string, fc.Arbitrary<unknown>>) =>
  fc
    .tuple(
      fc.record(fields, { requiredKeys: [] }),
      fc.dictionary(
        fc.string({ maxLength: 4 }).filter((key) => !Object.hasOwn(fields, key)),
        fc.jsonValue(),
        { maxKeys: 2 },
      ),
    )
    .map(([own, extra]) => ({ ...extra, ...own }));
const post = record({ id: number, title: text, published: date });
const leaf = record({ value: number });
const { tree } = fc.letrec<{ tree: unknown }>((tie) => ({
  tree: fc.oneof(
    { depthSize: 'small' },
    record({ label: text }),
    record({ label: text, children: fc.array(tie('tree'), { maxLength: 3 }) }),
  ),
}));

const outputs: [string, Function, fc.Arbitrary<unknown>, object?][] = [
  [
    'Flat',
    Flat,
    record({
      id: number,
      name: text,
      active: fc.boolean(),
      score: number,
      tags: fc.array(text),
      password: text,
    }),
  ],
  ['Address', Address, record({ street: text, zip: text })],
  ['Author', Author, record({ id: number, email: text, posts: fc.array(post, { maxLength: 3 }) })],
  [
    'Deep',
    Deep,
    record({ id: number, middle: record({ name: text, leaves: fc.array(leaf, { maxLength: 3 }) }) }),
  ],
  ['Optional', Optional, record({ required: text, maybe: text, nullable: fc.option(text) })],
  ['Tree', Tree, tree],
  ['Derived', Derived, record({ id: number, kind: text, extra: text })],
  ['Grouped (admin)', Grouped, record({ id: number, email: text, token: text }), { groups: ['admin'] }],
  [
    'Renamed',
    Renamed,
    record({
      id: number,
      createdAt: text,
      created_at: text,
      firstPost: post,
      first_post: post,
      edited: date,
    }),
  ],
  ['WithDefault', WithDefault, record({ id: number, role: text })],
  [
    'WithInternal',
    WithInternal,
    record({ id: number, tags: fc.array(record({ label: text }), { maxLength: 2 }) }),
  ],
  [
    'WithDefault, excludeDefaults',
    WithDefault,
    record({ id: number, role: fc.constantFrom('user', 'admin') }),
    { excludeDefaults: true },
  ],
];

describe('property: the document never drifts from the wire', () => {
  for (const [name, model, values, options = {}] of outputs) {
    it(`every body the serializer writes for ${name} validates against its schema`, () => {
      const components = new SchemaComponents();
      const meta = { model, isArray: false, options };
      const validate = validatorOf(responseSchema(meta, components), components);
      const serialize = modelSerializer(meta, false).serialize;
      fc.assert(
        fc.property(values, (value) => {
          const body = JSON.parse(serialize(value));
          if (!validate(body)) throw new Error(`${JSON.stringify(body)}: ${JSON.stringify(validate.errors)}`);
        }),
        { numRuns: 300 },
      );
    });
  }

  class Exact {
    @IsString() @MinLength(2) @MaxLength(6) name!: string;
    @IsInt() @Min(-5) @Max(5) count!: number;
    @IsBoolean() active!: boolean;
    @IsIn(['a', 'b', 1]) pick!: string | number;
    @IsEnum(Color) color!: Color;
    @IsOptional() @IsEnum(Level) level?: Level;
    @IsOptional() @IsNotEmpty() nick?: string;
    @IsOptional() @IsArray() @ArrayMaxSize(2) @IsString({ each: true }) labels?: string[];
    @IsOptional() @ValidateNested() @Type(() => Tag) tag?: Tag;
  }

  // Near each rule's edges, and anything else JSON can hold.
  const field = fc.oneof(
    fc.string({ maxLength: 8 }),
    fc.integer({ min: -8, max: 8 }),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.constantFrom('a', 'b', 1, 'red', 'green', 'blue', 0, 'Low', 'High', '', 'ab'),
    fc.array(fc.string({ maxLength: 3 }), { maxLength: 3 }),
    record({ name: fc.string({ maxLength: 6 }), weight: fc.integer({ min: -2, max: 2 }) }),
    fc.jsonValue({ maxDepth: 2 }),
  );
  // Mostly valid values, so that accepted bodies are common; any field may be anything.
  const mostly = (valid: fc.Arbitrary<unknown>) =>
    fc.oneof({ weight: 6, arbitrary: valid }, { weight: 1, arbitrary: field });
  const body = fc.record(
    {
      name: mostly(fc.string({ minLength: 2, maxLength: 6 })),
      count: mostly(fc.integer({ min: -5, max: 5 })),
      active: mostly(fc.boolean()),
      pick: mostly(fc.constantFrom('a', 'b', 1)),
      color: mostly(fc.constantFrom('red', 'green')),
      level: mostly(fc.constantFrom(0, 1, 'Low', 'High', null)),
      nick: mostly(fc.string({ minLength: 1, maxLength: 3 })),
      labels: mostly(fc.array(fc.string({ maxLength: 3 }), { maxLength: 2 })),
      tag: mostly(record({ name: fc.string({ minLength: 1, maxLength: 5 }), weight: fc.nat(3) })),
    },
    { requiredKeys: [] },
  );

  it('a body validates against the request schema exactly when the input validator accepts it', () => {
    const components = new SchemaComponents();
    const validate = validatorOf(inputSchema(Exact, components), components);
    const coerce = coercerFor(Exact, false);
    let accepted = 0;
    fc.assert(
      fc.property(body, (raw) => {
        const issues: unknown[] = [];
        const sink: IssueSink = { addIssue: (i) => issues.push(i) };
        coerce(JSON.parse(JSON.stringify(raw)), ['body'], sink);
        const valid = validate(JSON.parse(JSON.stringify(raw)));
        if (issues.length === 0) accepted++;
        if (valid !== (issues.length === 0)) {
          throw new Error(
            `${JSON.stringify(raw)}: validator ${JSON.stringify(issues)}, schema ${JSON.stringify(validate.errors)}`,
          );
        }
      }),
      { numRuns: 2000 },
    );
    expect(accepted).to.be.greaterThan(0);
  });
});
