import { type DecodedMethodCall, type ReadParam, readMethodCall } from '../codec/decodeMethodCall.js';
import { WHOLE_TREE_MAX_LENGTH } from '../codec/decodeResponseEntries.js';
import { FaultCode } from '../codec/faultCodes.js';
import { XmlRpcFault } from '../codec/XmlRpcFault.js';
import type { XmlRpcValue } from '../codec/XmlRpcValue.js';
import type { NormalizedHandlerOptions } from './handlerOptions.js';
import { MULTICALL } from './systemMulticall.js';

/**
 * Decodes a request like `decodeMethodCall`, counting the calls of a served `system.multicall`:
 * more than `maxMulticallEntries` is fault -32602 for the whole request. A request longer than
 * `WHOLE_TREE_MAX_LENGTH` (256 KB) has its calls read one by one and call `maxMulticallEntries + 1` ends the reading, since
 * decoding a whole array first costs about 40 times its size in memory (2,000,000 `<value/>`
 * entries, 16 MB, took 600 MB); a shorter one is decoded whole first, so a call that cannot be
 * decoded anywhere in it makes it -32600 instead.
 */
export function decodeRequest(xml: string, config: NormalizedHandlerOptions): DecodedMethodCall {
  const { maxMulticallEntries, multicall } = config;
  const tooMany = (): XmlRpcFault =>
    new XmlRpcFault(
      FaultCode.InvalidParams,
      `${MULTICALL} request too large: at most ${maxMulticallEntries} calls per request, but got at least ${maxMulticallEntries + 1}`,
    );
  const readParam: ReadParam = (reader, path, methodName, index) => {
    if (!multicall || methodName !== MULTICALL || index !== 0) return reader.value(path, 0);
    if (xml.length <= WHOLE_TREE_MAX_LENGTH) {
      const calls = reader.value(path, 0);
      if (Array.isArray(calls) && calls.length > maxMulticallEntries) throw tooMany();
      return calls;
    }
    // Anything but a non-empty array (a struct, `<data/>`) is read whole and left to the signature check.
    if (!reader.enterArray(path)) return reader.value(path, 0);
    const data = `${path}/array/data`;
    const calls: XmlRpcValue[] = [];
    reader.open('data', data);
    for (;;) {
      reader.skip(data);
      if (reader.peek() === undefined) break;
      if (calls.length === maxMulticallEntries) throw tooMany();
      // The same paths and depth as reading the array whole would give.
      calls.push(reader.value(`${data}/value[${calls.length + 1}]`, 1));
    }
    reader.close(data);
    reader.close(`${path}/array`);
    reader.close(path);
    return calls;
  };
  return readMethodCall(xml, config.decode, readParam);
}
