import { XmlRpcError, type XmlRpcErrorOptions } from './XmlRpcError.js';

/** A value that XML-RPC cannot carry (`NaN`, a function, a bigint past 64 bits, U+0000 in a string...). */
export class XmlRpcEncodeError extends XmlRpcError {
  /** `'XmlRpcEncodeError'`: shown in stack traces and logs. */
  override name = 'XmlRpcEncodeError';

  constructor(
    problem: string,
    /** Where the value sits, such as `params[1].servers[0].port`. */
    readonly path: string,
    options?: XmlRpcErrorOptions,
  ) {
    super(`${problem} at ${path}`, options);
  }
}
