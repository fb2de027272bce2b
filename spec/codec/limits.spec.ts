import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { type DecodeOptions, normalizeDecodeOptions } from '../../src/codec/codecOptions.js';
import { decodeMethodCall } from '../../src/codec/decodeMethodCall.js';
import { decodeMethodResponse } from '../../src/codec/decodeMethodResponse.js';
import { decodeResponseEntries } from '../../src/codec/decodeResponseEntries.js';
import { encodeMethodResponse } from '../../src/codec/encodeMethodResponse.js';
import { XmlRpcParseError } from '../../src/codec/XmlRpcParseError.js';
import { asDouble } from '../../src/codec/XmlRpcValue.js';
import { decodeInner, parseErrorOf, response } from './documents.js';

/** Decoding limits: exceeding one is a parse error, never a stack overflow, a hang or a huge allocation. */

const DECODERS = {
  decodeMethodResponse: (xml: string, options?: DecodeOptions) => decodeMethodResponse(xml, options),
  decodeResponseEntries: (xml: string, options?: DecodeOptions) => decodeResponseEntries(xml, options),
  decodeMethodCall: (xml: string, options?: DecodeOptions) => decodeMethodCall(xml, options),
};

/** A `<value>` of `levels` arrays nested in each other around `<int>1</int>`. */
function nestedArrays(levels: number): string {
  return `${'<value><array><data>'.repeat(levels)}<value><int>1</int></value>${'</data></array></value>'.repeat(levels)}`;
}

/** A `<value>` of `levels` structs nested in each other (member `a`) around `<int>1</int>`. */
function nestedStructs(levels: number): string {
  return `${'<value><struct><member><name>a</name>'.repeat(levels)}<value><int>1</int></value>${'</member></struct></value>'.repeat(levels)}`;
}

const call = (value: string) =>
  `<methodCall><methodName>m</methodName><params><param>${value}</param></params></methodCall>`;

/** The value at the bottom of `levels` nested arrays. */
function unwrap(value: unknown, levels: number): unknown {
  for (let i = 0; i < levels; i++) value = (value as unknown[])[0];
  return value;
}

describe('maxLength', () => {
  const xml = response('<value>1</value>');

  it('accepts a document of exactly maxLength characters and refuses a longer one', () => {
    expect(decodeMethodResponse(xml, { maxLength: xml.length })).toBe('1');
    expect(parseErrorOf(() => decodeMethodResponse(xml, { maxLength: xml.length - 1 })).message).toBe(
      `document is ${xml.length} characters long, over the \`maxLength\` limit of ${xml.length - 1}`,
    );
    expect(() => decodeMethodCall(call('<value>1</value>'), { maxLength: 10 })).toThrow(/`maxLength`/);
    expect(() => decodeResponseEntries(xml, { maxLength: 10 })).toThrow(/`maxLength`/);
  });

  it('defaults to 64 MiB', () => {
    expect(normalizeDecodeOptions(undefined).maxLength).toBe(64 * 1024 * 1024);
    const huge = response(`<value>${'x'.repeat(64 * 1024 * 1024)}</value>`);
    expect(parseErrorOf(() => decodeMethodResponse(huge)).message).toContain(
      'over the `maxLength` limit of 67108864',
    );
  });
});

