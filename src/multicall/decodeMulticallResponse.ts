import type { DecodeOptions } from '../codec/codecOptions.js';
import { decodeResponseEntries } from '../codec/decodeResponseEntries.js';
import { isFaultStruct } from '../codec/isFaultStruct.js';
import { shownValue } from '../codec/messageParts.js';
import { XmlRpcError } from '../codec/XmlRpcError.js';
import { XmlRpcFault } from '../codec/XmlRpcFault.js';
import { XmlRpcParseError } from '../codec/XmlRpcParseError.js';
import type { XmlRpcValue } from '../codec/XmlRpcValue.js';
import { callSucceeded } from './callSucceeded.js';
import { batchFailed, callFailed } from './failedOutcomes.js';
import type { CallOutcome, XmlRpcCall } from './XmlRpcCall.js';
import { XmlRpcProtocolError } from './XmlRpcProtocolError.js';

/*
 * The answer half of the `system.multicall` contract: N calls in, exactly N entries out. Entry i
 * answers call i (correlated by position only) and is `[result]`, a one-element array, or a
 * `{faultCode, faultString}` struct. Any break of it is an `XmlRpcProtocolError` that restates the
 * rule and says "but got …"; when the count is wrong no entry can be trusted, so every call fails.
 *
 * Some servers (supervisord) break the wrapping rule and send each result bare. A response is read
 * one way as a whole, never entry by entry: an entry `[x]` means `x` when the response is wrapped and
 * the array `[x]` when it is bare, so reading entries one by one would decode neighbours differently.
 */

/**
 * How a server returns each successful result in a `system.multicall` response:
 *
 * - `'wrapped'`: in a one-element array, as the specification says; any other success entry fails its
 *   call with an `XmlRpcProtocolError`.
 * - `'bare'`: the result itself, as supervisord does; every entry that is not a fault struct is a result.
 * - `'auto'`: each response is read as wrapped when every entry that is not a fault is a one-element
 *   array, and as bare, as a whole, as soon as one is not. One case is ambiguous: from a bare server, a
 *   response whose every result happens to be a one-element array (`system.methodSignature` answers
 *   `[["string", "string"]]`) reads as wrapped, so each result loses its outer array. Say `'bare'`
 *   for such a server (or `'wrapped'` to have a bare response refused rather than read).
 */
export type MulticallResults = 'auto' | 'wrapped' | 'bare';

/** Options of {@link decodeMulticallResponse}: the codec's limits, plus the result shape. */
export interface MulticallDecodeOptions extends DecodeOptions {
  /**
   * How successes are returned (see {@link MulticallResults}). Default `'auto'`: wrapped `[result]`
   * entries, unless one success entry of the response is not a one-element array, in which case every
   * entry is read bare (supervisord), so `[1, 2]` is an array result rather than a broken entry.
   */
  readonly multicallResults?: MulticallResults;
}

/** Most method names listed in a count-mismatch message. */
const LISTED_METHODS = 20;
/** Longest rendering of an offending value in a message. */
const SHOWN_LENGTH = 60;

/**
 * Splits a `system.multicall` response into one outcome per call, in call order. Never throws for a
 * bad response: each problem becomes the error of the calls it touches.
 *
 * - entry `[value]`: `{ call, ok: true, value }`; when the response is read bare (`'bare'`, or
 *   `'auto'` with a success entry that is not a one-element array), any non-fault entry is the value;
 * - entry `{faultCode, faultString}`: an `XmlRpcFault` for that call;
 * - an entry that cannot be decoded: its `XmlRpcParseError`, for that call alone;
 * - with `'wrapped'`, any other entry (`[]`, `[1, 2]`, a bare int): an `XmlRpcProtocolError` for that
 *   call alone, whose message suggests `'bare'`;
 * - more or fewer entries than calls, or no array at all: an `XmlRpcProtocolError` for every call;
 * - a fault response to `system.multicall` itself, or a malformed body: that error for every call.
 *
 * Each error is the call's own copy (`error.forCall`): it names the method in its message and
 * carries `index`, `methodName`, `batchSize`, and `batchLevel: true` when it hit the whole batch.
 *
 * @example
 * ```ts
 * import { decodeMulticallResponse, type XmlRpcCall } from 'rxjs-xmlrpc';
 *
 * declare const calls: XmlRpcCall[]; // the calls of a system.multicall request
 * declare const body: string; // the server's response to it
 * for (const outcome of decodeMulticallResponse(body, calls)) {
 *   if (outcome.ok) console.log(outcome.call.methodName, outcome.value);
 *   else console.error(outcome.error.message);
 * }
 * ```
 * @param xml The response body.
 * @param calls The calls of the request, in order; each outcome's `call` is the very object given here.
 * @param options Decoding limits, and `multicallResults` (default `'auto'`).
 * @returns Exactly one outcome per call, in call order.
 * @throws RangeError For invalid options.
 */
