import { map, Observable, queueScheduler } from 'rxjs';
import type { DecodedMethodCall } from '../../src/codec/decodeMethodCall.js';
import { decodeMethodResponse } from '../../src/codec/decodeMethodResponse.js';
import { XmlRpcFault } from '../../src/codec/XmlRpcFault.js';
import type { XmlRpcValue } from '../../src/codec/XmlRpcValue.js';
import {
  createXmlRpcHandler,
  decodeMethodCall,
  encodeMethodResponse,
  type MemoryTransport,
  type XmlRpcHandler,
} from '../../src/testing/index.js';
import type { Transport, TransportRequest } from '../../src/transport/Transport.js';

/**
 * The server most specs talk to through `memoryTransport`: `echo` returns its params, `add` sums,
 * `fail` answers fault 4. Every multicall is answered synchronously however large it is (queueScheduler),
 * so the only delay a spec sees is the transport's `latencyMs`.
 */
export const testHandler: XmlRpcHandler = createXmlRpcHandler(
  {
    echo: (...params) => params,
    add: (...params) => params.reduce<number>((sum, n) => sum + Number(n), 0),
    fail: (...params) => {
      throw new XmlRpcFault(4, `failed on purpose: ${JSON.stringify(params)}`);
    },
  },
  { scheduler: queueScheduler },
);

/** The calls `transport` was sent, decoded, in order. */
export function receivedCalls(transport: MemoryTransport): DecodedMethodCall[] {
  return transport.requests.map((request) => decodeMethodCall(request.body));
}

/**
 * `handler`, answering the successes of a `system.multicall` bare instead of `[result]`, as
 * supervisord does (fault entries stay structs).
 */
export function bareResults(handler: XmlRpcHandler): (requestXml: string) => Observable<string> {
  const unwrap = (body: string): string =>
    encodeMethodResponse(
      (decodeMethodResponse(body) as XmlRpcValue[]).map((entry) =>
        Array.isArray(entry) ? entry[0]! : entry,
      ),
    );
  return (requestXml) =>
    handler
      .observe(requestXml)
      .pipe(
        map((body) => (decodeMethodCall(requestXml).methodName === 'system.multicall' ? unwrap(body) : body)),
      );
}

/** `transport`, also recording the most requests it had in flight at once in `peakInFlight`. */
export function trackPeakInFlight(transport: MemoryTransport): Transport & { readonly peakInFlight: number } {
  const tracked = Object.assign(
    (request: TransportRequest) =>
      new Observable<string>((subscriber) => {
        const subscription = transport(request).subscribe(subscriber);
        // Subscribing counted this request in flight (one answered at once is already out again):
        // the count of requests that wait for their answer only ever peaks right here.
        tracked.peakInFlight = Math.max(tracked.peakInFlight, transport.inFlight);
        return subscription;
      }),
    { peakInFlight: 0 },
  );
  return tracked;
}