describe('maxDepth', () => {
  it('defaults to 256 nested arrays or structs', () => {
    expect(normalizeDecodeOptions({}).maxDepth).toBe(256);
    expect(unwrap(decodeMethodResponse(response(nestedArrays(256))), 256)).toBe(1);
    expect(() => decodeMethodResponse(response(nestedStructs(256)))).not.toThrow();
    expect(unwrap(decodeMethodCall(call(nestedArrays(256))).params[0], 256)).toBe(1);
    expect(() => decodeMethodCall(call(nestedStructs(256)))).not.toThrow();
    for (const xml of [response(nestedArrays(257)), response(nestedStructs(257))]) {
      expect(() => decodeMethodResponse(xml)).toThrow(/`maxDepth` limit of 256/);
    }
    for (const xml of [call(nestedArrays(257)), call(nestedStructs(257))]) {
      expect(() => decodeMethodCall(xml)).toThrow(/`maxDepth` limit of 256/);
    }
    // Entries of a top-level array fail in their own slot.
    const { entries } = decodeResponseEntries(response(nestedArrays(257))) as { entries: unknown[] };
    expect(entries).toHaveLength(1);
    expect(String(entries[0])).toMatch(/^XmlRpcParseError: nesting deeper than the `maxDepth` limit of 256/);
  });

  it('accepts exactly maxDepth levels and refuses one more', () => {
    const options = { maxDepth: 3 };
    expect(decodeMethodResponse(response(nestedArrays(3)), options)).toEqual([[[1]]]);
    expect(
      decodeInner(
        '<struct><member><name>a</name><value><array><data><value><struct></struct></value></data></array></value></member></struct>',
        options,
      ),
    ).toEqual({ a: [{}] });
    expect(decodeMethodCall(call(nestedStructs(3)), options).params).toEqual([{ a: { a: { a: 1 } } }]);
    const entries = decodeResponseEntries(response(nestedArrays(3)), options);
    expect(entries).toEqual({ kind: 'array', entries: [[[1]]] });

    expect(parseErrorOf(() => decodeMethodResponse(response(nestedArrays(4)), options)).message).toBe(
      'nesting deeper than the `maxDepth` limit of 3 at methodResponse/params/param/value/array/data/value[1]/array/data/value[1]/array/data/value[1]/array',
    );
    expect(parseErrorOf(() => decodeMethodCall(call(nestedStructs(4)), options)).path).toBe(
      'methodCall/params/param[1]/value/struct/member[1]/value/struct/member[1]/value/struct/member[1]/value/struct',
    );
  });

  it('counts only arrays and structs, so maxDepth: 1 still allows one of them', () => {
    expect(decodeMethodResponse(response(nestedArrays(1)), { maxDepth: 1 })).toEqual([1]);
    expect(() => decodeMethodResponse(response(nestedArrays(2)), { maxDepth: 1 })).toThrow(XmlRpcParseError);
  });

  it('puts a too-deep entry of a top-level array in its own slot', () => {
    const xml = response(`<value><array><data><value>ok</value>${nestedArrays(3)}</data></array></value>`);
    const { entries } = decodeResponseEntries(xml, { maxDepth: 3 }) as { entries: unknown[] };
    expect(entries[0]).toBe('ok');
    expect(entries[1]).toBeInstanceOf(XmlRpcParseError);
    expect((entries[1] as XmlRpcParseError).message).toContain('`maxDepth` limit of 3');
  });

  it('decodes the deepest allowed nesting, 512, without overflowing the stack', () => {
    const options = { maxDepth: 512 };
    expect(unwrap(decodeMethodResponse(response(nestedArrays(512)), options), 512)).toBe(1);
    expect(decodeMethodCall(call(nestedStructs(512)), options).params).toHaveLength(1);
    expect(() => decodeMethodResponse(response(nestedStructs(513)), options)).toThrow(
      /`maxDepth` limit of 512/,
    );
  });

  it('turns a stack exhausted by the caller into a parse error, not a RangeError', () => {
    // A process with a small stack, decoding the default deepest document from txml's cold code.
    const script = [
      "import { decodeMethodResponse } from './src/codec/decodeMethodResponse.ts';",
      `const xml = ${JSON.stringify(response(nestedArrays(256)))};`,
      'try { decodeMethodResponse(xml); console.log("decoded"); } catch (e) { console.log(e.name, e.message); }',
    ].join('\n');
    const child = spawnSync(
      process.execPath,
      ['--stack-size=150', '--import', 'tsx', '--input-type=module', '-e', script],
      {
        cwd: fileURLToPath(new URL('../..', import.meta.url)),
        encoding: 'utf8',
      },
    );
    expect(child.stdout.trim()).toBe('XmlRpcParseError nesting too deep for the stack left to the parser');
  });

  it('refuses 100,000 levels with a parse error, not a stack overflow', () => {
    for (const [name, decode] of Object.entries(DECODERS)) {
      const wrap = name === 'decodeMethodCall' ? call : response;
      for (const xml of [wrap(nestedArrays(100_000)), wrap(nestedStructs(100_000))]) {
        expect(parseErrorOf(() => decode(xml)).message, name).toContain('`maxDepth` limit of 256');
      }
      // Elements outside the XML-RPC vocabulary nest too.
      const junk = wrap(`<value>${'<a>'.repeat(100_000)}${'</a>'.repeat(100_000)}</value>`);
      expect(() => decode(junk), name).toThrow(XmlRpcParseError);
      // Unclosed, so only the gate's depth bound stops it.
      expect(() => decode(wrap(`<value>${'<array><data><value>'.repeat(100_000)}`)), name).toThrow(
        XmlRpcParseError,
      );
    }
  });
});

