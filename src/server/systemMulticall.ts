import { catchError, map, type Observable, of } from 'rxjs';
import type { EncodeOptions } from '../codec/codecOptions.js';
import { encodeValue } from '../codec/encodeValue.js';
import { FaultCode } from '../codec/faultCodes.js';
import { XmlRpcFault } from '../codec/XmlRpcFault.js';
import { excerpt } from '../codec/XmlRpcParseError.js';
import type { XmlRpcParam, XmlRpcValue } from '../codec/XmlRpcValue.js';
import { isStruct } from '../codec/XmlRpcValue.js';
import { describeMethod } from './describeMethod.js';
import { mapConcurrently } from './mapConcurrently.js';
import { typeNameOf } from './typeNameOf.js';
import type { XmlRpcMethods } from './XmlRpcMethods.js';

/*
 * system.multicall's contract: an array of N call structs `{methodName, params}` in, exactly N
 * entries out, entry i being `[result]` or a fault struct `{faultCode, faultString}` for call i.
 * Calls are independent: a fault, a malformed struct or a nested system.multicall faults its own
 * entry only. Only a param that is not one array, or more calls than the cap, faults the request.
 */

export const MULTICALL = 'system.multicall';

/** Runs one call by name; its Observable emits the result once, or errors with an `XmlRpcFault` only. */
export type CallMethod = (methodName: string, params: XmlRpcValue[]) => Observable<unknown>;

/** The cap and concurrency of {@link systemMulticall}. */
export interface MulticallLimits {
  readonly maxMulticallEntries: number;
  readonly multicallConcurrency: number;
}

function faultStruct(faultCode: number, faultString: string): { faultCode: number; faultString: string } {
  return { faultCode, faultString };
}

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
 * `callMethod`, at most `multicallConcurrency` at a time, results in request order.
 */
export function systemMulticall(callMethod: CallMethod, limits: MulticallLimits): XmlRpcMethods {
  const { maxMulticallEntries, multicallConcurrency } = limits;
  return {
    [MULTICALL]: describeMethod(
      (calls: XmlRpcValue[]) => {
        if (calls.length > maxMulticallEntries) {
          throw new XmlRpcFault(
            FaultCode.InvalidParams,
            `${MULTICALL} accepts at most ${maxMulticallEntries} calls per request, but got ${calls.length}`,
          );
        }
        return mapConcurrently(calls, multicallConcurrency, (call, index): Observable<unknown> => {
          const problem = malformedCall(call, index);
          if (problem !== undefined) return of(faultStruct(FaultCode.InvalidRequest, problem));
          const { methodName, params } = call as { methodName: string; params: XmlRpcValue[] };
          return callMethod(methodName, params).pipe(
            map((result) => [result]),
            catchError((fault: XmlRpcFault) => of(faultStruct(fault.faultCode, fault.faultString))),
          );
        });
      },
      {
        help: 'Runs an array of {methodName, params} calls in one request; answers one entry per call, [result] or a fault struct.',
        signatures: [['array', 'array']],
      },
    ),
  };
}

/**
 * The multicall results with each entry that XML-RPC cannot carry (NaN, a function...) replaced by
 * a -32603 fault struct, so that one bad result spares the rest. Only called once encoding the
 * whole array failed, so successful responses are encoded once.
 */
export function isolateUnencodableEntries(
  entries: readonly unknown[],
  options: EncodeOptions,
  report: (error: unknown) => void,
): unknown[] {
  return entries.map((entry, index) => {
    try {
      encodeValue(entry as XmlRpcParam, options, `result[${index}]`);
      return entry;
    } catch (error) {
      report(error);
      const message = error instanceof Error ? error.message : String(error);
      return faultStruct(FaultCode.InternalError, `cannot encode the result: ${message}`);
    }
  });
}
