import { describe, expect, it } from 'vitest';
import { encodeText } from '../../src/codec/encodeValue.js';
import { excerpt } from '../../src/codec/messageParts.js';
import { quoteForXml } from '../../src/codec/quoteForXml.js';

describe('quoteForXml', () => {
  it.each([
    ['plain text', 'abc', '"abc"'],
    ['quotes and backslashes', 'a"b\\c', '"a\\"b\\\\c"'],
    [
      'NUL and other C0 controls',
      '\u0000\u0001\u0008\u000b\u000c\u001f',
      '"\\u0000\\u0001\\b\\u000b\\f\\u001f"',
    ],
    ['tab, line feed and carriage return', '\t\n\r', '"\\t\\n\\r"'],
    ['U+FFFE and U+FFFF', 'a\uFFFEb\uFFFF', '"a\\ufffeb\\uffff"'],
    ['lone surrogates', '\uD800x\uDC00', '"\\ud800x\\udc00"'],
    ['a surrogate pair, kept', '🎉', '"🎉"'],
    ['other non-ASCII text, kept', 'é → 世界 \uFFFD', '"é → 世界 \uFFFD"'],
  ])('escapes %s', (_, text, quoted) => {
    expect(quoteForXml(text)).toBe(quoted);
  });

  it('gives text XML 1.0 can carry, for every UTF-16 code unit', () => {
    const failed: number[] = [];
    for (let code = 0; code <= 0xffff; code++) {
      const text = `x${String.fromCharCode(code)}y`;
      const quoted = quoteForXml(text);
      try {
        encodeText(quoted, 'quoted');
        if (JSON.parse(quoted) !== text) failed.push(code);
      } catch {
        failed.push(code);
      }
    }
    expect(failed).toEqual([]);
  });
});

describe('excerpt', () => {
  it('quotes short text whole and shortens long text to 60 characters', () => {
    expect(excerpt('a\u0000"b')).toBe('"a\\u0000\\"b"');
    expect(excerpt('x'.repeat(60))).toBe(`"${'x'.repeat(60)}"`);
    expect(excerpt('x'.repeat(61))).toBe(`"${'x'.repeat(60)}…"`);
  });

  it('escapes the characters XML cannot carry', () => {
    expect(excerpt('<\uFFFE')).toBe('"<\\ufffe"');
    expect(excerpt('\uFFFF\uDFFF')).toBe('"\\uffff\\udfff"');
  });

  it('never cuts a surrogate pair in two', () => {
    const text = `${'x'.repeat(59)}🎉${'y'.repeat(10)}`;
    expect(excerpt(text)).toBe(`"${'x'.repeat(59)}…"`);
    expect(excerpt(`${'x'.repeat(58)}🎉${'y'.repeat(10)}`)).toBe(`"${'x'.repeat(58)}🎉…"`);
  });
});
