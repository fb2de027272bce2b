import { XmlRpcError, type XmlRpcErrorOptions } from './XmlRpcError.js';

/**
 * A fault answered by the server: `<fault>` with `faultCode` and `faultString`. Server methods throw
 * it to answer with a chosen fault (`throw new XmlRpcFault(404, 'no such process')`).
 */
export class XmlRpcFault extends XmlRpcError {
  override name = 'XmlRpcFault';

  constructor(
    readonly faultCode: number,
    readonly faultString: string,
    options?: XmlRpcErrorOptions,
  ) {
    super(`XML-RPC fault ${faultCode}: ${faultString}`, options);
  }
}
