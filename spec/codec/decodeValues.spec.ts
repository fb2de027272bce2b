import { describe, expect, it } from 'vitest';
import { decodeMethodResponse } from '../../src/codec/decodeMethodResponse.js';
import { decodeInner, member, parseErrorOf, response } from './documents.js';

/** The issue's "Value mapping" section, decoding side (dateTime and base64 have their own specs). */

const int = (text: string) => decodeInner(`<int>${text}</int>`);

describe('<int> and <i4>', () => {
  it.each([
    ['42', 42],
    ['-7', -7],
    ['+5', 5],
    ['007', 7],
    ['-0012', -12],
    ['0', 0],
    ['2147483647', 2147483647],
    ['-2147483648', -2147483648],
  ])('reads %j as %j', (text, value) => {
    expect(int(text)).toBe(value);
    expect(decodeInner(`<i4>${text}</i4>`)).toBe(value);
  });

  it('reads -0 as 0, not -0', () => {
    expect(Object.is(int('-0'), 0)).toBe(true);
    expect(Object.is(int('-000000000000000000000'), 0)).toBe(true);
  });

  it('tolerates whitespace around the digits (servers pad them)', () => {
    expect(int(' 42\n')).toBe(42);
  });

  it.each([
    ['empty', ''],
    ['only whitespace', '  '],
    ['a decimal point', '4.0'],
    ['an exponent', '1e3'],
    ['hex', '0x10'],
    ['two signs', '--1'],
    ['a bare sign', '+'],
    ['inner whitespace', '1 2'],
    ['a trailing letter', '12a'],
    ['Arabic-Indic digits', '\u0664\u0662'],
    ['fullwidth digits', '\uff14\uff12'],
    ['a thousands separator', '1,000'],
  ])('refuses %s', (_, text) => {
    const error = parseErrorOf(() => int(text));
    expect(error.message).toContain('not an integer');
    expect(error.path).toBe('methodResponse/params/param/value/int');
  });

  it('accepts values beyond int32 as numbers (64-bit servers send them)', () => {
    expect(int('2147483648')).toBe(2147483648);
    expect(int('-2147483649')).toBe(-2147483649);
    expect(int('9007199254740991')).toBe(Number.MAX_SAFE_INTEGER);
    expect(int('-9007199254740991')).toBe(Number.MIN_SAFE_INTEGER);
  });

  it('turns values beyond the safe-integer range into bigints, never losing a digit', () => {
    expect(int('9007199254740992')).toBe(9007199254740992n);
    expect(int('-9007199254740993')).toBe(-9007199254740993n);
    expect(int('123456789012345678901234567890')).toBe(123456789012345678901234567890n);
  });

  it('reads long runs of leading zeros by value', () => {
    expect(int('00000000000000000000042')).toBe(42);
    expect(int('+00000000000000009007199254740993')).toBe(9007199254740993n);
  });
});

describe('<i8> and <ex:i8>', () => {
  it.each(['i8', 'ex:i8'])('<%s> is a number when safe, a bigint otherwise', (type) => {
    const i8 = (text: string) => decodeInner(`<${type}>${text}</${type}>`);
    expect(i8('5')).toBe(5);
    expect(i8('-9007199254740991')).toBe(-9007199254740991);
    expect(i8('9007199254740992')).toBe(9007199254740992n);
    expect(i8('9223372036854775807')).toBe(9223372036854775807n);
    expect(i8('-9223372036854775808')).toBe(-9223372036854775808n);
  });

  it.each(['9223372036854775808', '-9223372036854775809', '99999999999999999999'])(
    'refuses %s, beyond int64',
    (text) => {
      const error = parseErrorOf(() => decodeInner(`<i8>${text}</i8>`));
      expect(error.message).toBe(
        `integer out of range at methodResponse/params/param/value/i8: ${JSON.stringify(text)}`,
      );
    },
  );
});

describe('<i1>, <i2> and their ex: forms', () => {
  it.each([
    ['i1', '-128', -128],
    ['i1', '127', 127],
    ['ex:i1', '-128', -128],
    ['ex:i1', '127', 127],
    ['i2', '-32768', -32768],
    ['i2', '32767', 32767],
    ['ex:i2', '-32768', -32768],
    ['ex:i2', '32767', 32767],
  ])('<%s> accepts %s', (type, text, value) => {
    expect(decodeInner(`<${type}>${text}</${type}>`)).toBe(value);
  });

  it.each([
    ['i1', '128'],
    ['i1', '-129'],
    ['ex:i1', '128'],
    ['i2', '32768'],
    ['i2', '-32769'],
    ['ex:i2', '-32769'],
    ['i1', '99999999999999999999'],
  ])('<%s> refuses %s, out of range', (type, text) => {
    expect(parseErrorOf(() => decodeInner(`<${type}>${text}</${type}>`)).message).toContain(
      'integer out of range',
    );
  });
});

