import { decodeMethodResponse } from '../../src/codec/decodeMethodResponse.js';
import { encodeMethodCall } from '../../src/codec/encodeMethodCall.js';
import { XmlRpcFault } from '../../src/codec/XmlRpcFault.js';
import type { XmlRpcParam, XmlRpcValue } from '../../src/codec/XmlRpcValue.js';

/** What a handler answered, decoded: a result or a fault's code and string. */
export type Answer = { result: XmlRpcValue } | { faultCode: number; faultString: string };

/** Decodes a `<methodResponse>` into an {@link Answer}, so specs compare plain objects. */
export function readAnswer(responseXml: string): Answer {
  try {
    return { result: decodeMethodResponse(responseXml) };
  } catch (error) {
    if (error instanceof XmlRpcFault) return { faultCode: error.faultCode, faultString: error.faultString };
    throw error;
  }
}

/** Sends one encoded call through `handler` and decodes the answer. */
export async function callHandler(
  handler: (requestXml: string) => Promise<string>,
  methodName: string,
  params: readonly XmlRpcParam[] = [],
): Promise<Answer> {
  return readAnswer(await handler(encodeMethodCall(methodName, params)));
}
