import { XmlRpcError, type XmlRpcErrorOptions } from '../codec/XmlRpcError.js';

/** Options of {@link XmlRpcTransportError}. */
export interface XmlRpcTransportErrorOptions extends XmlRpcErrorOptions {
  /** HTTP status, when a response arrived. */
  readonly status?: number;
}

/**
 * The request did not produce an XML-RPC document: network failure, timeout, non-2xx status, a body
 * that is not XML or is over the size limit. `status` is set when the server answered.
 */
export class XmlRpcTransportError extends XmlRpcError {
  /** `'XmlRpcTransportError'`: shown in stack traces and logs. */
  override name = 'XmlRpcTransportError';
  /** HTTP status, when the server answered. */
  readonly status?: number;

  constructor(message: string, options?: XmlRpcTransportErrorOptions) {
    super(message, options);
    if (options?.status !== undefined) this.status = options.status;
  }
}
