import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseExactJson, UnsafeJsonInteger } from '../../src/cli/parseExactJson.js';

describe('parseExactJson', () => {
  it('reads any JSON as JSON.parse does when no integer is past 2^53', () => {
    const safe = fc.jsonValue().filter((value) => {
      let ok = true;
      JSON.stringify(value, (_, member: unknown) => {
        if (typeof member === 'number' && Number.isInteger(member) && !Number.isSafeInteger(member))
          ok = false;
        return member;
      });
      return ok;
    });
    fc.assert(
      fc.property(safe, fc.constantFrom(undefined, 1, '\t'), (value, space) => {
        const text = JSON.stringify(value, null, space);
        expect(parseExactJson(text)).toStrictEqual(JSON.parse(text));
      }),
    );
  });

  it('keeps each integer past 2^53 as typed, wherever it is', () => {
    expect(
      parseExactJson(' [1, {"a": [9007199254740993 ], "b" :-1E300}, 2.5e-3, "9007199254740993"]\n'),
    ).toEqual([
      1,
      { a: [new UnsafeJsonInteger('9007199254740993')], b: new UnsafeJsonInteger('-1E300') },
      0.0025,
      '9007199254740993',
    ]);
    expect(parseExactJson('12345678901234567890.0')).toEqual(new UnsafeJsonInteger('12345678901234567890.0'));
    expect(parseExactJson('9007199254740991')).toBe(9007199254740991);
  });

  it('keeps a "__proto__" member as a member, and the last value of a repeated name in its first place', () => {
    const object = parseExactJson('{"b": 1, "__proto__": {"x": 1}, "b": 99999999999999999999}') as object;
    expect(Object.getPrototypeOf(object)).toBe(Object.prototype);
    expect(Object.keys(object)).toEqual(['b', '__proto__']);
    expect(Object.entries(object)).toEqual([
      ['b', new UnsafeJsonInteger('99999999999999999999')],
      ['__proto__', { x: 1 }],
    ]);
  });

  it('shows an unsafe integer as JSON.parse would in JSON.stringify', () => {
    expect(JSON.stringify(parseExactJson('[9007199254740993]'))).toBe('[9007199254740992]');
  });
});
