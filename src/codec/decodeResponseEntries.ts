import type { DecodeOptions } from './codecOptions.js';
import type { XmlRpcParseError } from './XmlRpcParseError.js';
import type { XmlRpcValue } from './XmlRpcValue.js';

/**
 * A `<methodResponse>` read for `system.multicall`: when its param is an array, each entry is decoded
 * on its own, so a malformed entry becomes an `XmlRpcParseError` in its slot and spares the others.
 */
export type ResponseEntries =
  | { readonly kind: 'array'; readonly entries: Array<XmlRpcValue | XmlRpcParseError> }
  | { readonly kind: 'value'; readonly value: XmlRpcValue };

/**
 * Decodes a `<methodResponse>` entry by entry (one small parse tree at a time, never the whole
 * document). Throws `XmlRpcFault` for a fault response and `XmlRpcParseError` when the document
 * itself is malformed (not well-formed, wrong envelope, over a limit).
 */
export function decodeResponseEntries(xml: string, options?: DecodeOptions): ResponseEntries {
  throw new Error(`not implemented yet ${xml.length} ${String(options)}`);
}
