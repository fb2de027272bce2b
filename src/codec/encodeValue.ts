import type { EncodeOptions } from './codecOptions.js';
import type { XmlRpcParam } from './XmlRpcValue.js';

/** Encodes one value as a `<value>…</value>` fragment. Throws `XmlRpcEncodeError` naming the value's path. */
export function encodeValue(value: XmlRpcParam, options?: EncodeOptions, path = 'value'): string {
  throw new Error(`not implemented yet ${String(value)} ${String(options)} ${path}`);
}