export function decodeMulticallResponse<C extends XmlRpcCall>(
  xml: string,
  calls: readonly C[],
  options?: MulticallDecodeOptions,
): CallOutcome<C>[] {
  const results = multicallResultsOption(options?.multicallResults);
  let response: ReturnType<typeof decodeResponseEntries>;
  try {
    response = decodeResponseEntries(xml, options);
  } catch (error) {
    if (!(error instanceof XmlRpcError)) throw error; // bad options, not a bad response
    return batchFailed(calls, error);
  }
  if (response.kind === 'value') {
    return batchFailed(
      calls,
      new XmlRpcProtocolError(
        `system.multicall must answer ${count(calls.length, 'call')} with an array of ${count(calls.length, 'entry')}, ` +
          `but got ${show(response.value)}`,
      ),
    );
  }
  const { entries } = response;
  if (entries.length !== calls.length) {
    return batchFailed(
      calls,
      new XmlRpcProtocolError(
        `system.multicall must answer ${count(calls.length, 'call')} with exactly ${count(calls.length, 'entry')}, ` +
          `but got ${count(entries.length, 'entry')}; results are matched to calls by position, so none can be ` +
          `trusted. Methods: ${listMethods(calls)}`,
      ),
    );
  }
  const bare = results === 'bare' || (results === 'auto' && !allSuccessesWrapped(entries));
  return calls.map((call, index): CallOutcome<C> => {
    const entry = entries[index] as XmlRpcValue | XmlRpcParseError;
    const failed = (error: XmlRpcError) => callFailed(call, index, calls.length, error);
    if (entry instanceof XmlRpcParseError) return failed(entry);
    if (isFaultStruct(entry)) return failed(new XmlRpcFault(entry.faultCode, entry.faultString));
    if (bare) return callSucceeded(call, entry);
    if (Array.isArray(entry) && entry.length === 1) return callSucceeded(call, entry[0] as XmlRpcValue);
    return failed(
      new XmlRpcProtocolError(
        'a system.multicall entry must be [result] (a one-element array) or a {faultCode, faultString} ' +
          `struct, but got ${show(entry)}; if this server returns each result bare, as supervisord does, ` +
          "use `multicallResults: 'bare'`",
      ),
    );
  });
}

/**
 * Whether every entry that is not a fault (nor undecodable, which fails its call either way) is a
 * one-element array: the one shape `'auto'` reads as wrapped.
 */
function allSuccessesWrapped(entries: readonly (XmlRpcValue | XmlRpcParseError)[]): boolean {
  for (const entry of entries) {
    if (entry instanceof XmlRpcParseError || isFaultStruct(entry)) continue;
    if (!Array.isArray(entry) || entry.length !== 1) return false;
  }
  return true;
}

/** Checks the `multicallResults` option, defaulting to `'auto'`. */
export function multicallResultsOption(value: MulticallResults | undefined): MulticallResults {
  if (value === undefined) return 'auto';
  if (value !== 'auto' && value !== 'wrapped' && value !== 'bare') {
    throw new RangeError(
      `\`multicallResults\` must be 'auto', 'wrapped' or 'bare', but got ${shownValue(value)}`,
    );
  }
  return value;
}

/** "1 entry", "3 entries". */
function count(n: number, noun: 'call' | 'entry'): string {
  if (n === 1) return `1 ${noun}`;
  return `${n} ${noun === 'entry' ? 'entries' : 'calls'}`;
}

/** The method names of a batch, in order, the list cut short for a big batch. */
function listMethods(calls: readonly XmlRpcCall[]): string {
  const names = calls.slice(0, LISTED_METHODS).map((call) => call.methodName);
  const more = calls.length - names.length;
  return more > 0 ? `${names.join(', ')} and ${more} more` : names.join(', ');
}

/** A decoded value as JSON-like text, shortened: enough to recognise it in a log line. */
function show(value: XmlRpcValue): string {
  const text =
    JSON.stringify(value, (_key, member: unknown) => {
      if (typeof member === 'bigint') return `${member}n`;
      if (member instanceof Uint8Array) return `<${member.length} bytes>`;
      return member;
    }) ?? String(value);
  return text.length > SHOWN_LENGTH ? `${text.slice(0, SHOWN_LENGTH)}…` : text;
}
