import { XmlRpcError, type XmlRpcErrorOptions } from '../codec/XmlRpcError.js';

/**
 * The response was valid XML-RPC but broke the `system.multicall` contract: wrong entry count, or an
 * entry that is neither a one-element array nor a fault struct.
 */
export class XmlRpcProtocolError extends XmlRpcError {
  /** `'XmlRpcProtocolError'`: shown in stack traces and logs. */
  override name = 'XmlRpcProtocolError';

  constructor(message: string, options?: XmlRpcErrorOptions) {
    super(message, options);
  }
}
