import { describe, expect, it } from 'vitest';
import { decodeMethodResponse } from '../../src/codec/decodeMethodResponse.js';
import { encodeMethodCall } from '../../src/codec/encodeMethodCall.js';
import { encodeFault, encodeMethodResponse } from '../../src/codec/encodeMethodResponse.js';
import { encodeValue } from '../../src/codec/encodeValue.js';
import { XmlRpcFault } from '../../src/codec/XmlRpcFault.js';
import { asDouble, asI8, asInt, type XmlRpcParam } from '../../src/codec/XmlRpcValue.js';
import { encodeErrorOf } from './documents.js';

/** The "Value mapping" section, encoding side (src/codec/encodeValue.ts and the envelopes). */

/** The type element and text `value` is encoded as, such as `['int', '5']`. */
function typed(value: XmlRpcParam): [string, string] {
  const match = /^<value><([\w.:]+)>(.*)<\/\1><\/value>$/.exec(encodeValue(value));
  if (match === null) throw new Error(`not a scalar: ${encodeValue(value)}`);
  return [match[1]!, match[2]!];
}

describe('numbers', () => {
  it.each([
    [0, 'int', '0'],
    [-0, 'int', '0'],
    [1, 'int', '1'],
    [-1, 'int', '-1'],
    [2147483647, 'int', '2147483647'],
    [-2147483648, 'int', '-2147483648'],
    [2147483648, 'i8', '2147483648'],
    [-2147483649, 'i8', '-2147483649'],
    [Number.MAX_SAFE_INTEGER, 'i8', '9007199254740991'],
    [Number.MIN_SAFE_INTEGER, 'i8', '-9007199254740991'],
  ])('sends the integer %d as <%s>', (value, type, text) => {
    expect(typed(value)).toEqual([type, text]);
  });

  it.each([
    [1.5, '1.5'],
    [-0.25, '-0.25'],
    [0.1, '0.1'],
    [123.456, '123.456'],
    [2 ** 53, '9007199254740992.0'],
    [-(2 ** 53), '-9007199254740992.0'],
    [1e21, '1000000000000000000000.0'],
    [-1.5e22, '-15000000000000000000000.0'],
    [1e-7, '0.0000001'],
    [1.5e-7, '0.00000015'],
    [-1.25e-10, '-0.000000000125'],
    [5e-324, `0.${'0'.repeat(323)}5`],
  ])('sends %d as <double> in plain decimal notation', (value, text) => {
    expect(typed(value)).toEqual(['double', text]);
    expect(decodeMethodResponse(encodeMethodResponse(value))).toBe(value);
  });

  it('sends Number.MAX_VALUE without an exponent, and reads it back exactly', () => {
    const [type, text] = typed(Number.MAX_VALUE);
    expect(type).toBe('double');
    expect(text).toMatch(/^179769313486231570{292}\.0$/);
    expect(decodeMethodResponse(encodeMethodResponse(Number.MAX_VALUE))).toBe(Number.MAX_VALUE);
  });

  it.each([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])('refuses %d', (value) => {
    const error = encodeErrorOf(() => encodeMethodCall('m', [{ servers: [{ port: value }] }, 1]));
    expect(error.message).toBe(
      `${value} cannot be sent: XML-RPC has no NaN or Infinity at params[0].servers[0].port`,
    );
    expect(error.path).toBe('params[0].servers[0].port');
  });
});

describe('bigint', () => {
  it('is sent as <i8> within int64', () => {
    expect(typed(5n)).toEqual(['i8', '5']);
    expect(typed(0n)).toEqual(['i8', '0']);
    expect(typed(2n ** 63n - 1n)).toEqual(['i8', '9223372036854775807']);
    expect(typed(-(2n ** 63n))).toEqual(['i8', '-9223372036854775808']);
  });

  it.each([2n ** 63n, -(2n ** 63n) - 1n, 10n ** 30n])('refuses %d, beyond int64', (value) => {
    expect(encodeErrorOf(() => encodeValue([value], undefined, 'params[2]')).message).toBe(
      `${value} does not fit <i8> (64-bit) at params[2][0]`,
    );
  });
});

