import { reportUnhandled } from '../client/internal/reportUnhandled.js';
import {
  type DecodeOptions,
  type EncodeOptions,
  type NormalizedDecodeOptions,
  normalizeDecodeOptions,
} from '../codec/codecOptions.js';
import { integerOption } from '../codec/integerOption.js';

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
  /** Most calls one `system.multicall` may carry; more is a fault for the whole request. Default: no limit. */
  readonly maxMulticallEntries?: number;
  /**
   * How many calls of one `system.multicall` run at once. Default 1: in order, each after the
   * previous one settled, as side-effecting methods expect. Results keep the request's order anyway.
   */
  readonly multicallConcurrency?: number;
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

function booleanOption(name: string, value: boolean | undefined, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw new TypeError(`\`${name}\` must be a boolean: ${String(value)}`);
  return value;
}

/** Applies defaults and rejects nonsense handler options once, before any request is read. */
export function normalizeHandlerOptions(options: XmlRpcHandlerOptions | undefined): NormalizedHandlerOptions {
  const onError = options?.onError ?? ignoreError;
  if (typeof onError !== 'function') throw new TypeError('`onError` must be a function');
  return {
    decode: normalizeDecodeOptions(options?.decode),
    encode: options?.encode ?? {},
    multicall: booleanOption('multicall', options?.multicall, true),
    maxMulticallEntries: integerOption(
      'maxMulticallEntries',
      options?.maxMulticallEntries,
      Infinity,
      1,
      Infinity,
    ),
    multicallConcurrency: integerOption(
      'multicallConcurrency',
      options?.multicallConcurrency,
      1,
      1,
      Infinity,
    ),
    onError: contained(onError),
  };
}
