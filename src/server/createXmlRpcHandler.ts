import {
  catchError,
  defer,
  from,
  isObservable,
  last,
  lastValueFrom,
  map,
  type Observable,
  of,
  throwError,
} from 'rxjs';
import { decodeMethodCall } from '../codec/decodeMethodCall.js';
import { encodeFault, encodeMethodResponse } from '../codec/encodeMethodResponse.js';
import { FaultCode } from '../codec/faultCodes.js';
import { quoteForXml } from '../codec/quoteForXml.js';
import { XmlRpcFault } from '../codec/XmlRpcFault.js';
import { excerpt, XmlRpcParseError } from '../codec/XmlRpcParseError.js';
import type { XmlRpcParam, XmlRpcValue } from '../codec/XmlRpcValue.js';
import { addMethods, type MethodTable } from './addMethods.js';
import { checkParams } from './checkParams.js';
import {
  type NormalizedHandlerOptions,
  normalizeHandlerOptions,
  type XmlRpcHandlerOptions,
} from './handlerOptions.js';
import { systemIntrospection } from './systemIntrospection.js';
import { isolateUnencodableEntries, MULTICALL, systemMulticall } from './systemMulticall.js';
import type { XmlRpcMethods } from './XmlRpcMethods.js';

/**
 * Answers one XML-RPC request: a `<methodCall>` document in, a `<methodResponse>` document out.
 * The promise always resolves, to a result or a fault; it never rejects, whatever the input.
 */
export interface XmlRpcHandler {
  (requestXml: string): Promise<string>;
  /**
   * The same answer as a cold Observable that emits once: synchronous when every method involved
   * is, and unsubscribing unsubscribes the Observables that methods returned. Used by
   * `serveXmlRpc` (a client hanging up cancels the work) and `memoryTransport` (virtual time).
   */
  readonly observe: (requestXml: string) => Observable<string>;
}

/** Marks an Observable method that completed without a value. */
const NO_RESULT: unique symbol = Symbol('no result');

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

/** What a method returned, as an Observable: a plain value is not iterated, unlike with `from`. */
function resultOf(returned: unknown): Observable<unknown> {
  if (isObservable(returned)) return returned;
  if (isPromiseLike(returned)) return from(returned);
  return of(returned);
}

/** The message of anything thrown; never throws itself (`String` does for a null-prototype object). */
function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  try {
    return String(error);
  } catch {
    return 'unknown error';
  }
}

function isInt32(value: unknown): boolean {
  return Number.isInteger(value) && (value as number) >= -(2 ** 31) && (value as number) < 2 ** 31;
}

/**
 * A fault response; total, so the handler can always answer. Only the message can fail to encode (a
 * character XML 1.0 cannot carry, such as U+0000, U+FFFE or a lone surrogate): then it is sent as
 * a JSON string literal with those characters escaped, which XML can always carry.
 */
function faultResponse(fault: XmlRpcFault): string {
  try {
    return encodeFault(fault.faultCode, fault.faultString);
  } catch {
    return encodeFault(fault.faultCode, quoteForXml(fault.faultString));
  }
}

/**
 * Creates the function that answers XML-RPC requests with `methods`: it decodes a `<methodCall>`,
 * runs the method and encodes its result or fault. Node-free: usable in a service worker, a test, or
 * behind any HTTP server (see {@link serveXmlRpc} for a ready one).
 *
 * Methods receive the call's params as arguments and may return a value, a Promise, or an
 * Observable whose last value is the result (`lastValueFrom` semantics; one that completes
 * without a value is fault -32603, one that never completes never answers: bound it with `take`
 * or `timeout`). `undefined` is answered as `<nil/>`. Built in: `system.multicall`,
 * `system.listMethods`, `system.methodHelp` and `system.methodSignature` (help and signatures
 * come from {@link describeMethod}; a method without signatures has signature `"undef"`).
 *
 * Faults, following the interoperability fault codes:
 * - a method throws `XmlRpcFault(code, message)`: that fault;
 * - a method throws anything else: -32500 with the error's message, never the stack (see `onError`);
 * - the request is not well-formed XML: -32700; well-formed but not a valid `<methodCall>`
 *   (wrong envelope, a bad value, over a decoding limit): -32600;
 * - a `system.multicall` call that is not a `{methodName, params}` struct, or a nested
 *   `system.multicall`: -32600, in that call's entry only;
 * - no such method (only own names count: `toString` or `__proto__` are not found): -32601;
 * - params that match none of the method's declared signatures, or more multicall calls than
 *   `maxMulticallEntries`: -32602;
 * - a result XML-RPC cannot carry (NaN, a function, `null` with `allowNil: false`...): -32603.
 *
 * @example Answer XML-RPC behind any HTTP framework
 * ```ts
 * import { createXmlRpcHandler, describeMethod, XmlRpcFault } from 'rxjs-xmlrpc/server';
 * import { interval, map, take } from 'rxjs';
 *
 * // Express, with request bodies read as text: `app.use(express.text({ type: 'text/xml' }))`.
 * type Res = { type(contentType: string): { send(body: string): void } };
 * declare const app: { post(path: string, route: (req: { body: string }, res: Res) => void): void };
 * const handler = createXmlRpcHandler({
 *   add: (a: number, b: number) => a + b,
 *   supervisor: {
 *     getState: async () => ({ statecode: 1, statename: 'RUNNING' }),
 *     stopProcess: (name: string) => {
 *       throw new XmlRpcFault(10, `BAD_NAME: ${name}`);
 *     },
 *   },
 *   'clock.ticks': () => interval(10).pipe(take(3), map((i) => i + 1)), // answers 3
 *   echo: describeMethod((text: string) => text, { help: 'Echoes', signatures: [['string', 'string']] }),
 * });
 * app.post('/RPC2', async (req, res) => res.type('text/xml').send(await handler(req.body)));
 * ```
 * @param methods Method names to functions; nested plain objects add dotted prefixes.
 * @param options Decoding limits, `system.multicall` cap and concurrency, an error hook.
 * @returns The handler, also usable as an Observable through `handler.observe`.
 * @throws TypeError for a method table entry that is not a method, or a name defined twice.
 */
