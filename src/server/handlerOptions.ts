import { asyncScheduler, type SchedulerLike } from 'rxjs';
import {
  type DecodeOptions,
  type EncodeOptions,
  type NormalizedDecodeOptions,
  normalizeDecodeOptions,
} from '../codec/codecOptions.js';
import { booleanOption, functionOption, integerOption, schedulerOption } from '../codec/optionChecks.js';
import { reportUnhandled } from '../codec/reportUnhandled.js';

/** Options of {@link createXmlRpcHandler}; every field is optional. */
export interface XmlRpcHandlerOptions {
  /** Limits for decoding requests (document length, nesting depth...). */
  readonly decode?: DecodeOptions;
  /** Encoding choices for responses (`allowNil: false` makes a `null` result a -32603 fault). */
  readonly encode?: EncodeOptions;
  /**
   * Serve `system.multicall` (default `true`). `false` answers it with -32601 like a server without
   * it, to test how a client falls back.
   */
  readonly multicall?: boolean;
  /**
   * Most calls one `system.multicall` may carry; default 10,000 (`Infinity` for no limit). More is
   * fault -32602 for the whole request, `system.multicall request too large: at most 10000 calls
   * per request, but got at least 10001`, and no call runs. In a request over 256 KB the calls are
   * counted while they are read and call 10,001 stops the reading, so the rest is never decoded; a
   * smaller request is decoded whole first (an undecodable call anywhere in it makes it -32600).
   */
  readonly maxMulticallEntries?: number;
  /**
   * How many calls of one `system.multicall` run at once. Default 1: in order, each after the
   * previous one settled, as side-effecting methods expect. Results keep the request's order anyway.
   */
  readonly multicallConcurrency?: number;
  /**
   * Largest response sent, in bytes of UTF-8; default 64 MiB (what the transports accept by
   * default), at least 1024, `Infinity` for no limit. A response over it is replaced by fault -32603
   * saying its size. In a `system.multicall` each entry is encoded as its call settles and counted:
   * an entry that does not fit is replaced in its slot by fault -32603 (`the result is N bytes
   * encoded, more than the response has room for…`), the other calls still run and keep their
   * results, and room is kept for such a fault in every slot, so the whole response always fits.
   * A multicall with too many calls for even that is fault -32602 for the whole request, before any
   * call runs.
   */
  readonly maxResponseBytes?: number;
  /**
   * Where a large `system.multicall` yields: after every 256 calls started without a pause, the
   * next ones wait for an action on this scheduler, so one request cannot hold the event loop
   * (other requests, timers, I/O) for all its calls. Default `asyncScheduler` (a macrotask, which
   * lets I/O in; `asapScheduler` would not, being a microtask). Multicalls of up to 256 calls never
   * touch it and answer synchronously when their methods are synchronous; under `TestScheduler.run`
   * the default follows virtual time; `queueScheduler` makes every multicall synchronous.
   */
  readonly scheduler?: SchedulerLike;
  /**
   * Called with what a method threw (other than an `XmlRpcFault`), with every result that could not
   * be encoded and with any unexpected failure (`methodName` undefined when the request could not be
   * read), since the fault sent back carries only a message: log the stack here. If it throws, the
   * answer is sent anyway and its error goes to RxJS's `config.onUnhandledError` (or is thrown on a
   * later macrotask when that is not set, as RxJS does).
   */
  readonly onError?: (error: unknown, methodName: string | undefined) => void;
}

/** {@link XmlRpcHandlerOptions} after defaults and checks. */
export interface NormalizedHandlerOptions {
  readonly decode: NormalizedDecodeOptions;
  readonly encode: EncodeOptions;
  readonly multicall: boolean;
  readonly maxMulticallEntries: number;
  readonly multicallConcurrency: number;
  readonly maxResponseBytes: number;
  readonly scheduler: SchedulerLike;
  readonly onError: ErrorHook;
}

/** The signature of the `onError` option. */
type ErrorHook = (error: unknown, methodName: string | undefined) => void;

function ignoreError(): void {}

/**
 * `onError` made safe to call anywhere: a hook that throws must not turn an answer into a rejection,
 * so its own error goes where RxJS reports errors nobody can handle.
 */
function contained(onError: ErrorHook): ErrorHook {
  return (error, methodName) => {
    try {
      onError(error, methodName);
    } catch (hookError) {
      reportUnhandled(hookError);
    }
  };
}

/** Applies defaults and rejects nonsense handler options once, before any request is read. */
export function normalizeHandlerOptions(options: XmlRpcHandlerOptions | undefined): NormalizedHandlerOptions {
  const onError = functionOption('onError', options?.onError) ?? ignoreError;
  return {
    decode: normalizeDecodeOptions(options?.decode),
    encode: options?.encode ?? {},
    multicall: booleanOption('multicall', options?.multicall, true),
    maxMulticallEntries: integerOption('maxMulticallEntries', options?.maxMulticallEntries, 10_000),
    multicallConcurrency: integerOption('multicallConcurrency', options?.multicallConcurrency, 1),
    maxResponseBytes: integerOption('maxResponseBytes', options?.maxResponseBytes, 64 * 1024 * 1024, 1024),
    scheduler: schedulerOption(options?.scheduler, asyncScheduler),
    onError: contained(onError),
  };
}
