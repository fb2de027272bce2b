import {
  catchError,
  defer,
  from,
  isObservable,
  last,
  lastValueFrom,
  map,
  Observable,
  of,
  throwError,
} from 'rxjs';
import { encodeMethodResponse } from '../codec/encodeMethodResponse.js';
import { FaultCode } from '../codec/faultCodes.js';
import { isInt32 } from '../codec/integerBounds.js';
import { excerpt, messageOf } from '../codec/messageParts.js';
import { XmlRpcFault } from '../codec/XmlRpcFault.js';
import { XmlRpcParseError } from '../codec/XmlRpcParseError.js';
import type { XmlRpcParam, XmlRpcValue } from '../codec/XmlRpcValue.js';
import { addMethods, type MethodTable } from './addMethods.js';
import { checkParams } from './checkParams.js';
import { decodeRequest } from './decodeRequest.js';
import { encodedBytes } from './encodedBytes.js';
import { faultResponse } from './faultXml.js';
import {
  type NormalizedHandlerOptions,
  normalizeHandlerOptions,
  type XmlRpcHandlerOptions,
} from './handlerOptions.js';
import { systemIntrospection } from './systemIntrospection.js';
import {
  type CallMethod,
  EncodedResponse,
  type Settled,
  settledLater,
  systemMulticall,
} from './systemMulticall.js';
import type { XmlRpcMethods } from './XmlRpcMethods.js';

/**
 * Answers one XML-RPC request: a `<methodCall>` document in, a `<methodResponse>` document out.
 * The promise always resolves, to a result or a fault that XML can carry (offending text is quoted
 * with the characters XML 1.0 cannot carry escaped); it never rejects, whatever the input.
 */
export interface XmlRpcHandler {
  (requestXml: string): Promise<string>;
  /**
   * The same answer as a cold Observable that emits once: synchronous when every method involved
   * is (and a `system.multicall` has at most 256 calls: a larger one yields to the `scheduler`
   * option between chunks of 256), and unsubscribing unsubscribes the Observables that methods
   * returned. Used by `serveXmlRpc` (a client hanging up cancels the work) and `memoryTransport`
   * (virtual time).
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
 * - params that match none of the method's declared signatures, more multicall calls than
 *   `maxMulticallEntries` (default 10,000; in a request over 256 KB, counted while it is read,
 *   so the calls past the cap are never decoded) or than `maxResponseBytes` has room for: -32602,
 *   for the whole request, before any call runs;
 * - a result XML-RPC cannot carry (NaN, a function, `null` with `allowNil: false`...): -32603, in
 *   its entry only inside a multicall;
 * - a response over `maxResponseBytes` (default 64 MiB): -32603; inside a multicall, each entry
 *   that does not fit is that fault in its slot, and the other calls keep their results.
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
 * @param options Decoding limits, `system.multicall` cap, concurrency and scheduler, the response
 *   size bound, an error hook.
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

  /** What the method returned, once found and its params checked; throws what it throws. */
  const invoke = (methodName: string, params: XmlRpcValue[]): unknown => {
    const entry = table.get(methodName);
    if (entry === undefined) {
      throw new XmlRpcFault(FaultCode.MethodNotFound, `method not found: ${excerpt(methodName)}`);
    }
    checkParams(methodName, entry.signatures, params);
    // Called unbound, so a method never sees the table entry as `this`.
    const { method } = entry;
    return method(...params);
  };

  const callMethod: CallMethod = (methodName, params) => {
    let returned: unknown;
    try {
      returned = invoke(methodName, params);
    } catch (error) {
      return { ok: false, fault: toFault(error, methodName) };
    }
    const later = isObservable(returned) ? returned : isPromiseLike(returned) ? from(returned) : undefined;
    if (later === undefined) return { ok: true, value: returned ?? null };
    return later.pipe(
      last(null, NO_RESULT),
      map((result) => {
        if (result === NO_RESULT) {
          throw new XmlRpcFault(FaultCode.InternalError, `${methodName} completed without a value`);
        }
        return result ?? null;
      }),
      catchError((error: unknown) => throwError(() => toFault(error, methodName))),
    );
  };

  /** Replaces a response over `maxResponseBytes` by a fault saying so (which fits: it is at least 1024). */
  const bounded = (xml: string, methodName: string): string => {
    // No need to count: a UTF-16 code unit takes at most 3 bytes of UTF-8.
    if (xml.length * 3 <= config.maxResponseBytes) return xml;
    const bytes = encodedBytes(xml);
    if (bytes <= config.maxResponseBytes) return xml;
    const message = `the response to ${excerpt(methodName)} is ${bytes} bytes encoded, over the \`maxResponseBytes\` limit of ${config.maxResponseBytes} bytes`;
    config.onError(new RangeError(message), methodName);
    return faultResponse(new XmlRpcFault(FaultCode.InternalError, message));
  };

  const encodeResult = (methodName: string, result: unknown): string => {
    if (result instanceof EncodedResponse) return result.xml;
    try {
      return encodeMethodResponse(result as XmlRpcParam, config.encode);
    } catch (error) {
      config.onError(error, methodName);
      return faultResponse(
        new XmlRpcFault(
          FaultCode.InternalError,
          `cannot encode the result of ${methodName}: ${messageOf(error)}`,
        ),
      );
    }
  };

  /** The response to a call, within `maxResponseBytes`. */
  const responseTo = (methodName: string, settled: Settled): string =>
    bounded(settled.ok ? encodeResult(methodName, settled.value) : faultResponse(settled.fault), methodName);

  const respond = (requestXml: string): Observable<string> =>
    defer(() => {
      const { methodName, params } = decodeRequest(requestXml, config);
      const called = callMethod(methodName, params);
      if (!(called instanceof Observable)) return of(responseTo(methodName, called));
      return settledLater(called).pipe(map((settled) => responseTo(methodName, settled)));
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
