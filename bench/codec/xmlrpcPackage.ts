import { createRequire } from 'node:module';
import { Readable } from 'node:stream';
import type { XmlRpcValue } from 'rxjs-xmlrpc';

// The npm `xmlrpc` package's codec lives in lib/ files its type declarations do not cover.
const require = createRequire(import.meta.url);

interface XmlrpcSerializer {
  serializeMethodResponse(value: unknown): string;
}

interface XmlrpcDeserializer {
  deserializeMethodResponse(stream: Readable, callback: (error: unknown, value?: unknown) => void): void;
}

const serializer = require('xmlrpc/lib/serializer') as XmlrpcSerializer;
const Deserializer = require('xmlrpc/lib/deserializer') as new (encoding?: string) => XmlrpcDeserializer;

/**
 * Decodes a `<methodResponse>` with the npm `xmlrpc` package, the way its client does: a fresh
 * `Deserializer` reading a stream (here the whole document as one chunk). Resolves with the param,
 * rejects with a fault or parse error.
 */
export function xmlrpcDecodeMethodResponse(xml: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    new Deserializer().deserializeMethodResponse(Readable.from(xml), (error, value) =>
      error ? reject(error) : resolve(value),
    );
  });
}

/** Encodes a `<methodResponse>` with the npm `xmlrpc` package; give it values from {@link toXmlrpcValue}. */
export function xmlrpcEncodeMethodResponse(value: unknown): string {
  return serializer.serializeMethodResponse(value);
}

/**
 * The same value in the form the npm `xmlrpc` serializer understands: it writes only Node `Buffer`s as
 * `<base64>` (a plain `Uint8Array` would become a struct of its indexes). The bytes are shared, not copied.
 */
export function toXmlrpcValue(value: XmlRpcValue): unknown {
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  if (Array.isArray(value)) return value.map(toXmlrpcValue);
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([name, member]) => [name, toXmlrpcValue(member)]));
  }
  return value;
}