describe('<ex:biginteger>', () => {
  it('is always a bigint', () => {
    expect(decodeInner('<ex:biginteger>5</ex:biginteger>')).toBe(5n);
    expect(decodeInner('<ex:biginteger>-123456789012345678901234567890</ex:biginteger>')).toBe(
      -123456789012345678901234567890n,
    );
  });

  it('follows the integer grammar', () => {
    expect(parseErrorOf(() => decodeInner('<ex:biginteger>1.5</ex:biginteger>')).message).toContain(
      'not an integer',
    );
  });
});

describe('<boolean>', () => {
  it('is 1 or 0', () => {
    expect(decodeInner('<boolean>1</boolean>')).toBe(true);
    expect(decodeInner('<boolean>0</boolean>')).toBe(false);
  });

  it.each(['true', 'false', '2', '01', '-0', '1.0', '', 'yes'])('refuses %j', (text) => {
    const error = parseErrorOf(() => decodeInner(`<boolean>${text}</boolean>`));
    expect(error.message).toBe(
      `boolean must be 0 or 1 at methodResponse/params/param/value/boolean: ${JSON.stringify(text)}`,
    );
  });
});

describe('<string> and untyped <value>', () => {
  it('keeps whitespace exactly', () => {
    expect(decodeInner('  ')).toBe('  ');
    expect(decodeInner('\t\n ')).toBe('\t\n ');
    expect(decodeInner('<string>  padded  </string>')).toBe('  padded  ');
    expect(decodeInner(' untyped, padded ')).toBe(' untyped, padded ');
  });

  it('ignores whitespace-only text between elements', () => {
    expect(decodeInner('\n  <string>x</string>\n')).toBe('x');
    expect(decodeInner(' <int>1</int> ')).toBe(1);
    expect(decodeInner('\n<array>\n <data>\n  <value>a</value>\n </data>\n</array>\n')).toEqual(['a']);
  });

  it('refuses other text beside a type element (mixed content)', () => {
    const before = parseErrorOf(() => decodeInner('a<string>x</string>'));
    expect(before.message).toBe('unexpected text beside <string> at methodResponse/params/param/value: "a"');
    expect(parseErrorOf(() => decodeInner('<int>1</int>x')).message).toContain(
      'unexpected text beside <int>',
    );
  });

  it('reads <string/>, <string></string>, <value/> and <value></value> as ""', () => {
    expect(decodeInner('<string/>')).toBe('');
    expect(decodeInner('<string></string>')).toBe('');
    expect(decodeInner('')).toBe('');
    expect(decodeMethodResponse(response('<value/>'))).toBe('');
  });

  it('keeps non-ASCII text, including astral characters', () => {
    expect(decodeInner('<string>héllo 日本 😀</string>')).toBe('héllo 日本 😀');
  });

  it('refuses an element inside <string>', () => {
    expect(parseErrorOf(() => decodeInner('<string>a<b>c</b></string>')).message).toBe(
      'unexpected element <b> inside text at methodResponse/params/param/value/string',
    );
  });

  it('refuses two type elements in one <value>', () => {
    expect(parseErrorOf(() => decodeInner('<int>1</int><int>2</int>')).message).toBe(
      '<value> must hold one type element at methodResponse/params/param/value',
    );
  });
});

