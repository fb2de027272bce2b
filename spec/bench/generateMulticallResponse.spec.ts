import { parse } from 'txml/txml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateMulticallResponse } from '../../bench/codec/generateMulticallResponse.js';
import {
  toXmlrpcValue,
  xmlrpcDecodeMethodResponse,
  xmlrpcEncodeMethodResponse,
} from '../../bench/codec/xmlrpcPackage.js';
import { decodeMethodResponse } from '../../src/codec/decodeMethodResponse.js';
import type { XmlRpcStruct, XmlRpcValue } from '../../src/codec/XmlRpcValue.js';

const SUCCESS_MEMBERS = ['id', 'name', 'city', 'total', 'price', 'active', 'updated', 'token', 'tags'];

/**
 * The npm `xmlrpc` package's result in our value model: it returns `Buffer`s and keeps `<i8>` as a
 * string (only the `total` member is one).
 */
function fromXmlrpcPackage(value: unknown, member?: string): unknown {
  if (Buffer.isBuffer(value)) return new Uint8Array(value);
  if (value instanceof Date) return value;
  if (member === 'total' && typeof value === 'string') return Number(value);
  if (Array.isArray(value)) return value.map((item) => fromXmlrpcPackage(item));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([name, item]) => [name, fromXmlrpcPackage(item, name)]),
    );
  }
  return value;
}

function successStruct(entry: XmlRpcValue | undefined): XmlRpcStruct {
  if (!Array.isArray(entry) || entry.length !== 1) throw new Error(`not a success entry: ${String(entry)}`);
  return entry[0] as XmlRpcStruct;
}

describe('generateMulticallResponse', () => {
  const fixture = generateMulticallResponse(100);

  it('gives the same bytes for the same size and seed, and different bytes for another seed', () => {
    expect(generateMulticallResponse(100).xml).toBe(fixture.xml);
    expect(generateMulticallResponse(100, 2).xml).not.toBe(fixture.xml);
  });

  it('refuses a size that is not a positive integer', () => {
    expect(() => generateMulticallResponse(0)).toThrow(RangeError);
    expect(() => generateMulticallResponse(2.5)).toThrow('`entries` must be a positive integer: 2.5');
  });

  it('makes every 20th entry a fault struct and every other one a one-element array of a 9-member struct', () => {
    expect(fixture.value).toHaveLength(100);
    fixture.value.forEach((entry, index) => {
      if ((index + 1) % 20 === 0) {
        expect(entry).toEqual({ faultCode: expect.any(Number), faultString: expect.any(String) });
      } else {
        const struct = successStruct(entry);
        expect(Object.keys(struct)).toEqual(SUCCESS_MEMBERS);
        expect(struct.token).toBeInstanceOf(Uint8Array);
        expect((struct.token as Uint8Array).length).toBe(32);
        expect(Number.isInteger(struct.price)).toBe(false);
        expect(Number.isSafeInteger(struct.total) && (struct.total as number) > 2 ** 31).toBe(true);
      }
    });
  });

  it('writes mixed types, escapes and non-ASCII text, and counts UTF-8 bytes', () => {
    for (const fragment of ['&amp;', '&lt;', '&gt;', 'Zürich — 東京 ✓', '<i8>', '<double>', '<boolean>']) {
      expect(fixture.xml).toContain(fragment);
    }
    expect(fixture.xml).toMatch(/<dateTime\.iso8601>\d{8}T\d\d:\d\d:\d\d<\/dateTime\.iso8601>/);
    expect(fixture.xml).toMatch(/<base64>[A-Za-z0-9+/]{43}=<\/base64>/);
    expect(fixture.xml).toContain('<array><data><value><string>tag-');
    expect(fixture.bytes).toBe(Buffer.byteLength(fixture.xml, 'utf8'));
  });

  it('grows by about 1 KB per entry, so the 10,000-entry document is about 10 MB', () => {
    const { bytes } = generateMulticallResponse(1_000);
    expect(bytes).toBeGreaterThan(0.9e6);
    expect(bytes).toBeLessThan(1.2e6);
  });

  it('is one well-formed element tree', () => {
    const roots = parse(fixture.xml).filter((node) => typeof node !== 'string' && node.tagName !== '?xml');
    expect(roots.map((node) => (typeof node === 'string' ? node : node.tagName))).toEqual(['methodResponse']);
  });

  it('is read as the generated value by our decoder', () => {
    expect(decodeMethodResponse(fixture.xml)).toEqual(fixture.value);
  });

  describe('read by the npm xmlrpc deserializer', () => {
    // It reads a dateTime without offset as local time (and gets offsets like +05:30 wrong), so it
    // agrees with the document's UTC only when the process runs in UTC.
    const savedTimezone = process.env.TZ;
    beforeAll(() => {
      process.env.TZ = 'UTC';
    });
    afterAll(() => {
      if (savedTimezone === undefined) delete process.env.TZ;
      else process.env.TZ = savedTimezone;
    });

    it('gives the generated value', async () => {
      const decoded = await xmlrpcDecodeMethodResponse(fixture.xml);
      expect(fromXmlrpcPackage(decoded)).toEqual(fixture.value);
    });
  });
});

describe('toXmlrpcValue', () => {
  it('hands the npm xmlrpc serializer Buffers sharing the bytes, so they are written as <base64>', () => {
    const token = new Uint8Array([1, 2, 3, 250]);
    const converted = toXmlrpcValue([{ token, when: new Date(0), n: 1 }]) as [{ token: Buffer }];
    expect(Buffer.isBuffer(converted[0].token)).toBe(true);
    expect(converted[0].token.buffer).toBe(token.buffer);
    const xml = xmlrpcEncodeMethodResponse(converted);
    expect(xml).toContain('<name>token</name><value><base64>AQID+g==</base64></value>');
    expect(xml).not.toContain('<name>0</name>');
  });
});
