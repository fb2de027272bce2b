import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeMethodCall } from '../../src/codec/decodeMethodCall.js';
import { decodeMethodResponse } from '../../src/codec/decodeMethodResponse.js';
import { decodeResponseEntries } from '../../src/codec/decodeResponseEntries.js';
import { encodeMethodCall } from '../../src/codec/encodeMethodCall.js';
import { encodeMethodResponse } from '../../src/codec/encodeMethodResponse.js';
import {
  asBase64,
  asDouble,
  asI8,
  asInt,
  type XmlRpcParam,
  XmlRpcTyped,
  type XmlRpcValue,
} from '../../src/codec/XmlRpcValue.js';
import { trimXmlWhitespace } from '../../src/codec/xmlText.js';

/** Every encodable value round-trips: decode(encode(v)) equals v, as the decoder reports it. */

/** Any character XML 1.0 can carry, weighted towards the ones that need care. */
const xmlChar = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.constantFrom('a', 'Z', '0', ' ', '&', '<', '>', '"', "'", ';', '#', '\t', '\n', '\r', ']'),
  },
  { weight: 2, arbitrary: fc.integer({ min: 0x20, max: 0xd7ff }).map((code) => String.fromCharCode(code)) },
  { weight: 1, arbitrary: fc.integer({ min: 0xe000, max: 0xfffd }).map((code) => String.fromCharCode(code)) },
  {
    weight: 1,
    arbitrary: fc.integer({ min: 0x10000, max: 0x10ffff }).map((code) => String.fromCodePoint(code)),
  },
);
const xmlString = fc.array(xmlChar, { maxLength: 24 }).map((chars) => chars.join(''));

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** Milliseconds of 0000-01-01T00:00:00Z (`Date.UTC` would read the year 0 as 1900). */
const YEAR_0 = new Date(Date.UTC(2000, 0, 1)).setUTCFullYear(0);

/** Dates at whole seconds in years 0000-9999, the range `YYYYMMDDTHH:MM:SS` can carry. */
const date = fc
  .integer({ min: YEAR_0, max: Date.UTC(9999, 11, 31, 23, 59, 59) })
  .map((ms) => new Date(Math.floor(ms / 1000) * 1000));

const scalar: fc.Arbitrary<XmlRpcParam> = fc.oneof(
  xmlString,
  fc.boolean(),
  fc.integer(),
  fc.maxSafeInteger(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.bigInt({ min: INT64_MIN, max: INT64_MAX }),
  date,
  fc.uint8Array({ maxLength: 40 }),
  fc.uint8Array({ maxLength: 10 }).map((bytes) => bytes.slice().buffer),
  fc.constant(null),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map(asDouble),
  fc.integer().map(asInt),
  fc.oneof(fc.maxSafeInteger(), fc.bigInt({ min: INT64_MIN, max: INT64_MAX })).map(asI8),
  xmlString.map(asBase64),
);

const { value } = fc.letrec<{ value: XmlRpcParam }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(xmlString, fc.option(tie('value'), { nil: undefined, freq: 6 }), {
      maxKeys: 4,
      noNullPrototype: false,
    }) as fc.Arbitrary<XmlRpcParam>,
  ),
}));

/** What the decoder gives back for `param`: -0 is 0, safe bigints are numbers, bytes are Uint8Arrays, undefined members are gone. */
function decoded(param: XmlRpcParam): XmlRpcValue {
  if (typeof param === 'number') return param === 0 ? 0 : param;
  if (typeof param === 'bigint') return Number.isSafeInteger(Number(param)) ? Number(param) : param;
  if (param === null || typeof param !== 'object') return param;
  if (param instanceof XmlRpcTyped) return decoded(param.value as XmlRpcParam);
  if (param instanceof ArrayBuffer) return new Uint8Array(param);
  if (param instanceof Date || param instanceof Uint8Array) return param;
  if (Array.isArray(param)) return param.map(decoded);
  const struct: Record<string, XmlRpcValue> = {};
  for (const [name, member] of Object.entries(param)) {
    if (member !== undefined)
      Object.defineProperty(struct, name, { value: decoded(member), enumerable: true });
  }
  return struct;
}

describe('round trips', () => {
  it('encodeMethodResponse then decodeMethodResponse gives the value back', () => {
    fc.assert(
      fc.property(value, (v) => {
        expect(decodeMethodResponse(encodeMethodResponse(v))).toStrictEqual(decoded(v));
      }),
      { numRuns: 500 },
    );
  });

  it('encodeMethodCall then decodeMethodCall gives the name and params back', () => {
    fc.assert(
      fc.property(
        // Names padded with U+00A0 and the like keep it: only XML whitespace is trimmed.
        xmlString.filter((name) => name !== '' && trimXmlWhitespace(name) === name),
        fc.array(value, { maxLength: 4 }),
        (methodName, params) => {
          expect(decodeMethodCall(encodeMethodCall(methodName, params))).toStrictEqual({
            methodName,
            params: params.map(decoded),
          });
        },
      ),
      { numRuns: 300 },
    );
  });

  it('decodeResponseEntries gives each entry of an array back', () => {
    fc.assert(
      fc.property(fc.array(value, { maxLength: 5 }), (entries) => {
        expect(decodeResponseEntries(encodeMethodResponse(entries))).toStrictEqual({
          kind: 'array',
          entries: entries.map(decoded),
        });
      }),
      { numRuns: 200 },
    );
  });

  it('keeps every double exactly, however large or small', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (n) => {
        expect(decodeMethodResponse(encodeMethodResponse(asDouble(n)))).toBe(n === 0 ? 0 : n);
      }),
      { numRuns: 1000 },
    );
  });
});
