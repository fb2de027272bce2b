import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromNotation, type JsonValue, parseParam, toNotation } from '../../src/cli/paramNotation.js';
import { decodeMethodResponse } from '../../src/codec/decodeMethodResponse.js';
import { encodeMethodResponse } from '../../src/codec/encodeMethodResponse.js';
import { asDouble, asI8, asInt } from '../../src/codec/XmlRpcValue.js';

/** What the other side of the wire sees: the notation, through the real codec and back to notation. */
function overTheWire(json: JsonValue): JsonValue {
  return toNotation(decodeMethodResponse(encodeMethodResponse(fromNotation(json))));
}

describe('fromNotation', () => {
  it('reads plain JSON as the obvious XML-RPC types', () => {
    expect(fromNotation(['s', 1, -2.5, true, null, [], { a: [1] }])).toEqual([
      's',
      1,
      -2.5,
      true,
      null,
      [],
      { a: [1] },
    ]);
  });

  it('reads every $ notation', () => {
    expect(fromNotation({ $dateTime: '2026-01-01T00:00:00Z' })).toEqual(new Date(Date.UTC(2026, 0, 1)));
    expect(fromNotation({ $dateTime: '20260101T01:02:03' })).toEqual(new Date(Date.UTC(2026, 0, 1, 1, 2, 3)));
    expect(fromNotation({ $dateTime: '2026-01-01T00:00:00+02:00' })).toEqual(
      new Date(Date.UTC(2025, 11, 31, 22)),
    );
    expect(fromNotation({ $base64: 'AAEC' })).toEqual(new Uint8Array([0, 1, 2]));
    expect(fromNotation({ $i8: '9223372036854775807' })).toEqual(asI8(9223372036854775807n));
    expect(fromNotation({ $i8: 5 })).toEqual(asI8(5n));
    expect(fromNotation({ $int: -7 })).toEqual(asInt(-7));
    expect(fromNotation({ $double: 1 })).toEqual(asDouble(1));
    expect(fromNotation({ $struct: { $x: { $i8: '1' } } })).toEqual({ $x: asI8(1n) });
  });

  it('takes an object with several members, or none, as a struct even when names start with $', () => {
    expect(fromNotation({ $i8: '1', b: 2 })).toEqual({ $i8: '1', b: 2 });
    expect(fromNotation({})).toEqual({});
  });

  it('keeps a "__proto__" member as a member', () => {
    const struct = fromNotation(JSON.parse('{"__proto__": {"x": 1}, "y": 2}')) as object;
    expect(Object.getPrototypeOf(struct)).toBe(Object.prototype);
    expect(Object.keys(struct)).toEqual(['__proto__', 'y']);
  });

  it.each([
    [{ $nope: 1 }, 'p: unknown notation "$nope" (known: $dateTime, $base64, $i8, $int, $double, $struct;'],
    [{ $dateTime: 5 }, 'p: $dateTime needs an ISO 8601 string, but got 5'],
    [{ $dateTime: 'yesterday' }, 'p: $dateTime "yesterday": not an ISO 8601 date-time'],
    [
      { $dateTime: '2026-02-30T00:00:00Z' },
      'p: $dateTime "2026-02-30T00:00:00Z": day 30 does not exist in 2026-02',
    ],
    [{ $base64: 'A*==' }, 'p: $base64 is not valid base64: character "*" is not base64'],
    [{ $base64: null }, 'p: $base64 needs a base64 string, but got null'],
    [{ $i8: '1.5' }, 'p: $i8 needs a string of digits or a safe integer, but got "1.5"'],
    [{ $i8: '9223372036854775808' }, 'p: $i8 9223372036854775808 does not fit 64 bits'],
    [{ $int: 2 ** 31 }, 'p: $int needs an integer in 32 bits, but got 2147483648'],
    [{ $double: '1' }, 'p: $double needs a number, but got "1"'],
    [{ $struct: [1] }, 'p: $struct needs an object, but got [1]'],
    [[1, { a: { $i8: 'x' } }], 'p[1].a: $i8 needs a string of digits or a safe integer, but got "x"'],
    [2 ** 53 + 2, 'p: 9007199254740994 is an integer past 2^53, which a JSON number cannot carry exactly;'],
  ])('rejects %j naming where', (json, message) => {
    expect(() => fromNotation(json, 'p')).toThrow(TypeError);
    expect(() => fromNotation(json, 'p')).toThrow(message);
  });
});

