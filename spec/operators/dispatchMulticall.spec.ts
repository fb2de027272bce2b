import { defer, from, map, NEVER, Observable, of, Subject, throwError } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import type { DecodedMethodCall } from '../../src/codec/decodeMethodCall.js';
import { decodeMethodCall } from '../../src/codec/decodeMethodCall.js';
import { encodeMethodResponse } from '../../src/codec/encodeMethodResponse.js';
import { XmlRpcEncodeError } from '../../src/codec/XmlRpcEncodeError.js';
import { XmlRpcError } from '../../src/codec/XmlRpcError.js';
import { XmlRpcFault } from '../../src/codec/XmlRpcFault.js';
import { XmlRpcParseError } from '../../src/codec/XmlRpcParseError.js';
import { encodeCallParts, multicallEntry } from '../../src/multicall/encodeMulticall.js';
import type { CallOutcome, XmlRpcCall } from '../../src/multicall/XmlRpcCall.js';
import { XmlRpcProtocolError } from '../../src/multicall/XmlRpcProtocolError.js';
import { batchCalls } from '../../src/operators/batchCalls.js';
import { dispatchMulticall } from '../../src/operators/dispatchMulticall.js';
import { memoryTransport } from '../../src/testing/index.js';
import type { Transport, TransportRequest } from '../../src/transport/Transport.js';
import { XmlRpcTransportError } from '../../src/transport/XmlRpcTransportError.js';
import { bareResults, receivedCalls, testHandler, trackPeakInFlight } from '../helpers/testHandler.js';

const echo = (...params: XmlRpcCall['params']): XmlRpcCall => ({ methodName: 'echo', params });

/** Runs batches through the operator synchronously (the server answers at once) and collects the outcomes. */
function dispatchAll(transport: Transport, batches: XmlRpcCall[][], config = {}): CallOutcome[] {
  const outcomes: CallOutcome[] = [];
  from(batches)
    .pipe(dispatchMulticall(transport, config))
    .subscribe({ next: (outcome) => outcomes.push(outcome), error: (error) => outcomes.push(error) });
  return outcomes;
}

/** The error of an outcome that must have failed. */
function errorOf(outcome: CallOutcome | undefined): Error {
  if (outcome === undefined || outcome.ok)
    throw new Error(`expected a failed outcome, got ${String(outcome)}`);
  return outcome.error;
}

/** The method names a decoded request carries: its own, or those of its multicall entries. */
function methodsOf(request: DecodedMethodCall): string[] {
  if (request.methodName !== 'system.multicall') return [request.methodName];
  return (request.params[0] as Array<{ methodName: string }>).map((entry) => entry.methodName);
}

