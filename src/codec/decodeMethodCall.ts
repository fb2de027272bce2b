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
  const normalized = normalizeDecodeOptions(options);
  try {
    return readMethodCall(xml, normalized);
  } catch (error) {
    throw notWellFormedFirst(error, xml, normalized);
  }
}

function readMethodCall(xml: string, options: NormalizedDecodeOptions): DecodedMethodCall {
  const reader = new EnvelopeReader(prepareDocument(xml, options), options);
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
      params.push(reader.value(`${path}/value`, 0));
      reader.close(path);
    }
    reader.close('methodCall/params');
  }
  reader.close('methodCall');
  return { methodName, params };
}
