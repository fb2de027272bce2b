import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { utf8ByteLength } from '../../src/codec/utf8ByteLength.js';

const encoder = new TextEncoder();

describe('utf8ByteLength', () => {
  it('counts 1 to 4 bytes per character', () => {
    expect(utf8ByteLength('')).toBe(0);
    expect(utf8ByteLength('a')).toBe(1);
    expect(utf8ByteLength('é')).toBe(2);
    expect(utf8ByteLength('☃')).toBe(3);
    expect(utf8ByteLength('𝄞')).toBe(4);
    expect(utf8ByteLength('ab𝄞', 2)).toBe(4);
  });

  it('equals the UTF-8 encoding length, and slices add up even when they split a surrogate pair', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.nat(), (text, at) => {
        const split = text.length === 0 ? 0 : at % text.length;
        expect(utf8ByteLength(text)).toBe(encoder.encode(text).length);
        expect(utf8ByteLength(text.slice(0, split)) + utf8ByteLength(text, split)).toBe(utf8ByteLength(text));
      }),
    );
  });
});