describe('maxIntegerDigits', () => {
  it('defaults to 1000 digits', () => {
    expect(normalizeDecodeOptions({}).maxIntegerDigits).toBe(1000);
    expect(decodeInner(`<int>${'9'.repeat(1000)}</int>`)).toBe(10n ** 1000n - 1n);
    expect(parseErrorOf(() => decodeInner(`<int>${'9'.repeat(1001)}</int>`)).message).toMatch(
      /^integer longer than the `maxIntegerDigits` limit of 1000 at methodResponse\/params\/param\/value\/int: "9{60}…"$/,
    );
  });

  it('counts digits without the sign, leading zeros included', () => {
    const options = { maxIntegerDigits: 5 };
    expect(decodeInner('<int>-12345</int>', options)).toBe(-12345);
    expect(decodeInner('<int>+00001</int>', options)).toBe(1);
    expect(() => decodeInner('<int>000001</int>', options)).toThrow(/`maxIntegerDigits` limit of 5/);
    expect(() => decodeInner('<int>123456</int>', options)).toThrow(/`maxIntegerDigits` limit of 5/);
  });

  it.each(['int', 'i4', 'i8', 'ex:i8', 'ex:biginteger', 'i1', 'i2'])(
    'refuses a 1,000,000-digit <%s> with a parse error',
    (type) => {
      const error = parseErrorOf(() => decodeInner(`<${type}>${'7'.repeat(1_000_000)}</${type}>`));
      expect(error.message).toContain('`maxIntegerDigits` limit of 1000');
      expect(error.text).toHaveLength(60);
    },
  );
});

