import { Buffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { decodeBase64, encodeBase64 } from '../../src/codec/base64.js';
import { encodeValue } from '../../src/codec/encodeValue.js';
import { asBase64, type XmlRpcParam } from '../../src/codec/XmlRpcValue.js';
import { decodeInner, parseErrorOf } from './documents.js';

/** `<base64>` both ways (src/codec/base64.ts). */

function base64(text: string): Uint8Array {
  const value = decodeInner(`<base64>${text}</base64>`);
  expect(value).toBeInstanceOf(Uint8Array);
  return value as Uint8Array;
}

const utf8 = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

/** Bytes 0, 1, 2… of the given length (wrapping at 256), so every byte value shows up. */
const bytes = (length: number) => Uint8Array.from({ length }, (_, i) => (i * 7 + 3) % 256);

describe('decoding <base64>', () => {
  it('reads padded and unpadded-length quanta', () => {
    expect(utf8(base64('aGVsbG8='))).toBe('hello');
    expect(utf8(base64('YWJj'))).toBe('abc');
    expect(utf8(base64('YWI='))).toBe('ab');
    expect(utf8(base64('YQ=='))).toBe('a');
  });

  it('is a plain Uint8Array, not a Buffer', () => {
    expect(Object.getPrototypeOf(base64('YQ=='))).toBe(Uint8Array.prototype);
  });

  it('accepts whitespace and line breaks anywhere', () => {
    expect(utf8(base64(' aGVs\n bG8g\td29y\r\nbGQ= \n'))).toBe('hello world');
    const data = bytes(1000);
    const mime = Buffer.from(data).toString('base64').replace(/.{76}/g, '$&\r\n');
    expect(base64(mime)).toEqual(data);
  });

  it('reads empty content as no bytes', () => {
    expect(base64('')).toEqual(new Uint8Array(0));
    expect(base64(' \n ')).toEqual(new Uint8Array(0));
    expect(decodeInner('<base64/>')).toEqual(new Uint8Array(0));
  });

  it('decodes every byte value, at every length mod 3', () => {
    for (let length = 0; length < 20; length++) {
      const data = bytes(length);
      expect(base64(Buffer.from(data).toString('base64'))).toEqual(data);
    }
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    expect(base64(Buffer.from(all).toString('base64'))).toEqual(all);
  });

  it.each([
    ['a character outside the alphabet', 'aGV$bG8='],
    ['base64url characters', 'a-_b'],
    ['a non-ASCII letter', 'aGVsbé8='],
    ['a dot', 'YQ==.'],
  ])('refuses %s', (_, text) => {
    expect(parseErrorOf(() => base64(text)).message).toMatch(/^bad base64: character ".+" is not base64 at /);
  });

  it.each([
    ['a missing "="', 'YQ='],
    ['no padding at all', 'YQ'],
    ['a lone character', 'Y'],
    ['padding after a whole quantum', 'YWJj='],
    ['three "="', 'YQ==='],
    ['only padding', '===='],
    ['data after the padding', 'YQ==YQ=='],
    ['a character after a single "="', 'YQ=A'],
  ])('refuses %s', (_, text) => {
    expect(parseErrorOf(() => base64(text)).message).toMatch(/^bad base64: /);
  });

  it('says where and what', () => {
    expect(parseErrorOf(() => base64('aGV$bG8=')).message).toBe(
      'bad base64: character "$" is not base64 at methodResponse/params/param/value/base64: "aGV$bG8="',
    );
    expect(parseErrorOf(() => base64('YQ=')).message).toBe(
      'bad base64: length is not a multiple of 4 (truncated or badly padded) at methodResponse/params/param/value/base64: "YQ="',
    );
  });
});

describe('encoding bytes', () => {
  it('matches a reference encoder at every length', () => {
    for (let length = 0; length < 40; length++) {
      const data = bytes(length);
      expect(encodeBase64(data)).toBe(Buffer.from(data).toString('base64'));
    }
    const large = bytes(100_003);
    expect(encodeBase64(large)).toBe(Buffer.from(large).toString('base64'));
    expect(decodeBase64(encodeBase64(large))).toEqual(large);
  });

  it('sends Uint8Array, ArrayBuffer and other views as <base64>', () => {
    const hello = new TextEncoder().encode('hello');
    expect(encodeValue(hello)).toBe('<value><base64>aGVsbG8=</base64></value>');
    expect(encodeValue(hello.buffer)).toBe('<value><base64>aGVsbG8=</base64></value>');
    // Other views are accepted at run time, though `XmlRpcParam` names only Uint8Array and ArrayBuffer.
    const view = (bytes: ArrayBufferView) => bytes as unknown as XmlRpcParam;
    expect(encodeValue(view(new DataView(hello.buffer, 1, 3)))).toBe('<value><base64>ZWxs</base64></value>');
    expect(encodeValue(hello.subarray(1, 4))).toBe('<value><base64>ZWxs</base64></value>');
    expect(encodeValue(view(new Uint16Array([0x0201, 0x0403])))).toBe(
      `<value><base64>${Buffer.from([1, 2, 3, 4]).toString('base64')}</base64></value>`,
    );
    expect(encodeValue(Buffer.from('hello'))).toBe('<value><base64>aGVsbG8=</base64></value>');
  });

  it('writes empty bytes as an open and close tag', () => {
    expect(encodeValue(new Uint8Array(0))).toBe('<value><base64></base64></value>');
  });

  it('asBase64 sends text as its UTF-8 bytes, and takes bytes as they are', () => {
    expect(encodeValue(asBase64('text'))).toBe('<value><base64>dGV4dA==</base64></value>');
    expect(encodeValue(asBase64('é😀'))).toBe(
      `<value><base64>${Buffer.from('é😀').toString('base64')}</base64></value>`,
    );
    expect(encodeValue(asBase64(new Uint8Array([255])))).toBe('<value><base64>/w==</base64></value>');
    expect(encodeValue(asBase64(new Uint8Array([1, 2]).buffer))).toBe('<value><base64>AQI=</base64></value>');
  });
});