describe('dispatchMulticall', () => {
  describe('requests', () => {
    it('sends a batch as one system.multicall request and gives each call its own outcome', () => {
      const transport = memoryTransport(testHandler);
      const [a, b, c] = [echo(1), { methodName: 'add', params: [2, 3] }, { methodName: 'fail', params: [] }];
      const outcomes = dispatchAll(transport, [[a, b, c]]);
      expect(receivedCalls(transport)).toEqual([
        {
          methodName: 'system.multicall',
          params: [
            [
              { methodName: 'echo', params: [1] },
              { methodName: 'add', params: [2, 3] },
              { methodName: 'fail', params: [] },
            ],
          ],
        },
      ]);
      expect(transport.requests[0]!.headers).toEqual({ 'Content-Type': 'text/xml' });
      expect(outcomes).toHaveLength(3);
      expect(outcomes[0]).toEqual({ call: a, ok: true, value: [1] });
      expect(outcomes[1]).toEqual({ call: b, ok: true, value: 5 });
      expect(outcomes[0]!.call).toBe(a);
      expect(errorOf(outcomes[2])).toBeInstanceOf(XmlRpcFault);
      expect(errorOf(outcomes[2])).toMatchObject({
        faultCode: 4,
        index: 2,
        methodName: 'fail',
        batchSize: 3,
      });
    });

    it('sends a batch of one call as a plain methodCall', () => {
      const transport = memoryTransport(testHandler);
      const a = echo('x');
      const outcomes = dispatchAll(transport, [[a]]);
      expect(receivedCalls(transport)).toEqual([{ methodName: 'echo', params: ['x'] }]);
      expect(outcomes).toEqual([{ call: a, ok: true, value: ['x'] }]);
    });

    it('gives a plain call its fault as its own error, not a batch failure', () => {
      const transport = memoryTransport(testHandler);
      const outcomes = dispatchAll(transport, [[{ methodName: 'fail', params: [1] }]]);
      const fault = errorOf(outcomes[0]);
      expect(fault).toBeInstanceOf(XmlRpcFault);
      expect(fault.message).toBe('fail (call 1 of 1): XML-RPC fault 4: failed on purpose: [1]');
      expect(fault).toMatchObject({ index: 0, batchSize: 1 });
      expect((fault as XmlRpcFault).batchLevel).toBeUndefined();
    });

    it('sends nothing for an empty batch', () => {
      const transport = memoryTransport(testHandler);
      expect(dispatchAll(transport, [[]])).toEqual([]);
      expect(receivedCalls(transport)).toEqual([]);
    });

    it("reads bare results with multicallResults: 'bare'", () => {
      const transport = memoryTransport(bareResults(testHandler));
      const [a, b] = [echo(1, 2), { methodName: 'add', params: [1, 1] }];
      const outcomes = dispatchAll(transport, [[a, b]], { multicallResults: 'bare' });
      expect(outcomes).toEqual([
        { call: a, ok: true, value: [1, 2] },
        { call: b, ok: true, value: 2 },
      ]);
    });
  });

  describe('calls that cannot be sent', () => {
    it('fails only the call whose params cannot be encoded; the others are still sent', () => {
      const transport = memoryTransport(testHandler);
      const [a, bad, c] = [echo(1), echo({ port: Number.NaN }), echo(3)];
      const outcomes = dispatchAll(transport, [[a, bad, c]]);
      expect(transport.requests).toHaveLength(1);
      expect(methodsOf(receivedCalls(transport)[0]!)).toEqual(['echo', 'echo']);
      const error = errorOf(outcomes.find((outcome) => outcome.call === bad));
      expect(error).toBeInstanceOf(XmlRpcEncodeError);
      expect(error).toMatchObject({ path: 'params[0].port', index: 1, batchSize: 3, methodName: 'echo' });
      expect(outcomes.filter((outcome) => outcome.ok).map((outcome) => outcome.call)).toEqual([a, c]);
    });

    it('sends the one call left as a plain methodCall', () => {
      const transport = memoryTransport(testHandler);
      const outcomes = dispatchAll(transport, [[echo(Number.NaN), echo('kept')]]);
      expect(receivedCalls(transport)).toEqual([{ methodName: 'echo', params: ['kept'] }]);
      expect(outcomes.map((outcome) => outcome.ok)).toEqual([false, true]);
    });

    it('sends no request when no call of the batch can be encoded', () => {
      const transport = memoryTransport(testHandler);
      const outcomes = dispatchAll(transport, [
        [echo(Number.NaN), { methodName: 'echo', params: [() => 1] } as unknown as XmlRpcCall],
      ]);
      expect(receivedCalls(transport)).toEqual([]);
      expect(outcomes.map((outcome) => errorOf(outcome).constructor)).toEqual([
        XmlRpcEncodeError,
        XmlRpcEncodeError,
      ]);
    });

    it('refuses a nested system.multicall, even alone in its batch', () => {
      const transport = memoryTransport(testHandler);
      const nested = { methodName: 'system.multicall', params: [[]] };
      const outcomes = dispatchAll(transport, [[nested]]);
      expect(receivedCalls(transport)).toEqual([]);
      expect(errorOf(outcomes[0]).message).toBe(
        'system.multicall (call 1 of 1): `system.multicall` cannot be one of the calls of a batch (servers ' +
          'refuse recursive multicalls); make its calls directly and let the batching combine them at methodName',
      );
    });

    it('fails a call larger than maxBatchBytes without sending it', () => {
      const transport = memoryTransport(testHandler);
      const [small, big] = [echo('s'), echo('b'.repeat(1000))];
      const bigBytes = Buffer.byteLength(multicallEntry(encodeCallParts(big)));
      const outcomes = dispatchAll(transport, [[small, big]], { maxBatchBytes: 500 });
      expect(receivedCalls(transport)).toEqual([{ methodName: 'echo', params: ['s'] }]);
      const error = errorOf(outcomes[0]);
      expect(outcomes[1]).toEqual({ call: small, ok: true, value: ['s'] });
      expect(error).toBeInstanceOf(XmlRpcError);
      expect(error.message).toBe(
        `echo (call 2 of 2): the call encodes to ${bigBytes} bytes, more than \`maxBatchBytes\` (500), so it was not sent`,
      );
    });
  });

  describe('failed requests', () => {
    it('gives every call of the batch the transport error, and goes on with the next batch', () => {
      let attempt = 0;
      const transport = memoryTransport(testHandler);
      const flaky: Transport = (request) =>
        ++attempt === 1
          ? throwError(() => new XmlRpcTransportError('HTTP 502', { status: 502 }))
          : transport(request);
      const [a, b, c] = [echo(1), echo(2), echo(3)];
      const outcomes = dispatchAll(flaky, [[a, b], [c]]);
      expect(outcomes).toHaveLength(3);
      [a, b].forEach((call, i) => {
        const error = errorOf(outcomes[i]);
        expect(outcomes[i]!.call).toBe(call);
        expect(error).toBeInstanceOf(XmlRpcTransportError);
        expect(error).toMatchObject({ status: 502, index: i, batchSize: 2, batchLevel: true });
      });
      expect(errorOf(outcomes[0])).not.toBe(errorOf(outcomes[1]));
      expect(outcomes[2]).toEqual({ call: c, ok: true, value: [3] });
    });

    it('wraps a transport failure that is not an XmlRpcError, and one thrown synchronously', () => {
      const cause = new TypeError('fetch failed');
      const throwing: Transport = () => {
        throw cause;
      };
      for (const transport of [() => throwError(() => cause), throwing]) {
        const outcomes = dispatchAll(transport, [[echo(1), echo(2)]]);
        const error = errorOf(outcomes[0]);
        expect(error).toBeInstanceOf(XmlRpcTransportError);
        expect(error.message).toBe('echo (call 1 of 2): the transport failed: fetch failed');
        expect(error.cause).toBe(cause);
      }
    });

    it('fails every call when the transport completes without a body, or emits something else', () => {
      const silent = dispatchAll(() => of<string>(), [[echo(1), echo(2)]]);
      expect(silent.map((outcome) => errorOf(outcome).message)).toEqual([
        'echo (call 1 of 2): the transport completed without a response',
        'echo (call 2 of 2): the transport completed without a response',
      ]);
      const wrongType = dispatchAll(
        () => of(new ArrayBuffer(4)) as unknown as Observable<string>,
        [[echo(1)]],
      );
      expect(errorOf(wrongType[0]).message).toBe(
        'echo (call 1 of 1): the transport must emit the response body as a string, but emitted object',
      );
    });

    it('settles a request on the first answer and ignores what a misbehaving transport sends after', () => {
      const transport = memoryTransport(testHandler);
      const [a, b] = [echo(1), echo(2)];
      let teardowns = 0;
      const chatty: Transport = (request) =>
        new Observable<string>((subscriber) => {
          transport(request).subscribe((body) => subscriber.next(body));
          subscriber.next('<garbage/>');
          subscriber.error(new Error('late failure'));
          return () => {
            teardowns++;
          };
        });
      const outcomes = dispatchAll(chatty, [[a, b]]);
      expect(outcomes).toEqual([
        { call: a, ok: true, value: [1] },
        { call: b, ok: true, value: [2] },
      ]);
      expect(teardowns).toBe(1);
    });

    it('gives every call the parse error of a malformed response, and the stream goes on', () => {
      let corrupt = true;
      const transport = memoryTransport((requestXml) =>
        testHandler.observe(requestXml).pipe(
          map((body) => {
            const rewritten = corrupt ? body.slice(0, body.length / 2) : body;
            corrupt = false;
            return rewritten;
          }),
        ),
      );
      const outcomes = dispatchAll(transport, [
        [echo(1), echo(2)],
        [echo(3), echo(4)],
      ]);
      expect(outcomes.slice(0, 2).map((outcome) => errorOf(outcome))).toEqual([
        expect.any(XmlRpcParseError),
        expect.any(XmlRpcParseError),
      ]);
      expect(
        outcomes
          .slice(0, 2)
          .every(
            (outcome) => !outcome.ok && outcome.error instanceof XmlRpcError && outcome.error.batchLevel,
          ),
      ).toBe(true);
      expect(outcomes.slice(2).map((outcome) => outcome.ok && outcome.value)).toEqual([[3], [4]]);
    });

    it('gives every call a protocol error when the server answers the wrong number of entries', () => {
      // A server that drops an entry: the answer to two calls, for three.
      const transport = memoryTransport(() => encodeMethodResponse([[1], [2]]));
      const outcomes = dispatchAll(transport, [[echo(1), echo(2), echo(3)]]);
      expect(outcomes.map((outcome) => errorOf(outcome).constructor)).toEqual([
        XmlRpcProtocolError,
        XmlRpcProtocolError,
        XmlRpcProtocolError,
      ]);
      expect(errorOf(outcomes[0]).message).toContain('with exactly 3 entries, but got 2 entries');
    });
  });

  describe('encoding once', () => {
    /** A param whose every encoding is counted, through a getter the encoder reads. */
    function countedCall(): { call: XmlRpcCall; reads: () => number } {
      let reads = 0;
      const param = {
        get value() {
          reads++;
          return 'counted';
        },
      };
      return { call: { methodName: 'echo', params: [param] }, reads: () => reads };
    }

    it('reuses the encodings batchCalls made for maxBatchBytes when the encode options match', () => {
      const transport = memoryTransport(testHandler);
      const { call, reads } = countedCall();
      const outcomes: CallOutcome[] = [];
      from([call, echo(2)])
        .pipe(batchCalls({ maxBatchBytes: 10_000 }), dispatchMulticall(transport))
        .subscribe((outcome) => outcomes.push(outcome));
      expect(reads()).toBe(1);
      expect(outcomes[0]).toEqual({ call, ok: true, value: [{ value: 'counted' }] });
    });

    it('encodes again when the options are not the same object', () => {
      const transport = memoryTransport(testHandler);
      const { call, reads } = countedCall();
      from([call])
        .pipe(
          batchCalls({ maxBatchBytes: 10_000, encodeOptions: { allowNil: false } }),
          dispatchMulticall(transport, { encodeOptions: { allowNil: false } }),
        )
        .subscribe();
      expect(reads()).toBe(2);
    });

    it('encodes a batch afresh when it is dispatched a second time', () => {
      const transport = memoryTransport(testHandler);
      const { call, reads } = countedCall();
      const batches: XmlRpcCall[][] = [];
      from([call])
        .pipe(batchCalls({ maxBatchBytes: 10_000 }))
        .subscribe((batch) => batches.push(batch));
      dispatchAll(transport, [batches[0]!, batches[0]!]);
      expect(reads()).toBe(2);
      expect(transport.requests).toHaveLength(2);
    });
  });

  describe('concurrency and timing', () => {
    let testScheduler: TestScheduler;
    beforeEach(() => {
      testScheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
    });

    it('keeps at most `concurrency` requests in flight; the rest wait, in order', () => {
      const memory = memoryTransport(testHandler, { latencyMs: 5, scheduler: testScheduler });
      const transport = trackPeakInFlight(memory);
      const [a, b, c] = [echo('a'), echo('b'), echo('c')];
      const ok = (call: XmlRpcCall) => ({ call, ok: true, value: call.params });
      testScheduler.run(({ cold, expectObservable }) => {
        const batches = cold(' (xyz)|', { x: [a], y: [b], z: [c] });
        //                     x, y answered at 5; z starts at 5, answered at 10
        const expected = '     -----(AB)-(C|)';
        expectObservable(batches.pipe(dispatchMulticall(transport, { concurrency: 2 }))).toBe(expected, {
          A: ok(a),
          B: ok(b),
          C: ok(c),
        });
      });
      expect(transport.peakInFlight).toBe(2);
      expect(receivedCalls(memory).map(methodsOf)).toEqual([['echo'], ['echo'], ['echo']]);
    });

    it('sends waiting batches in arrival order, even when a later one would be faster', () => {
      const latencyMs = (request: TransportRequest) =>
        decodeMethodCall(request.body).params[0] === 'slow' ? 5 : 1;
      const memory = memoryTransport(testHandler, { latencyMs, scheduler: testScheduler });
      const transport = trackPeakInFlight(memory);
      const [slow, x, y] = [echo('slow'), echo('x'), echo('y')];
      const ok = (call: XmlRpcCall) => ({ call, ok: true, value: call.params });
      testScheduler.run(({ cold, expectObservable }) => {
        const batches = cold(' (sxy)|', { s: [slow], x: [x], y: [y] });
        const expected = '     -----XY(Z|)';
        expectObservable(batches.pipe(dispatchMulticall(transport, { concurrency: 1 }))).toBe(expected, {
          X: ok(slow),
          Y: ok(x),
          Z: ok(y),
        });
      });
      expect(transport.peakInFlight).toBe(1);
    });

    it('does not let a slow batch block a later one within the limit', () => {
      const latencyMs = (request: TransportRequest) =>
        methodsOf(decodeMethodCall(request.body)).includes('add') ? 10 : 2;
      const transport = memoryTransport(testHandler, { latencyMs, scheduler: testScheduler });
      const s1: XmlRpcCall = { methodName: 'add', params: [1, 1] };
      const s2: XmlRpcCall = { methodName: 'add', params: [2, 2] };
      const [f1, f2] = [echo('f1'), echo('f2')];
      testScheduler.run(({ cold, expectObservable }) => {
        const batches = cold(' s-f--|', { s: [s1, s2], f: [f1, f2] });
        //                     s sent at 0, answered at 10; f sent at 2, answered at 4
        const expected = '     ----(FG)--(ST|)';
        expectObservable(batches.pipe(dispatchMulticall(transport, { concurrency: 2 }))).toBe(expected, {
          F: { call: f1, ok: true, value: ['f1'] },
          G: { call: f2, ok: true, value: ['f2'] },
          S: { call: s1, ok: true, value: 2 },
          T: { call: s2, ok: true, value: 4 },
        });
      });
      expect(receivedCalls(transport).map(methodsOf)).toEqual([
        ['add', 'add'],
        ['echo', 'echo'],
      ]);
    });

    it('aborts the requests in flight when unsubscribed, and sends none of the waiting batches', () => {
      const transport = memoryTransport(testHandler, { latencyMs: 10, scheduler: testScheduler });
      testScheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
        const batches = cold(' (xyz)----', { x: [echo(1), echo(2)], y: [echo(3)], z: [echo(4)] });
        const unsub = '       ----!';
        expectObservable(batches.pipe(dispatchMulticall(transport, { concurrency: 2 })), unsub).toBe('-----');
        expectSubscriptions(batches.subscriptions).toBe('^---!');
      });
      expect(transport.requests).toHaveLength(2);
      expect(transport.aborted).toBe(2);
      expect(transport.inFlight).toBe(0);
    });

    it('passes a source error on at once, aborting what is in flight', () => {
      const transport = memoryTransport(testHandler, { latencyMs: 10, scheduler: testScheduler });
      testScheduler.run(({ cold, expectObservable }) => {
        const batches = cold(' x--#', { x: [echo(1)] }, new Error('source failed'));
        expectObservable(batches.pipe(dispatchMulticall(transport))).toBe(
          '---#',
          {},
          new Error('source failed'),
        );
      });
      expect(transport.aborted).toBe(1);
    });

    it('completes once the last request is answered', () => {
      const transport = memoryTransport(testHandler, { latencyMs: 3, scheduler: testScheduler });
      const a = echo(1);
      testScheduler.run(({ cold, expectObservable }) => {
        const batches = cold(' x|', { x: [a] });
        expectObservable(batches.pipe(dispatchMulticall(transport))).toBe('---(A|)', {
          A: { call: a, ok: true, value: [1] },
        });
      });
    });

    it('completes at once for an empty source, and waits forever for a silent one', () => {
      testScheduler.run(({ cold, expectObservable }) => {
        expectObservable(cold<XmlRpcCall[]>('|').pipe(dispatchMulticall(() => NEVER))).toBe('|');
        expectObservable(cold<XmlRpcCall[]>('-').pipe(dispatchMulticall(() => NEVER))).toBe('-');
      });
    });

    it('emits nothing and never completes while a request hangs', () => {
      testScheduler.run(({ cold, expectObservable }) => {
        const batches = cold(' x|', { x: [echo(1)] });
        expectObservable(batches.pipe(dispatchMulticall(() => NEVER))).toBe('-');
      });
    });
  });

  describe('reentrancy', () => {
    it('accepts a batch pushed from inside an outcome handler', () => {
      const transport = memoryTransport(testHandler);
      const batches = new Subject<XmlRpcCall[]>();
      const [a, b] = [echo('a'), echo('b')];
      const seen: XmlRpcCall[] = [];
      batches.pipe(dispatchMulticall(transport, { concurrency: 1 })).subscribe((outcome) => {
        seen.push(outcome.call);
        if (outcome.call === a) batches.next([b]);
      });
      batches.next([a]);
      expect(seen).toEqual([a, b]);
    });

    it('re-runs the requests for each subscription', () => {
      const transport = memoryTransport(testHandler);
      const outcomes$ = defer(() => of([echo(1)])).pipe(dispatchMulticall(transport));
      outcomes$.subscribe();
      outcomes$.subscribe();
      expect(transport.requests).toHaveLength(2);
    });
  });

  describe('options', () => {
    const transport: Transport = () => NEVER;

    it('rejects bad options when the operator is created, naming the option', () => {
      expect(() => dispatchMulticall(transport, { concurrency: 0 })).toThrow(
        new RangeError('`concurrency` must be a positive integer or Infinity, but got 0'),
      );
      expect(() => dispatchMulticall(transport, { maxBatchBytes: 0 })).toThrow(
        new RangeError('`maxBatchBytes` must be a positive integer or Infinity, but got 0'),
      );
      expect(() => dispatchMulticall(transport, { multicallResults: 'raw' as 'bare' })).toThrow(
        new RangeError("`multicallResults` must be 'auto', 'wrapped' or 'bare', but got \"raw\""),
      );
      expect(() => dispatchMulticall(transport, { decodeOptions: { maxDepth: 0 } })).toThrow(RangeError);
      expect(() => dispatchMulticall('http://x' as unknown as Transport)).toThrow(
        new TypeError('`transport` must be a function returning an Observable, but got "http://x"'),
      );
    });

    it('applies decode options to responses', () => {
      const transport = memoryTransport(testHandler);
      const outcomes = dispatchAll(transport, [[echo('x'.repeat(200)), echo(1)]], {
        decodeOptions: { maxLength: 100 },
      });
      expect(outcomes.every((outcome) => !outcome.ok && outcome.error instanceof XmlRpcParseError)).toBe(
        true,
      );
    });

    it('applies encode options to requests', () => {
      const transport = memoryTransport(testHandler);
      const outcomes = dispatchAll(transport, [[echo(null), echo(1)]], {
        encodeOptions: { allowNil: false },
      });
      expect(errorOf(outcomes[0])).toBeInstanceOf(XmlRpcEncodeError);
      expect(decodeMethodCall(transport.requests[0]!.body).params).toEqual([1]);
    });
  });
});
