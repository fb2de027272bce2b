import type { EncodeOptions } from '../codec/codecOptions.js';
import { checkMethodName, XML_DECLARATION } from '../codec/encodeMethodCall.js';
import { encodeText, encodeValue } from '../codec/encodeValue.js';
import { XmlRpcEncodeError } from '../codec/XmlRpcEncodeError.js';
import type { XmlRpcCall } from './XmlRpcCall.js';

/*
 * The request half of the `system.multicall` contract: N calls go out as one array of N structs
 * `{methodName, params}`, in call order, and the server answers entry i for call i (the answer half
 * is in decodeMulticallResponse.ts).
 */

/** The method that takes a batch; a batch cannot contain it (servers refuse recursive multicalls). */
const MULTICALL_METHOD = 'system.multicall';

/**
 * Encodes calls as one `system.multicall` `<methodCall>` document. Throws `XmlRpcEncodeError` for the
 * first call that cannot be sent, with a path such as `calls[2].params[0].port`: a value XML-RPC
 * cannot carry, an empty method name, or a nested `system.multicall`.
 *
 * @example
 * ```ts
 * import { encodeMulticall } from 'rxjs-xmlrpc';
 * encodeMulticall([
 *   { methodName: 'supervisor.getState', params: [] },
 *   { methodName: 'supervisor.getProcessInfo', params: ['web'] },
 * ]);
 * // <?xml version="1.0" encoding="UTF-8"?><methodCall><methodName>system.multicall</methodName>…
 * ```
 * @param calls The calls, in the order their results must come back.
 * @param options Encoding choices, applied to every call.
 * @returns The request body.
 */
export function encodeMulticall(calls: readonly XmlRpcCall[], options?: EncodeOptions): string {
  return multicallDocument(
    calls.map((call, i) => multicallEntry(encodeCallParts(call, options, `calls[${i}].`))),
  );
}

/**
 * One call encoded once, in the pieces both request forms are built from: a multicall entry
 * ({@link multicallEntry}) and a plain `<methodCall>` ({@link methodCallDocument}).
 */
export interface EncodedCallParts {
  /** The method name, escaped for element content. */
  readonly methodName: string;
  /** Each param as a `<value>…</value>` fragment. */
  readonly params: readonly string[];
}

/**
 * Encodes a call's method name and params. Throws `XmlRpcEncodeError`, with paths starting with
 * `pathPrefix` (`params[0]` by default, as in a plain `<methodCall>`), for a value XML-RPC cannot
 * carry, an empty method name, params that are not an array, or `system.multicall` itself.
 */
export function encodeCallParts(
  call: XmlRpcCall,
  options?: EncodeOptions,
  pathPrefix = '',
): EncodedCallParts {
  const { methodName } = call;
  const namePath = `${pathPrefix}methodName`;
  checkMethodName(methodName, namePath);
  if (methodName === MULTICALL_METHOD) {
    throw new XmlRpcEncodeError(
      `\`${MULTICALL_METHOD}\` cannot be one of the calls of a batch (servers refuse recursive ` +
        'multicalls); make its calls directly and let the batching combine them',
      namePath,
    );
  }
  if (!Array.isArray(call.params)) {
    throw new XmlRpcEncodeError(
      `params must be an array, but got ${typeof call.params}`,
      `${pathPrefix}params`,
    );
  }
  return {
    methodName: encodeText(methodName, namePath),
    params: call.params.map((param, i) => encodeValue(param, options, `${pathPrefix}params[${i}]`)),
  };
}

/** A call's entry in the `system.multicall` array: the struct `{methodName, params}`. */
export function multicallEntry(parts: EncodedCallParts): string {
  return (
    `<value><struct><member><name>methodName</name><value><string>${parts.methodName}</string></value></member>` +
    `<member><name>params</name><value><array><data>${parts.params.join('')}</data></array></value></member>` +
    '</struct></value>'
  );
}

/**
 * The `system.multicall` `<methodCall>` around encoded entries. Writes `<data></data>` for no
 * entries: some parsers reject the self-closed `<data/>`.
 */
export function multicallDocument(entries: readonly string[]): string {
  return (
    `${XML_DECLARATION}<methodCall><methodName>${MULTICALL_METHOD}</methodName><params><param>` +
    `<value><array><data>${entries.join('')}</data></array></value></param></params></methodCall>`
  );
}

/** The plain `<methodCall>` for one call, the same document `encodeMethodCall` writes. */
export function methodCallDocument(parts: EncodedCallParts): string {
  const params = parts.params.map((param) => `<param>${param}</param>`).join('');
  return `${XML_DECLARATION}<methodCall><methodName>${parts.methodName}</methodName><params>${params}</params></methodCall>`;
}