describe('type wrappers', () => {
  it('asDouble sends an integral double', () => {
    expect(encodeValue(asDouble(1))).toBe('<value><double>1.0</double></value>');
    expect(typed(asDouble(-3))).toEqual(['double', '-3.0']);
    expect(typed(asDouble(1.25))).toEqual(['double', '1.25']);
    expect(typed(asDouble(1e21))).toEqual(['double', '1000000000000000000000.0']);
    expect(encodeErrorOf(() => encodeValue(asDouble(Number.NaN))).message).toContain('NaN or Infinity');
  });

  it('asI8 sends a small number as <i8>', () => {
    expect(encodeValue(asI8(5))).toBe('<value><i8>5</i8></value>');
    expect(typed(asI8(-5n))).toEqual(['i8', '-5']);
    expect(typed(asI8(2n ** 63n - 1n))).toEqual(['i8', '9223372036854775807']);
  });

  it('asI8 refuses what <i8> cannot hold exactly', () => {
    expect(encodeErrorOf(() => encodeValue(asI8(2n ** 63n))).message).toContain('does not fit <i8>');
    expect(encodeErrorOf(() => encodeValue(asI8(1.5))).message).toBe(
      'asI8() needs an integer, got 1.5 at value',
    );
    expect(encodeErrorOf(() => encodeValue(asI8(2 ** 60))).message).toContain('pass a bigint');
  });

  it('asInt sends <int> and refuses values outside int32', () => {
    expect(encodeValue(asInt(7))).toBe('<value><int>7</int></value>');
    expect(typed(asInt(-(2 ** 31)))).toEqual(['int', '-2147483648']);
    expect(typed(asInt(5n))).toEqual(['int', '5']);
    expect(encodeErrorOf(() => encodeValue({ n: asInt(2 ** 31) })).message).toBe(
      '2147483648 does not fit <int> (32-bit) at value.n',
    );
    expect(encodeErrorOf(() => encodeValue(asInt(-(2n ** 31n) - 1n))).path).toBe('value');
    expect(encodeErrorOf(() => encodeValue(asInt(0.5))).message).toContain('asInt() needs an integer');
  });
});

describe('other scalars', () => {
  it('sends booleans as 1 and 0', () => {
    expect(encodeValue(true)).toBe('<value><boolean>1</boolean></value>');
    expect(encodeValue(false)).toBe('<value><boolean>0</boolean></value>');
  });

  it('sends strings as <string>, the empty one with both tags', () => {
    expect(encodeValue('x')).toBe('<value><string>x</string></value>');
    expect(encodeValue('')).toBe('<value><string></string></value>');
  });
});

describe('null', () => {
  it('is <nil/> by default', () => {
    expect(encodeValue(null)).toBe('<value><nil/></value>');
    expect(encodeValue(null, { allowNil: true })).toBe('<value><nil/></value>');
  });

  it('is an encode error with `allowNil: false`', () => {
    const error = encodeErrorOf(() => encodeMethodCall('m', ['a', { b: [1, null] }], { allowNil: false }));
    expect(error.message).toBe('null cannot be sent: `allowNil` is false at params[1].b[1]');
    expect(encodeErrorOf(() => encodeMethodResponse(null, { allowNil: false })).path).toBe('result');
  });
});