describe('<double> and <ex:float>', () => {
  it.each([
    ['1.5', 1.5],
    ['-1.5', -1.5],
    ['+1.5', 1.5],
    ['1e3', 1000],
    ['1E-3', 0.001],
    ['-1.5e+2', -150],
    ['.5', 0.5],
    ['5.', 5],
    ['0', 0],
    ['007.25', 7.25],
    [' 2.5\n', 2.5],
    ['1.7976931348623157e308', Number.MAX_VALUE],
    ['5e-324', Number.MIN_VALUE],
  ])('accepts %j', (text, value) => {
    expect(decodeInner(`<double>${text}</double>`)).toBe(value);
    expect(decodeInner(`<ex:float>${text}</ex:float>`)).toBe(value);
  });

  it('keeps the sign of -0', () => {
    expect(Object.is(decodeInner('<double>-0</double>'), -0)).toBe(true);
    expect(Object.is(decodeInner('<double>-0.0</double>'), -0)).toBe(true);
  });

  it.each([
    '1,5',
    'abc',
    '',
    ' ',
    'NaN',
    'nan',
    'inf',
    'Infinity',
    '-inf',
    '1.5.',
    'e5',
    '.',
    '1e',
    '0x10',
    '1_000',
  ])('refuses %j', (text) => {
    const error = parseErrorOf(() => decodeInner(`<double>${text}</double>`));
    expect(error.message).toBe(
      `not a double at methodResponse/params/param/value/double: ${JSON.stringify(text.trim())}`,
    );
  });
});

describe('<ex:bigdecimal>', () => {
  it('is the decimal text, every digit kept', () => {
    expect(decodeInner('<ex:bigdecimal>3.14159265358979323846264338327950288</ex:bigdecimal>')).toBe(
      '3.14159265358979323846264338327950288',
    );
    expect(decodeInner('<ex:bigdecimal> -1E+400 </ex:bigdecimal>')).toBe('-1E+400');
  });

  it('refuses what is not a decimal number', () => {
    expect(parseErrorOf(() => decodeInner('<ex:bigdecimal>12abc</ex:bigdecimal>')).message).toContain(
      'not a decimal number',
    );
  });
});

