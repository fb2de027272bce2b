import { type DecodeOptions, type NormalizedDecodeOptions, normalizeDecodeOptions } from './codecOptions.js';
import { textOf } from './decodeValue.js';
import { EnvelopeReader, toParseError } from './internal/EnvelopeReader.js';
import { notWellFormedFirst, prepareDocument } from './internal/prepareDocument.js';
import { XmlRpcParseError } from './XmlRpcParseError.js';
import type { XmlRpcValue } from './XmlRpcValue.js';
import { trimXmlWhitespace } from './xmlText.js';

/** A decoded `<methodCall>`. */
export interface DecodedMethodCall {
  /** The `<methodName>` text. */
  readonly methodName: string;
  /** The decoded `<params>`, in order (empty when there are none). */
  readonly params: XmlRpcValue[];
}

/**
 * Decodes a `<methodCall>` (the server side of the codec); throws `XmlRpcParseError` for anything
 * malformed. `<params>` may be absent, meaning no params.
 *
 * @example
 * ```ts
 * import { decodeMethodCall } from 'rxjs-xmlrpc';
 * decodeMethodCall('<methodCall><methodName>add</methodName><params><param><value><int>1</int></value></param></params></methodCall>');
 * // { methodName: 'add', params: [1] }
 * ```
 */
export function decodeMethodCall(xml: string, options?: DecodeOptions): DecodedMethodCall {
  return readMethodCall(xml, normalizeDecodeOptions(options), readWholeParam);
}

/**
 * Reads the `<value>` of param `index` (0-based) of a call to `methodName`; `reader` is at the
 * `<value>` start tag and must be left just past its end tag. `path` is the value's element path.
 */
export type ReadParam = (
  reader: EnvelopeReader,
  path: string,
  methodName: string,
  index: number,
) => XmlRpcValue;

const readWholeParam: ReadParam = (reader, path) => reader.value(path, 0);

/**
 * {@link decodeMethodCall} with each param read by `readParam`: the server reads the calls of a
 * `system.multicall` one by one through it, to stop at its cap instead of decoding them all first.
 */
export function readMethodCall(
  xml: string,
  normalized: NormalizedDecodeOptions,
  readParam: ReadParam,
): DecodedMethodCall {
  try {
    return readEnvelope(xml, normalized, readParam);
  } catch (error) {
    throw notWellFormedFirst(error, xml, normalized);
  }
}

function readEnvelope(
  xml: string,
  normalized: NormalizedDecodeOptions,
  readParam: ReadParam,
): DecodedMethodCall {
  const reader = new EnvelopeReader(prepareDocument(xml, normalized), normalized);
  reader.open('methodCall', 'methodCall');
  reader.skip('methodCall');
  if (reader.peek() !== 'methodName') reader.open('methodName', 'methodCall');
  let methodName: string;
  try {
    methodName = trimXmlWhitespace(textOf(reader.node().children));
  } catch (error) {
    throw toParseError(error, 'methodCall/methodName');
  }
  if (methodName === '') throw new XmlRpcParseError('methodName is empty', { path: 'methodCall/methodName' });
  reader.skip('methodCall');
  const params: XmlRpcValue[] = [];
  if (reader.peek() === 'params' && reader.open('params', 'methodCall/params')) {
    for (;;) {
      reader.skip('methodCall/params');
      if (reader.peek() === undefined) break;
      const path = `methodCall/params/param[${params.length + 1}]`;
      if (!reader.open('param', path)) throw new XmlRpcParseError('empty <param/>', { path });
      reader.skip(path);
      params.push(readParam(reader, `${path}/value`, methodName, params.length));
      reader.close(path);
    }
    reader.close('methodCall/params');
  }
  reader.close('methodCall');
  return { methodName, params };
}