describe('arrays and structs', () => {
  it('never writes <data/>, <struct/> or <string/>', () => {
    expect(encodeValue([])).toBe('<value><array><data></data></array></value>');
    expect(encodeValue({})).toBe('<value><struct></struct></value>');
    const xml = encodeMethodCall('m', [[], {}, '', [[''], { a: [] }], new Uint8Array(0), null]);
    expect(xml.match(/<[^>]*\/>/g)).toEqual(['<nil/>']);
  });

  it('sends arrays in order and structs by own enumerable string keys', () => {
    expect(encodeValue([1, 'a', [true]])).toBe(
      '<value><array><data><value><int>1</int></value><value><string>a</string></value>' +
        '<value><array><data><value><boolean>1</boolean></value></data></array></value></data></array></value>',
    );
    const struct = Object.assign(Object.create(null) as Record<string, XmlRpcParam>, { b: 1, a: 'x' });
    Object.defineProperty(struct, 'hidden', { value: 1, enumerable: false });
    (struct as Record<symbol, unknown>)[Symbol('s')] = 1;
    expect(encodeValue(struct)).toBe(
      '<value><struct><member><name>b</name><value><int>1</int></value></member>' +
        '<member><name>a</name><value><string>x</string></value></member></struct></value>',
    );
  });

  it('sends an own __proto__ member as an ordinary member, and gets it back as one', () => {
    const struct = JSON.parse('{"__proto__": {"polluted": true}, "a": 1}') as XmlRpcParam;
    const xml = encodeMethodResponse(struct);
    expect(xml).toContain('<member><name>__proto__</name>');
    const decoded = decodeMethodResponse(xml) as Record<string, unknown>;
    expect(Object.getPrototypeOf(decoded)).toBe(Object.prototype);
    expect(Object.keys(decoded)).toEqual(['__proto__', 'a']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('omits undefined members, like JSON', () => {
    expect(encodeValue({ a: undefined, b: 1, c: undefined })).toBe(
      '<value><struct><member><name>b</name><value><int>1</int></value></member></struct></value>',
    );
  });

  it('refuses undefined in an array and as a param', () => {
    const inArray = [1, undefined] as unknown as XmlRpcParam;
    expect(encodeErrorOf(() => encodeMethodCall('m', [inArray])).message).toBe(
      'undefined in an array (use null) at params[0][1]',
    );
    expect(encodeErrorOf(() => encodeMethodCall('m', [undefined as unknown as XmlRpcParam])).path).toBe(
      'params[0]',
    );
  });

  it('names members that are not identifiers in brackets', () => {
    expect(encodeErrorOf(() => encodeValue({ 'a b': { 'x-y': [Number.NaN] } })).path).toBe(
      'value["a b"]["x-y"][0]',
    );
  });
});

describe('values XML-RPC cannot carry', () => {
  class Point {
    x = 1;
  }

  it.each([
    ['a Map', new Map([['a', 1]]), 'Map is not a plain object, array, Date or bytes'],
    ['a Set', new Set([1]), 'Set is not a plain object, array, Date or bytes'],
    ['a class instance', new Point(), 'Point is not a plain object, array, Date or bytes'],
    ['a RegExp', /x/, 'RegExp is not a plain object, array, Date or bytes'],
    ['an Error', new Error('x'), 'Error is not a plain object, array, Date or bytes'],
    ['a function', () => 1, 'function cannot be sent over XML-RPC'],
    ['a symbol', Symbol('s'), 'symbol cannot be sent over XML-RPC'],
  ])('refuses %s', (_, value, problem) => {
    const error = encodeErrorOf(() =>
      encodeMethodCall('m', [1, { servers: [{ port: value as unknown as XmlRpcParam }] }]),
    );
    expect(error.message).toBe(`${problem} at params[1].servers[0].port`);
  });

  it('refuses a cyclic structure with an encode error, not a stack overflow', () => {
    const struct: Record<string, XmlRpcParam> = { a: 1 };
    struct.self = struct;
    const error = encodeErrorOf(() => encodeMethodCall('m', [struct]));
    expect(error.message).toMatch(/^nested deeper than 512 levels \(a cycle\?\) at params\[0\](\.self)+$/);
    const array: XmlRpcParam[] = [];
    array.push(array);
    expect(encodeErrorOf(() => encodeValue(array)).message).toContain('a cycle?');
  });

  it('encodes deep but finite nesting, up to the depth the decoder accepts', () => {
    let deep: XmlRpcParam = 'leaf';
    for (let i = 0; i < 512; i++) deep = [deep];
    expect(encodeValue(deep)).toContain('<string>leaf</string>');
    expect(() => encodeValue([deep])).toThrow(/^nested deeper than 512 levels/);
  });
});

describe('envelopes', () => {
  it('encodeMethodResponse writes one param', () => {
    expect(encodeMethodResponse(1)).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><methodResponse><params><param><value><int>1</int></value></param></params></methodResponse>',
    );
  });

  it('encodeFault writes a fault that decodes to XmlRpcFault', () => {
    const xml = encodeFault(4, 'Too many <params> & more');
    expect(xml).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><methodResponse><fault><value><struct>' +
        '<member><name>faultCode</name><value><int>4</int></value></member>' +
        '<member><name>faultString</name><value><string>Too many &lt;params&gt; &amp; more</string></value></member>' +
        '</struct></value></fault></methodResponse>',
    );
    const fault = (() => {
      try {
        decodeMethodResponse(xml);
      } catch (error) {
        return error;
      }
    })();
    expect(fault).toBeInstanceOf(XmlRpcFault);
    expect(fault).toMatchObject({ faultCode: 4, faultString: 'Too many <params> & more' });
  });

  it('encodeFault refuses a faultCode that is no int32, and characters XML cannot carry', () => {
    expect(() => encodeFault(1.5, 'x')).toThrow(RangeError);
    expect(() => encodeFault(2 ** 31, 'x')).toThrow(/`faultCode`/);
    expect(encodeErrorOf(() => encodeFault(1, 'a\u0000')).path).toBe('fault.faultString');
  });
});
