import { Observable, type SchedulerLike, timer } from 'rxjs';
import { type DecodedMethodCall, decodeMethodCall } from '../../src/codec/decodeMethodCall.js';
import { encodeFault, encodeMethodResponse } from '../../src/codec/encodeMethodResponse.js';
import { FaultCode } from '../../src/codec/faultCodes.js';
import { XmlRpcFault } from '../../src/codec/XmlRpcFault.js';
import type { XmlRpcParam, XmlRpcStruct, XmlRpcValue } from '../../src/codec/XmlRpcValue.js';
import type { Transport, TransportRequest } from '../../src/transport/Transport.js';

/** A method of the test server: decoded params in, a result out; throw `XmlRpcFault` to answer a fault. */
export type TestMethod = (...params: XmlRpcValue[]) => XmlRpcParam;

/** How the test server behaves. */
export interface InMemoryServerOptions {
  /** Virtual-time delay of each answer (with `scheduler`); 0 (default) answers synchronously. */
  readonly latency?: number | ((request: DecodedMethodCall) => number);
  /** Scheduler of the latency timer, such as a `TestScheduler`. */
  readonly scheduler?: SchedulerLike;
  /** Answer multicall successes bare instead of `[result]`, as supervisord does. */
  readonly bareResults?: boolean;
  /** Rewrites each response body before it is sent (to corrupt it on purpose). */
  readonly rewrite?: (body: string, request: DecodedMethodCall) => string;
}

/**
 * An XML-RPC server living in memory, with the real codec on both sides: it decodes each request
 * with `decodeMethodCall`, runs `system.multicall` like a spec-following server, and answers with
 * `encodeMethodResponse`/`encodeFault`. Its transport records what it was asked and what was aborted.
 */
export class InMemoryServer {
  /** Every request received, decoded, in arrival order. */
  readonly requests: DecodedMethodCall[] = [];
  /** Every raw request sent to the transport. */
  readonly rawRequests: TransportRequest[] = [];
  /** Requests being answered right now. */
  inFlight = 0;
  /** Most requests that were ever in flight at once. */
  maxInFlight = 0;
  /** Requests unsubscribed before their answer. */
  aborted = 0;

  constructor(
    private readonly methods: Readonly<Record<string, TestMethod>>,
    private readonly options: InMemoryServerOptions = {},
  ) {}

  /** The injectable transport answering from this server. */
  readonly transport: Transport = (request) =>
    new Observable<string>((subscriber) => {
      this.rawRequests.push(request);
      const decoded = decodeMethodCall(request.body);
      this.requests.push(decoded);
      const body = this.answer(decoded);
      const answer = this.options.rewrite ? this.options.rewrite(body, decoded) : body;
      const { latency = 0, scheduler } = this.options;
      const delay = typeof latency === 'number' ? latency : latency(decoded);
      let answered = false;
      this.inFlight++;
      this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
      const respond = () => {
        answered = true;
        this.inFlight--;
        subscriber.next(answer);
        subscriber.complete();
      };
      if (delay === 0) {
        respond();
        return undefined;
      }
      const pending = timer(delay, scheduler).subscribe(respond);
      return () => {
        pending.unsubscribe();
        if (!answered) {
          this.inFlight--;
          this.aborted++;
        }
      };
    });

  /** The response body for one decoded request. */
  answer(request: DecodedMethodCall): string {
    if (request.methodName !== 'system.multicall') {
      const result = this.run(request.methodName, request.params);
      return result instanceof XmlRpcFault
        ? encodeFault(result.faultCode, result.faultString)
        : encodeMethodResponse(result);
    }
    const [batch] = request.params;
    if (!Array.isArray(batch)) return encodeFault(FaultCode.InvalidParams, 'system.multicall takes an array');
    return encodeMethodResponse(batch.map((entry) => this.multicallEntry(entry)));
  }

  /** One entry of a multicall answer: `[result]` (or the bare result) or a fault struct. */
  private multicallEntry(entry: XmlRpcValue): XmlRpcParam {
    const { methodName, params } = entry as XmlRpcStruct;
    if (typeof methodName !== 'string' || !Array.isArray(params)) {
      return { faultCode: FaultCode.InvalidParams, faultString: 'entry must be {methodName, params}' };
    }
    const result = this.run(methodName, params);
    if (result instanceof XmlRpcFault)
      return { faultCode: result.faultCode, faultString: result.faultString };
    return this.options.bareResults ? result : [result];
  }

  /** Runs a method; a thrown fault (or any error) becomes the answered fault. */
  private run(methodName: string, params: XmlRpcValue[]): XmlRpcParam | XmlRpcFault {
    const method = this.methods[methodName];
    if (method === undefined)
      return new XmlRpcFault(FaultCode.MethodNotFound, `no such method: ${methodName}`);
    try {
      return method(...params);
    } catch (error) {
      if (error instanceof XmlRpcFault) return error;
      return new XmlRpcFault(FaultCode.ApplicationError, String(error));
    }
  }
}

/** Methods most specs need: `echo` returns its params, `add` sums, `fail` answers fault 4. */
export const testMethods: Readonly<Record<string, TestMethod>> = {
  echo: (...params) => params,
  add: (...params) => params.reduce<number>((sum, n) => sum + Number(n), 0),
  fail: (...params) => {
    throw new XmlRpcFault(4, `failed on purpose: ${JSON.stringify(params)}`);
  },
};
