import type { ValidationIssue } from '@arobase/core';
import { coercerFor, parseIsoDate } from '@arobase/core/internal';
import { expect } from 'chai';

function run(type: unknown, raw: unknown) {
  const issues: ValidationIssue[] = [];
  const value = coercerFor(type, true)(raw, ['query', 'x'], { addIssue: (i) => issues.push(i) });
  return { value, types: issues.map((i) => i.type) };
}

describe('coercerFor: text to the declared type', () => {
  it('number: finite decimals only', () => {
    for (const [raw, value] of [
      ['0', 0],
      ['-0.5', -0.5],
      ['.5', 0.5],
      ['1e3', 1000],
      ['+7', 7],
      [' 42 ', 42],
    ] as const) {
      expect(run(Number, raw), raw).to.deep.equal({ value, types: [] });
    }
    for (const raw of ['', ' ', 'abc', 'Infinity', 'NaN', '0x1f', '0b1', '1_000', '1e400', '1,5']) {
      expect(run(Number, raw), raw).to.deep.equal({ value: undefined, types: ['number_parsing'] });
    }
  });

  it('boolean: true/false/1/0 in any case, nothing else', () => {
    expect(run(Boolean, 'TRUE').value).to.equal(true);
    expect(run(Boolean, '0').value).to.equal(false);
    for (const raw of ['', 'yes', 'on', 't', '2', 'truee']) {
      expect(run(Boolean, raw), raw).to.deep.equal({ value: undefined, types: ['bool_parsing'] });
    }
  });

  it('a scalar given several values takes the last one', () => {
    expect(run(Number, ['1', '2']).value).to.equal(2);
    expect(run(String, ['a', 'b']).value).to.equal('b');
  });

  it('an array wraps a single value and keeps a list', () => {
    expect(run(Array, 'a').value).to.deep.equal(['a']);
    expect(run(Array, ['a', 'b']).value).to.deep.equal(['a', 'b']);
  });

  it('an unrecorded type (Object) keeps the raw value', () => {
    expect(run(Object, ['a', 'b']).value).to.deep.equal(['a', 'b']);
  });
});

describe('parseIsoDate', () => {
  for (const [text, iso] of [
    ['2024-02-29', '2024-02-29T00:00:00.000Z'],
    ['2024-02-29T12:30', '2024-02-29T12:30:00.000Z'],
    ['2024-02-29 12:30:15', '2024-02-29T12:30:15.000Z'],
    ['2024-02-29T12:30:15.123456Z', '2024-02-29T12:30:15.123Z'],
    ['2024-02-29T12:30:15.1+01:30', '2024-02-29T11:00:15.100Z'],
    ['2024-02-29T00:30:00-0100', '2024-02-29T01:30:00.000Z'],
    ['0050-06-01', '0050-06-01T00:00:00.000Z'],
  ] as const) {
    it(`${text} -> ${iso}`, () => {
      expect(parseIsoDate(text)?.toISOString()).to.equal(iso);
    });
  }

  for (const text of [
    '',
    '1',
    '1700000000',
    'foo 1',
    'Thu, 01 Jan 2024 00:00:00 GMT',
    '2024-1-01',
    '2024-00-10',
    '2024-04-31',
    '2023-02-29',
    '2024-01-01T24:00',
    '2024-01-01T10:60',
    '2024-01-01T10:00:60',
    '2024-01-01T10:00+25:00',
    '2024-01-01T',
  ]) {
    it(`refuses ${JSON.stringify(text)}`, () => {
      expect(parseIsoDate(text)).to.equal(undefined);
    });
  }
});
