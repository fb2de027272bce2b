import type { EncodeOptions } from './codecOptions.js';
import type { XmlRpcParam } from './XmlRpcValue.js';

/** Encodes a `<methodCall>` document. Throws `XmlRpcEncodeError` for a value XML-RPC cannot carry. */
export function encodeMethodCall(
  methodName: string,
  params: readonly XmlRpcParam[],
  options?: EncodeOptions,
): string {
  throw new Error(`not implemented yet ${methodName} ${params.length} ${String(options)}`);
}
