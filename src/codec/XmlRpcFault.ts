import { XmlRpcError, type XmlRpcErrorOptions } from './XmlRpcError.js';

/**
 * A fault answered by the server: `<fault>` with `faultCode` and `faultString`. Server methods throw
 * it to answer with a chosen fault (`throw new XmlRpcFault(404, 'no such process')`).
 */
export class XmlRpcFault extends XmlRpcError {
  /** `'XmlRpcFault'`: shown in stack traces and logs. */
  override name = 'XmlRpcFault';

  constructor(
    /** The server's `faultCode`. */
    readonly faultCode: number,
    /** The server's `faultString`. */
    readonly faultString: string,
    options?: XmlRpcErrorOptions,
  ) {
    super(`XML-RPC fault ${faultCode}: ${faultString}`, options);
  }
}
