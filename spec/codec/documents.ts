import { expect } from 'vitest';
import type { DecodeOptions } from '../../src/codec/codecOptions.js';
import { decodeMethodResponse } from '../../src/codec/decodeMethodResponse.js';
import { XmlRpcEncodeError } from '../../src/codec/XmlRpcEncodeError.js';
import { XmlRpcParseError } from '../../src/codec/XmlRpcParseError.js';
import type { XmlRpcValue } from '../../src/codec/XmlRpcValue.js';

/** Documents and assertions shared by the codec specs. */

/** A methodResponse whose single param is `param` (usually a `<value>…</value>`). */
export function response(param: string): string {
  return `<?xml version="1.0"?><methodResponse><params><param>${param}</param></params></methodResponse>`;
}

/** A methodResponse holding a fault whose struct members are given as raw XML. */
export function faultResponse(members: string): string {
  return `<?xml version="1.0"?><methodResponse><fault><value><struct>${members}</struct></value></fault></methodResponse>`;
}

/** A struct member as XML. */
export function member(name: string, value: string): string {
  return `<member><name>${name}</name><value>${value}</value></member>`;
}

/** Decodes `<value>${inner}</value>` as the param of a methodResponse. */
export function decodeInner(inner: string, options?: DecodeOptions): XmlRpcValue {
  return decodeMethodResponse(response(`<value>${inner}</value>`), options);
}

/** Runs `fn`, expecting an `XmlRpcParseError`, and returns it for closer checks. */
export function parseErrorOf(fn: () => unknown): XmlRpcParseError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(XmlRpcParseError);
    return error as XmlRpcParseError;
  }
  throw new Error('expected an XmlRpcParseError, but nothing was thrown');
}

/** Runs `fn`, expecting an `XmlRpcEncodeError`, and returns it for closer checks. */
export function encodeErrorOf(fn: () => unknown): XmlRpcEncodeError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(XmlRpcEncodeError);
    return error as XmlRpcEncodeError;
  }
  throw new Error('expected an XmlRpcEncodeError, but nothing was thrown');
}
