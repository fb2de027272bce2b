/**
 * The in-memory XML round trip both contenders use: a request body goes through the real codec on the
 * server side and comes back as a response body, with no socket. Answers are delivered on a later
 * microtask, as a real transport would, so calls stay pending while a batch is in flight.
 */
import { from, type Observable } from 'rxjs';
import {
  decodeMethodCall,
  encodeMethodResponse,
  type TransportRequest,
  type XmlRpcParam,
  type XmlRpcStruct,
  type XmlRpcValue,
} from 'rxjs-xmlrpc';

/** The benchmark's one method: a small record per id, like a dashboard's status lookup. */
function lookup(id: XmlRpcValue): XmlRpcParam {
  return { id: Number(id), name: `item-${String(id)}`, running: Number(id) % 3 !== 0 };
}

/** Answers one request body (a plain call or a `system.multicall`) with a response body. */
export function answer(body: string): string {
  const { methodName, params } = decodeMethodCall(body);
  if (methodName !== 'system.multicall') return encodeMethodResponse(lookup(params[0] ?? null));
  const entries = (params[0] as XmlRpcStruct[]).map((entry) => [
    lookup((entry.params as XmlRpcValue[])[0] ?? null),
  ]);
  return encodeMethodResponse(entries);
}

/** Counts requests, so a run can check that batches really were 100 calls each. */
export class RoundTrip {
  requests = 0;

  /** A `Transport` for the client. */
  readonly transport = (request: TransportRequest): Observable<string> => from(this.respond(request.body));

  /** The same round trip for DataLoader's batch function. */
  respond(body: string): Promise<string> {
    this.requests++;
    return Promise.resolve().then(() => answer(body));
  }
}