export function createXmlRpcHandler(methods: XmlRpcMethods, options?: XmlRpcHandlerOptions): XmlRpcHandler {
  return handlerFor(methods, normalizeHandlerOptions(options));
}

/** {@link createXmlRpcHandler} with options already normalized (`serveXmlRpc` uses them too). */
export function handlerFor(methods: XmlRpcMethods, config: NormalizedHandlerOptions): XmlRpcHandler {
  const table: MethodTable = new Map();

  /** Turns anything a method threw into the fault to answer; reports what the fault hides. */
  const toFault = (error: unknown, methodName: string): XmlRpcFault => {
    if (error instanceof XmlRpcFault && isInt32(error.faultCode) && typeof error.faultString === 'string') {
      return error;
    }
    config.onError(error, methodName);
    if (error instanceof XmlRpcFault) {
      return new XmlRpcFault(
        FaultCode.InternalError,
        `${methodName} faulted with an invalid fault (code ${String(error.faultCode)}): ${String(error.faultString)}`,
      );
    }
    return new XmlRpcFault(FaultCode.ApplicationError, messageOf(error));
  };

  const callMethod = (methodName: string, params: XmlRpcValue[]): Observable<unknown> =>
    defer(() => {
      const entry = table.get(methodName);
      if (entry === undefined) {
        throw new XmlRpcFault(FaultCode.MethodNotFound, `method not found: ${excerpt(methodName)}`);
      }
      checkParams(methodName, entry.signatures, params);
      // Called unbound, so a method never sees the table entry as `this`.
      const { method } = entry;
      return resultOf(method(...params));
    }).pipe(
      last(null, NO_RESULT),
      map((result) => {
        if (result === NO_RESULT) {
          throw new XmlRpcFault(FaultCode.InternalError, `${methodName} completed without a value`);
        }
        return result ?? null;
      }),
      catchError((error: unknown) => throwError(() => toFault(error, methodName))),
    );

  const encodeResult = (methodName: string, result: unknown): string => {
    try {
      return encodeMethodResponse(result as XmlRpcParam, config.encode);
    } catch (error) {
      if (methodName === MULTICALL && Array.isArray(result)) {
        const entries = isolateUnencodableEntries(result, config.encode, (entryError) =>
          config.onError(entryError, MULTICALL),
        );
        return encodeMethodResponse(entries as XmlRpcParam, config.encode);
      }
      config.onError(error, methodName);
      return faultResponse(
        new XmlRpcFault(
          FaultCode.InternalError,
          `cannot encode the result of ${methodName}: ${messageOf(error)}`,
        ),
      );
    }
  };

  const respond = (requestXml: string): Observable<string> =>
    defer(() => {
      const { methodName, params } = decodeMethodCall(requestXml, config.decode);
      return callMethod(methodName, params).pipe(map((result) => encodeResult(methodName, result)));
    }).pipe(
      catchError((error: unknown) => {
        if (error instanceof XmlRpcFault) return of(faultResponse(error));
        if (error instanceof XmlRpcParseError) {
          return of(
            faultResponse(
              error.wellFormed
                ? new XmlRpcFault(
                    FaultCode.InvalidRequest,
                    `request is not a valid XML-RPC methodCall: ${error.message}`,
                  )
                : new XmlRpcFault(
                    FaultCode.NotWellFormed,
                    `request is not well-formed XML: ${error.message}`,
                  ),
            ),
          );
        }
        config.onError(error, undefined);
        return of(
          faultResponse(new XmlRpcFault(FaultCode.InternalError, `internal error: ${messageOf(error)}`)),
        );
      }),
    );

  addMethods(table, systemIntrospection(table));
  if (config.multicall) addMethods(table, systemMulticall(callMethod, config));
  addMethods(table, methods);

  return Object.assign((requestXml: string) => lastValueFrom(respond(requestXml)), { observe: respond });
}
