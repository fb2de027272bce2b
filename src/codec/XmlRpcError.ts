/** Where an error sits in a `system.multicall` batch; set on every error handed to one call of a batch. */
export interface XmlRpcCallContext {
  /** Position of the call in its batch, from 0. */
  readonly index: number;
  /** The call's method name. */
  readonly methodName: string;
  /** How many calls the batch held. */
  readonly batchSize: number;
  /** True when the error hit the whole batch (transport, parse, count mismatch, a fault to `system.multicall` itself). */
  readonly batchLevel?: boolean;
}

/** Options every rxjs-xmlrpc error takes. */
export interface XmlRpcErrorOptions {
  /** The underlying error, if any. */
  readonly cause?: unknown;
}

/**
 * Base class of every error rxjs-xmlrpc raises or delivers, so one `instanceof XmlRpcError` check
 * catches them all. When the error belongs to one call of a batch, `index`, `methodName`,
 * `batchSize` (and `batchLevel` for batch-wide failures) say which.
 */
export class XmlRpcError extends Error {
  /** `'XmlRpcError'`: shown in stack traces and logs. */
  override name = 'XmlRpcError';
  /** Position of the call in its batch (see {@link XmlRpcCallContext}). */
  readonly index?: number;
  /** Method of the call this error was delivered to. */
  readonly methodName?: string;
  /** Size of the batch the call was sent in. */
  readonly batchSize?: number;
  /** True when the error hit the whole batch rather than this call alone. */
  readonly batchLevel?: boolean;

  constructor(message: string, options?: XmlRpcErrorOptions) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
  }

  /**
   * A copy of this error for one call of a batch: same class and fields, the call's context set,
   * and the method named at the front of the message. Each call gets its own instance, so
   * `index` is never shared between calls.
   */
  forCall(context: XmlRpcCallContext): this {
    const copy = Object.create(Object.getPrototypeOf(this)) as this;
    Object.assign(copy, this, context);
    const where = `${context.methodName} (call ${context.index + 1} of ${context.batchSize})`;
    Object.defineProperty(copy, 'message', {
      value: `${where}: ${this.message}`,
      writable: true,
      configurable: true,
    });
    Object.defineProperty(copy, 'stack', {
      value: `${this.name}: ${copy.message}${this.stack?.slice(this.stack.indexOf('\n')) ?? ''}`,
      writable: true,
      configurable: true,
    });
    if (this.cause !== undefined) {
      Object.defineProperty(copy, 'cause', { value: this.cause, writable: true, configurable: true });
    }
    return copy;
  }
}