describe('<struct>', () => {
  it('is a plain object', () => {
    const value = decodeInner(
      `<struct>${member('a', '<int>1</int>')}${member('b c', 'text')}${member('', '<boolean>1</boolean>')}</struct>`,
    );
    expect(value).toEqual({ a: 1, 'b c': 'text', '': true });
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
  });

  it('reads <struct/> and <struct></struct> as {}', () => {
    expect(decodeInner('<struct/>')).toEqual({});
    expect(decodeInner('<struct>\n</struct>')).toEqual({});
  });

  it('keeps member names exactly, entities decoded', () => {
    expect(decodeInner(`<struct>${member(' a&amp;b ', '1')}</struct>`)).toEqual({ ' a&b ': '1' });
  });

  it('lets the last of duplicate members win', () => {
    expect(decodeInner(`<struct>${member('a', '1')}${member('b', '2')}${member('a', '3')}</struct>`)).toEqual(
      {
        a: '3',
        b: '2',
      },
    );
  });

  it('makes __proto__ an ordinary own property and changes no prototype', () => {
    const value = decodeInner(
      `<struct>${member('__proto__', `<struct>${member('polluted', '<boolean>1</boolean>')}</struct>`)}</struct>`,
    ) as Record<string, unknown>;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.keys(value)).toEqual(['__proto__']);
    expect(Object.getOwnPropertyDescriptor(value, '__proto__')?.value).toEqual({ polluted: true });
    expect('polluted' in value).toBe(false);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it('makes constructor an ordinary own property', () => {
    const value = decodeInner(
      `<struct>${member('constructor', `<struct>${member('prototype', 'x')}</struct>`)}${member('toString', '1')}</struct>`,
    ) as Record<string, unknown>;
    expect(Object.hasOwn(value, 'constructor')).toBe(true);
    expect(value.constructor).toEqual({ prototype: 'x' });
    expect(value.toString).toBe('1');
    expect(({} as object).constructor).toBe(Object);
    expect(Object.prototype.toString).toBeTypeOf('function');
  });

  it('refuses a member without a name', () => {
    expect(
      parseErrorOf(() => decodeInner('<struct><member><value>1</value></member></struct>')).message,
    ).toBe(
      '<member> must hold one <name> then one <value> at methodResponse/params/param/value/struct/member[1]',
    );
  });

  it('refuses a member without a value', () => {
    expect(
      parseErrorOf(() => decodeInner(`<struct>${member('a', '1')}<member><name>b</name></member></struct>`))
        .path,
    ).toBe('methodResponse/params/param/value/struct/member[2]');
  });

  it.each([
    ['value before name', '<member><value>1</value><name>a</name></member>'],
    ['two values', '<member><name>a</name><value>1</value><value>2</value></member>'],
    ['text in the member', '<member><name>a</name>x<value>1</value></member>'],
    ['an element in the name', '<member><name><b>a</b></name><value>1</value></member>'],
    ['a non-member child', '<value>1</value>'],
    ['text in the struct', 'stray'],
  ])('refuses %s', (_, members) => {
    expect(parseErrorOf(() => decodeInner(`<struct>${members}</struct>`)).path).toMatch(
      /^methodResponse\/params\/param\/value\/struct(\/member\[1\])?$/,
    );
  });
});

describe('<array>', () => {
  it('is an array, in order, of any types', () => {
    expect(
      decodeInner(
        '<array><data><value><int>1</int></value><value>two</value><value><array><data><value><boolean>0</boolean></value></data></array></value></data></array>',
      ),
    ).toEqual([1, 'two', [false]]);
  });

  it('reads <data/> and <data></data> as []', () => {
    expect(decodeInner('<array><data/></array>')).toEqual([]);
    expect(decodeInner('<array><data></data></array>')).toEqual([]);
  });

  // A top-level array param is streamed entry by entry, a nested one is read whole: check both.
  const nested = (inner: string) => decodeInner(`<struct>${member('a', inner)}</struct>`);
  const NESTED = 'methodResponse/params/param/value/struct/member[1]/value';

  it.each([
    ['no <data>', '<array></array>'],
    ['<array/>', '<array/>'],
    ['two <data>', '<array><data></data><data></data></array>'],
    ['text beside <data>', '<array>x<data></data></array>'],
  ])('refuses %s, nested or not', (_, inner) => {
    const error = parseErrorOf(() => nested(inner));
    expect(error.message).toMatch(
      /^(<array> must hold exactly one <data>|unexpected text beside elements) at /,
    );
    expect(error.path).toBe(`${NESTED}/array`);
    expect(parseErrorOf(() => decodeInner(inner)).path).toMatch(/^methodResponse\/params\/param\/value/);
  });

  it('refuses anything but <value> in <data>, nested or not', () => {
    expect(parseErrorOf(() => nested('<array><data><int>1</int></data></array>')).message).toBe(
      `<data> may hold only <value>, not <int> at ${NESTED}/array/data/value[1]`,
    );
    expect(parseErrorOf(() => decodeInner('<array><data><int>1</int></data></array>')).message).toBe(
      '<data> may hold only <value>, not <int> at methodResponse/params/param/value/array/data/value[1]',
    );
    expect(parseErrorOf(() => nested('<array><data>x</data></array>')).message).toContain(
      'unexpected text beside elements',
    );
    expect(parseErrorOf(() => decodeInner('<array><data>x</data></array>')).message).toBe(
      'unexpected text at methodResponse/params/param/value/array/data: "x"',
    );
  });

  it('names the entry that failed, nested or not', () => {
    const entries = '<array><data><value>a</value><value><int>x</int></value></data></array>';
    expect(parseErrorOf(() => nested(entries)).path).toBe(`${NESTED}/array/data/value[2]/int`);
    expect(parseErrorOf(() => decodeInner(entries)).path).toBe(
      'methodResponse/params/param/value/array/data/value[2]/int',
    );
  });
});

describe('<nil/> and <ex:nil/>', () => {
  it.each(['<nil/>', '<nil></nil>', '<ex:nil/>', '<ex:nil></ex:nil>', '<nil> </nil>'])(
    '%s is null',
    (inner) => {
      expect(decodeInner(inner)).toBeNull();
    },
  );

  it('must be empty', () => {
    expect(parseErrorOf(() => decodeInner('<nil>0</nil>')).message).toBe(
      '<nil/> must be empty at methodResponse/params/param/value/nil',
    );
  });
});

describe('unknown and refused types', () => {
  it('refuses <ex:serializable>, whatever it holds', () => {
    const error = parseErrorOf(() => decodeInner('<ex:serializable>rO0ABXQABGhvbGE=</ex:serializable>'));
    expect(error.message).toContain('<ex:serializable>');
    expect(error.message).toContain('refused');
    expect(error.path).toBe('methodResponse/params/param/value/ex:serializable');
  });

  it.each(['foo', 'integer', 'Int', 'dateTime', 'ex:dom', 'bool'])('refuses unknown type <%s>', (type) => {
    expect(parseErrorOf(() => decodeInner(`<${type}>1</${type}>`)).message).toBe(
      `unknown value type <${type}> at methodResponse/params/param/value/${type}`,
    );
  });
});
