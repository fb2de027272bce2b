import { catchError, defer, map, Observable, of } from 'rxjs';
import { encodeMethodResponse } from '../codec/encodeMethodResponse.js';
import { encodeValue } from '../codec/encodeValue.js';
import { FaultCode } from '../codec/faultCodes.js';
import { excerpt, messageOf } from '../codec/messageParts.js';
import { XmlRpcFault } from '../codec/XmlRpcFault.js';
import type { XmlRpcParam, XmlRpcValue } from '../codec/XmlRpcValue.js';
import { isStruct } from '../codec/XmlRpcValue.js';
import { describeMethod } from './describeMethod.js';
import { encodedBytes } from './encodedBytes.js';
import { faultValue } from './faultXml.js';
import type { NormalizedHandlerOptions } from './handlerOptions.js';
import { mapConcurrently } from './mapConcurrently.js';
import { typeNameOf } from './typeNameOf.js';
import type { XmlRpcMethods } from './XmlRpcMethods.js';

/*
 * system.multicall's contract: an array of N call structs `{methodName, params}` in, exactly N
 * entries out, entry i being `[result]` or a fault struct `{faultCode, faultString}` for call i.
 * Calls are independent: a fault, a malformed struct, a nested system.multicall, a result that
 * cannot be encoded or one that does not fit in `maxResponseBytes` faults its own entry only. Only
 * a param that is not one array, more calls than `maxMulticallEntries` (refused while the request
 * is read, see decodeRequest) or more than `maxResponseBytes` has room for faults the request.
 *
 * Each entry is encoded as its call settles, so results are not kept as values and the size of the
 * response is known at every step; the response is these entries joined once at the end.
 */

export const MULTICALL = 'system.multicall';

/** Calls started in a row before a large multicall yields to the handler's scheduler. */
export const MULTICALL_CHUNK = 256;

/** The outcome of a call: its result, or the fault to answer. */
export type Settled =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly fault: XmlRpcFault };

/**
 * Runs one call by name: its outcome at once when the method answered synchronously (returned a value
 * or threw, the common case, which then costs no Observable), or else an Observable that emits the
 * result once, or errors with an `XmlRpcFault` only.
 */
export type CallMethod = (methodName: string, params: XmlRpcValue[]) => Settled | Observable<unknown>;

/** A later outcome of {@link CallMethod} as one `Settled`, a fault included. */
export function settledLater(outcome: Observable<unknown>): Observable<Settled> {
  return outcome.pipe(
    map((value): Settled => ({ ok: true, value })),
    catchError((fault: XmlRpcFault) => of<Settled>({ ok: false, fault })),
  );
}

/** A response encoded by the method itself: what `system.multicall` answers. */
export class EncodedResponse {
  constructor(readonly xml: string) {}
}

/** The response around an empty array, split where the entries go: the codec's own envelope. */
const [RESPONSE_HEAD, RESPONSE_TAIL] = (() => {
  const empty = encodeMethodResponse([]);
  const at = empty.indexOf('</data>');
  return [empty.slice(0, at), empty.slice(at)] as const;
})();

/** Why call `index` cannot run (named by its path in the request), or undefined when it can. */
function malformedCall(call: XmlRpcValue, index: number): string | undefined {
  const where = `${MULTICALL} params[0][${index}]`;
  if (!isStruct(call)) return `${where} must be a struct {methodName, params}, but got ${typeNameOf(call)}`;
  const methodName = Object.hasOwn(call, 'methodName') ? call.methodName : undefined;
  if (typeof methodName !== 'string') return `${where} has no string methodName`;
  if (!Array.isArray(Object.hasOwn(call, 'params') ? call.params : undefined)) {
    return `${where} (${excerpt(methodName)}) has no params array`;
  }
  if (methodName === MULTICALL) return `${where}: ${MULTICALL} cannot be nested`;
  return undefined;
}

/**
 * The built-in `system.multicall` method (Eric Kidd's multicall RFC), running each call through
 * `callMethod`, at most `multicallConcurrency` at a time and yielding to `scheduler` every
 * {@link MULTICALL_CHUNK} calls, entries in request order, within `maxResponseBytes`.
 */