describe('parseParam', () => {
  it('parses JSON text in the notation', () => {
    expect(parseParam('{"$i8": "42"}', 'params[0]')).toEqual(asI8(42n));
  });

  it.each([
    [
      '9007199254740993',
      'params[0]: 9007199254740993 is an integer past 2^53, which a JSON number cannot carry exactly; ' +
        'write {"$i8": "9007199254740993"} (or {"$double": 9007199254740993} for a double)',
    ],
    [
      '[1, {"a": -12345678901234567890}]',
      'params[0][1].a: -12345678901234567890 is an integer past 2^53, which a JSON number cannot carry exactly; ' +
        'write {"$double": -12345678901234567890} for a double, or {"$i8": "<digits>"} for an integer of 64 bits at most',
    ],
    [
      '1e300',
      'params[0]: 1e300 is an integer past 2^53, which a JSON number cannot carry exactly; ' +
        'write {"$double": 1e300} for a double, or {"$i8": "<digits>"} for an integer of 64 bits at most',
    ],
    ['["9007199254740993", 9007199254740995.0]', 'params[0][1]: 9007199254740995.0 is an integer past 2^53'],
    ['{"a": 1, "a": 9007199254740993}', 'params[0].a: 9007199254740993 is an integer past 2^53'],
    [
      '{"$i8": 9007199254740993}',
      'params[0]: $i8 needs a string of digits or a safe integer, but got 9007199254740993',
    ],
    [
      '{"$int": 99999999999999999999}',
      'params[0]: $int needs an integer in 32 bits, but got 99999999999999999999',
    ],
    ['{"$base64": 1E17}', 'params[0]: $base64 needs a base64 string, but got 1E17'],
    [
      '[{"$double": 9007199254740993}, 18014398509481985]',
      'params[0][1]: 18014398509481985 is an integer past 2^53',
    ],
  ])('quotes an integer past 2^53 as typed, not as JSON.parse rounds it: %s', (text, message) => {
    expect(() => parseParam(text, 'params[0]')).toThrow(TypeError);
    expect(() => parseParam(text, 'params[0]')).toThrow(message);
  });

  it('takes what JSON.parse takes when an integer past 2^53 is overridden or asked for as a double', () => {
    expect(parseParam('{"a": 9007199254740993, "a": 1}', 'params[0]')).toEqual({ a: 1 });
    expect(parseParam('{"$double": 9007199254740993}', 'params[0]')).toEqual(asDouble(9007199254740992));
  });

  it('rethrows what is not a refusal of the notation, without reading the text again', () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    expect(() => parseParam(deep, 'params[0]')).toThrow(RangeError);
  });

  it('says that a bare word needs quotes', () => {
    expect(() => parseParam('web', 'params[2]')).toThrow(
      `params[2] is not JSON: web (a string must be quoted: '"web"')`,
    );
    expect(() => parseParam('{oops', 'params[0]')).toThrow(/^params\[0\] is not JSON: \{oops$/);
  });
});

describe('toNotation', () => {
  it('prints the types JSON lacks in the notation, losslessly', () => {
    expect(
      toNotation([
        new Date(Date.UTC(2026, 0, 1)),
        new Date(Date.UTC(2026, 0, 1, 0, 0, 0, 250)),
        new Uint8Array([0, 1, 2, 255]),
        2n ** 63n - 1n,
        Number.POSITIVE_INFINITY,
        { $x: 1 },
        { $x: 1, y: 2 },
      ]),
    ).toEqual([
      { $dateTime: '2026-01-01T00:00:00Z' },
      { $dateTime: '2026-01-01T00:00:00.250Z' },
      { $base64: 'AAEC/w==' },
      { $i8: '9223372036854775807' },
      { $double: 'Infinity' },
      { $struct: { $x: 1 } },
      { $x: 1, y: 2 },
    ]);
  });
});

describe('the notation over the wire', () => {
  it('round-trips every notation through the codec unchanged', () => {
    const json: JsonValue = {
      at: { $dateTime: '2026-01-01T12:30:45Z' },
      bytes: { $base64: 'AAEC/w==' },
      big: { $i8: '-9223372036854775808' },
      literal: { $struct: { $only: [{ $i8: '9007199254740993' }] } },
      plain: ['text', 1, -2.5, true, null, {}],
    };
    expect(overTheWire(json)).toEqual(json);
  });

  it('round-trips any JSON whose integers are exact and whose objects are not notation', () => {
    const key = fc.string().filter((name) => !name.startsWith('$'));
    const { value } = fc.letrec<{ value: JsonValue }>((tie) => ({
      value: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        fc.string({ unit: 'grapheme' }),
        fc.maxSafeInteger(),
        fc
          .double({ noNaN: true, noDefaultInfinity: true })
          .filter((n) => !Object.is(n, -0) && !Number.isInteger(n)),
        fc.boolean(),
        fc.constant(null),
        fc.array(tie('value'), { maxLength: 4 }),
        fc.dictionary(key, tie('value'), { maxKeys: 4 }),
      ),
    }));
    fc.assert(
      fc.property(value, (json) => {
        expect(overTheWire(json)).toEqual(json);
      }),
    );
  });
});