describe('maxDecimalDigits', () => {
  const DECIMAL_TYPES = [
    ['double', 'double'],
    ['ex:float', 'double'],
    ['ex:bigdecimal', 'decimal number'],
  ] as const;

  it('defaults to 1000 digits', () => {
    expect(normalizeDecodeOptions({}).maxDecimalDigits).toBe(1000);
    const longest = `0.${'0'.repeat(300)}${'1'.repeat(698)}`;
    expect(decodeInner(`<double>${longest}</double>`)).toBe(Number(longest));
    expect(parseErrorOf(() => decodeInner(`<double>0.${'0'.repeat(999)}1</double>`)).message).toMatch(
      /^double longer than the `maxDecimalDigits` limit of 1000 at methodResponse\/params\/param\/value\/double: "0\.0{58}…"$/,
    );
  });

  it('counts the digits of the integer part, the fraction and the exponent, leading zeros included', () => {
    const options = { maxDecimalDigits: 5 };
    expect(decodeInner('<double>-12.345</double>', options)).toBe(-12.345);
    expect(decodeInner('<double>+1.2e+34</double>', options)).toBe(1.2e34);
    expect(decodeInner('<ex:bigdecimal>000.01</ex:bigdecimal>', options)).toBe('000.01');
    for (const text of ['123.456', '0.00001', '1.234e56', '1e00005']) {
      expect(() => decodeInner(`<double>${text}</double>`, options), text).toThrow(
        /`maxDecimalDigits` limit of 5/,
      );
    }
  });

  it.each(DECIMAL_TYPES)(
    'refuses a 1,000,000-digit <%s> with a parse error naming the limit',
    (type, what) => {
      const error = parseErrorOf(() => decodeInner(`<${type}>${'7'.repeat(1_000_000)}.5</${type}>`));
      expect(error.message).toContain(`${what} longer than the \`maxDecimalDigits\` limit of 1000`);
      expect(error.path).toBe(`methodResponse/params/param/value/${type}`);
      expect(error.text).toHaveLength(60);
    },
  );

  it.each(DECIMAL_TYPES)(
    'reads 200,000 digits then "x" in one pass, even without a limit (<%s>)',
    (type, what) => {
      // A backtracking pattern took seconds for this (quadratic in the digits); the scan is linear.
      const error = parseErrorOf(() =>
        decodeInner(`<${type}>${'1'.repeat(200_000)}x</${type}>`, { maxDecimalDigits: Infinity }),
      );
      expect(error.message).toMatch(
        new RegExp(`^not a ${what} at methodResponse/params/param/value/${type}: "1{60}…"$`),
      );
      expect(decodeInner(`<${type}>${'1'.repeat(200_000)}</${type}>`, { maxDecimalDigits: Infinity })).toBe(
        type === 'ex:bigdecimal' ? '1'.repeat(200_000) : Number.POSITIVE_INFINITY,
      );
    },
  );

  it('lets every double the encoder writes round-trip under the default (plain decimal has up to 325 digits)', () => {
    const extremes = [
      Number.MAX_VALUE,
      -Number.MAX_VALUE,
      Number.MIN_VALUE,
      -Number.MIN_VALUE,
      2.2250738585072014e-308, // smallest normal
      2.225073858507201e-308, // largest subnormal
      3.2605914576943194e-308, // 17 significant digits after 307 zeros: 325 digits
      1.2345678901234568e-300,
      9.876543210987654e307,
      Number.EPSILON,
      Number.MAX_SAFE_INTEGER * 2,
    ];
    let mostDigits = 0;
    for (const n of extremes) {
      const xml = encodeMethodResponse(asDouble(n));
      const text = /<double>(.*)<\/double>/.exec(xml)![1]!;
      mostDigits = Math.max(mostDigits, text.replace(/[^0-9]/g, '').length);
      expect(decodeMethodResponse(xml), String(n)).toBe(n);
    }
    expect(mostDigits).toBe(325);
    expect(mostDigits).toBeLessThan(normalizeDecodeOptions({}).maxDecimalDigits);
  });
});

describe('option validation', () => {
  it.each([
    ['maxDepth', 0],
    ['maxDepth', -1],
    ['maxDepth', 1.5],
    ['maxDepth', Number.NaN],
    ['maxDepth', 513],
    ['maxDepth', Number.POSITIVE_INFINITY],
    ['maxLength', 0],
    ['maxLength', 0.5],
    ['maxIntegerDigits', 0],
    ['maxIntegerDigits', -5],
    ['maxDecimalDigits', 0],
    ['maxDecimalDigits', 2.5],
  ])('refuses %s: %d with a RangeError naming the option, before reading', (name, value) => {
    for (const decode of Object.values(DECODERS)) {
      expect(() => decode('not even XML', { [name]: value })).toThrow(RangeError);
      expect(() => decode('not even XML', { [name]: value })).toThrow(`\`${name}\``);
    }
  });

  it('refuses a bad timezone the same way', () => {
    for (const decode of Object.values(DECODERS)) {
      expect(() => decode('not even XML', { timezone: 'Nowhere/Special' })).toThrow(/^`timezone` must be/);
    }
  });

  it('accepts the boundaries', () => {
    expect(
      normalizeDecodeOptions({ maxDepth: 1, maxLength: 1, maxIntegerDigits: 1, maxDecimalDigits: 1 }),
    ).toEqual({
      maxDepth: 1,
      maxLength: 1,
      maxIntegerDigits: 1,
      maxDecimalDigits: 1,
      timezone: 'UTC',
    });
    expect(normalizeDecodeOptions({ maxDepth: 512, timezone: 'Europe/Paris' })).toMatchObject({
      maxDepth: 512,
      timezone: 'Europe/Paris',
    });
  });
});