export function systemMulticall(callMethod: CallMethod, config: NormalizedHandlerOptions): XmlRpcMethods {
  const { maxResponseBytes, onError } = config;
  const limits = {
    concurrency: config.multicallConcurrency,
    yieldEvery: MULTICALL_CHUNK,
    scheduler: config.scheduler,
  };
  const tooLarge = (bytes: number): string =>
    `the result is ${bytes} bytes encoded, more than the response has room for within the \`maxResponseBytes\` limit of ${maxResponseBytes} bytes`;
  // Bytes for entries, and the most an entry replaced by the `tooLarge` fault can take: that much
  // is kept for every entry not settled yet, so that a replacement always fits.
  const room = maxResponseBytes - encodedBytes(RESPONSE_HEAD + RESPONSE_TAIL);
  const reserve = encodedBytes(faultValue(FaultCode.InternalError, tooLarge(Number.MAX_SAFE_INTEGER)));

  const resultValue = (result: unknown, index: number): string => {
    try {
      return encodeValue([result as XmlRpcParam], config.encode, `result[${index}]`);
    } catch (error) {
      onError(error, MULTICALL);
      return faultValue(FaultCode.InternalError, `cannot encode the result: ${messageOf(error)}`);
    }
  };

  /** Entry `index` as XML: `[result]` or a fault struct. */
  const entryOf = (settled: Settled, index: number): string =>
    settled.ok
      ? resultValue(settled.value, index)
      : faultValue(settled.fault.faultCode, settled.fault.faultString);

  /** Entry `index` as XML, at once when its call answered synchronously. */
  const settle = (call: XmlRpcValue, index: number): string | Observable<string> => {
    const problem = malformedCall(call, index);
    if (problem !== undefined) return faultValue(FaultCode.InvalidRequest, problem);
    const { methodName, params } = call as { methodName: string; params: XmlRpcValue[] };
    const called = callMethod(methodName, params);
    if (!(called instanceof Observable)) return entryOf(called, index);
    return settledLater(called).pipe(map((settled) => entryOf(settled, index)));
  };

  const run = (calls: XmlRpcValue[]): Observable<EncodedResponse> =>
    defer(() => {
      if (calls.length * reserve > room) {
        throw new XmlRpcFault(
          FaultCode.InvalidParams,
          `${MULTICALL} request too large: ${calls.length} calls cannot be answered within the \`maxResponseBytes\` limit of ${maxResponseBytes} bytes`,
        );
      }
      // Room neither used by settled entries nor kept for unsettled ones, or less: far from the
      // limit, an entry is charged 3 bytes per UTF-16 code unit (its most) rather than counted, and
      // such estimates are only replaced by exact counts when an entry might not fit.
      let free = room - calls.length * reserve;
      let estimated: string[] = [];
      const fitEntry = (entry: string, index: number): string => {
        free += reserve;
        if (entry.length * 3 <= free) {
          free -= entry.length * 3;
          estimated.push(entry);
          return entry;
        }
        for (const kept of estimated) free += kept.length * 3 - encodedBytes(kept);
        estimated = [];
        const bytes = encodedBytes(entry);
        if (bytes <= free) {
          free -= bytes;
          return entry;
        }
        const message = tooLarge(bytes);
        onError(new RangeError(`${MULTICALL} params[0][${index}]: ${message}`), MULTICALL);
        const replacement = faultValue(FaultCode.InternalError, message);
        free -= encodedBytes(replacement);
        return replacement;
      };
      return mapConcurrently<XmlRpcValue, string>(calls, limits, (call, index) => {
        const entry = settle(call, index);
        return typeof entry === 'string'
          ? fitEntry(entry, index)
          : entry.pipe(map((settled) => fitEntry(settled, index)));
      }).pipe(map((entries) => new EncodedResponse(RESPONSE_HEAD + entries.join('') + RESPONSE_TAIL)));
    });

  return {
    [MULTICALL]: describeMethod(run, {
      help: 'Runs an array of {methodName, params} calls in one request; answers one entry per call, [result] or a fault struct.',
      signatures: [['array', 'array']],
    }),
  };
}
