import fc from 'fast-check';
import { Observable, type Subscription, throwError } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import type { ClientEvent } from '../../src/client/ClientEvent.js';
import { createXmlRpcClient, type XmlRpcClientOptions } from '../../src/client/createXmlRpcClient.js';
import { encodeFault } from '../../src/codec/encodeMethodResponse.js';
import { XmlRpcFault } from '../../src/codec/XmlRpcFault.js';
import {
  decodeMethodCall,
  type MemoryTransport,
  type MemoryTransportHandler,
  type MemoryTransportOptions,
  memoryTransport,
} from '../../src/testing/index.js';
import type { Transport } from '../../src/transport/Transport.js';
import { XmlRpcTransportError } from '../../src/transport/XmlRpcTransportError.js';
import { bareResults, receivedCalls, testHandler, trackPeakInFlight } from '../helpers/testHandler.js';

/**
 * Runs `body` in virtual time with a fresh memory transport to `handler` (default `testHandler`),
 * answering after `latencyMs` frames.
 */
function withServer(
  body: (helpers: { server: MemoryTransport; scheduler: TestScheduler; flush: () => void }) => void,
  {
    handler = testHandler,
    latencyMs,
  }: { handler?: MemoryTransportHandler; latencyMs?: MemoryTransportOptions['latencyMs'] } = {},
): void {
  const scheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
  scheduler.run(() => {
    const server = memoryTransport(handler, { scheduler, latencyMs });
    body({ server, scheduler, flush: () => scheduler.flush() });
  });
}

/** Records what one subscription received. */
function observe<T>(source: Observable<T>): {
  values: T[];
  errors: unknown[];
  completed: boolean;
  sub: Subscription;
} {
  const seen = {
    values: [] as T[],
    errors: [] as unknown[],
    completed: false,
    sub: undefined as unknown as Subscription,
  };
  seen.sub = source.subscribe({
    next: (value) => seen.values.push(value),
    error: (error: unknown) => seen.errors.push(error),
    complete: () => {
      seen.completed = true;
    },
  });
  return seen;
}

function clientFor(
  transport: Transport,
  scheduler: TestScheduler,
  options: Partial<XmlRpcClientOptions> = {},
) {
  const events: ClientEvent[] = [];
  const client = createXmlRpcClient({
    transport,
    scheduler,
    onEvent: (event) => events.push(event),
    ...options,
  });
  return { client, events };
}

/** A server without `system.multicall`, answering it with `fault` like the server in question does. */
function withoutMulticall(fault = encodeFault(-32601, 'method not found')): MemoryTransportHandler {
  return (requestXml) =>
    decodeMethodCall(requestXml).methodName === 'system.multicall' ? fault : testHandler.observe(requestXml);
}

describe('createXmlRpcClient', () => {
  it('sends the calls subscribed in the same tick as one system.multicall, each answered its own result', () => {
    withServer(({ server, scheduler, flush }) => {
      const { client, events } = clientFor(server, scheduler);
      const a = observe(client.call('echo', ['a']));
      const b = observe(client.call('add', [2, 3]));
      const c = observe(client.call('echo', ['c', 1]));
      expect(server.requests).toHaveLength(0); // the window is still open
      flush();
      expect(receivedCalls(server).map((r) => r.methodName)).toEqual(['system.multicall']);
      expect(a).toMatchObject({ values: [['a']], errors: [], completed: true });
      expect(b).toMatchObject({ values: [5], errors: [], completed: true });
      expect(c).toMatchObject({ values: [['c', 1]], errors: [], completed: true });
      expect(events.map((e) => e.type)).toEqual(['batchSent', 'batchSettled']);
      expect(events[0]).toMatchObject({ size: 3, methodName: 'system.multicall' });
      expect(events[1]).toMatchObject({ size: 3, ok: 3, faults: 0, errors: 0, durationMs: 0 });
    });
  });

  it('is cold: nothing is queued or sent until subscribed, and each subscription is a call of its own', () => {
    withServer(({ server, scheduler, flush }) => {
      const { client } = clientFor(server, scheduler);
      const echo = client.call('echo', ['x']);
      flush();
      expect(server.requests).toHaveLength(0);
      const first = observe(echo);
      const second = observe(echo);
      flush();
      expect(server.requests).toHaveLength(1);
      expect(receivedCalls(server)[0]?.params[0]).toHaveLength(2);
      expect(first.values).toEqual([['x']]);
      expect(second.values).toEqual([['x']]);
    });
  });

  it('sends a batch of one call as a plain methodCall', () => {
    withServer(({ server, scheduler, flush }) => {
      const { client } = clientFor(server, scheduler);
      const only = observe(client.call('add', [1, 2]));
      flush();
      expect(receivedCalls(server)).toEqual([{ methodName: 'add', params: [1, 2] }]);
      expect(only.values).toEqual([3]);
    });
  });

  it('sends a { batch: false } call alone, at once', () => {
    withServer(({ server, scheduler, flush }) => {
      const { client } = clientFor(server, scheduler);
      const batched = observe(client.call('echo', ['batched']));
      const alone = observe(client.call('echo', ['alone'], { batch: false }));
      expect(receivedCalls(server)).toEqual([{ methodName: 'echo', params: ['alone'] }]); // before the window closes
      expect(alone.values).toEqual([['alone']]);
      flush();
      expect(server.requests).toHaveLength(2);
      expect(batched.values).toEqual([['batched']]);
    });
  });

  it('gives a faulting call its own XmlRpcFault while its neighbours succeed', () => {
    withServer(({ server, scheduler, flush }) => {
      const { client, events } = clientFor(server, scheduler);
      const ok = observe(client.call('echo', [1]));
      const bad = observe(client.call('fail', ['why']));
      flush();
      expect(ok.values).toEqual([[1]]);
      expect(bad.errors).toHaveLength(1);
      const fault = bad.errors[0] as XmlRpcFault;
      expect(fault).toBeInstanceOf(XmlRpcFault);
      expect(fault).toMatchObject({ faultCode: 4, index: 1, methodName: 'fail', batchSize: 2 });
      expect(fault.batchLevel).toBeUndefined();
      expect(events[1]).toMatchObject({ type: 'batchSettled', ok: 1, faults: 1, errors: 0 });
    });
  });

  it('gives every call of a batch the transport error, and goes on with the next batch', () => {
    withServer(({ server, scheduler, flush }) => {
      let failNext = true;
      const transport: Transport = (request) => {
        if (!failNext) return server(request);
        failNext = false;
        return throwError(() => new XmlRpcTransportError('connection refused'));
      };
      const { client } = clientFor(transport, scheduler);
      const a = observe(client.call('echo', ['a']));
      const b = observe(client.call('echo', ['b']));
      flush();
      for (const [i, seen] of [a, b].entries()) {
        expect(seen.errors[0]).toBeInstanceOf(XmlRpcTransportError);
        expect(seen.errors[0]).toMatchObject({ index: i, batchSize: 2, batchLevel: true });
      }
      const later = observe(client.call('echo', ['later']));
      flush();
      expect(later.values).toEqual([['later']]);
    });
  });

  it('leaves a call cancelled before the batch is sent out of the request', () => {
    withServer(({ server, scheduler, flush }) => {
      const { client, events } = clientFor(server, scheduler);
      const gone = observe(client.call('echo', ['gone']));
      const kept = observe(client.call('echo', ['kept']));
      gone.sub.unsubscribe();
      // Reported at once, not when the batch leaves.
      expect(events).toEqual([{ type: 'callCancelled', at: 0, methodName: 'echo', sent: false }]);
      flush();
      expect(receivedCalls(server)).toEqual([{ methodName: 'echo', params: ['kept'] }]);
      expect(gone.values).toEqual([]);
      expect(kept.values).toEqual([['kept']]);
    });
  });

  it('sends nothing when every call of a batch is cancelled before it leaves', () => {
    withServer(({ server, scheduler, flush }) => {
      const { client } = clientFor(server, scheduler);
      observe(client.call('echo', [1])).sub.unsubscribe();
      observe(client.call('echo', [2])).sub.unsubscribe();
      flush();
      expect(server.requests).toHaveLength(0);
    });
  });

  it('aborts the request when every call of an in-flight batch unsubscribes, and drops nothing on anyone', () => {
    withServer(
      ({ server, scheduler, flush }) => {
        const { client, events } = clientFor(server, scheduler);
        const a = observe(client.call('echo', ['a']));
        const b = observe(client.call('echo', ['b']));
        scheduler.schedule(() => a.sub.unsubscribe(), 3);
        scheduler.schedule(() => b.sub.unsubscribe(), 5);
        flush();
        expect(server.requests).toHaveLength(1);
        expect(server.aborted).toBe(1);
        expect([a, b].map((s) => [s.values, s.errors])).toEqual([
          [[], []],
          [[], []],
        ]);
        expect(events.map((e) => e.type)).toEqual([
          'batchSent',
          'callCancelled',
          'callCancelled',
          'batchAborted',
        ]);
      },
      { latencyMs: 10 },
    );
  });

  it('aborts a { batch: false } call in flight when it unsubscribes', () => {
    withServer(
      ({ server, scheduler, flush }) => {
        const { client, events } = clientFor(server, scheduler);
        const alone = observe(client.call('echo', ['alone'], { batch: false }));
        scheduler.schedule(() => alone.sub.unsubscribe(), 3);
        flush();
        expect(server.requests).toHaveLength(1);
        expect(server.aborted).toBe(1);
        expect([alone.values, alone.errors, alone.completed]).toEqual([[], [], false]);
        expect(events.map((e) => e.type)).toEqual(['batchSent', 'callCancelled', 'batchAborted']);
        expect(events[1]).toMatchObject({ sent: true });
      },
      { latencyMs: 10 },
    );
  });

  it('aborts a request whose calls an onEvent listener cancels as the request leaves', () => {
    withServer(
      ({ server, scheduler, flush }) => {
        const subscriptions: Subscription[] = [];
        const client = createXmlRpcClient({
          transport: server,
          scheduler,
          onEvent: (event) => {
            if (event.type === 'batchSent') for (const sub of subscriptions) sub.unsubscribe();
          },
        });
        const calls = ['a', 'b'].map((x) => observe(client.call('echo', [x])));
        subscriptions.push(...calls.map((call) => call.sub));
        flush();
        expect(server.requests).toHaveLength(1);
        expect(server.aborted).toBe(1);
        expect(calls.map((call) => [call.values, call.errors])).toEqual([
          [[], []],
          [[], []],
        ]);
      },
      { latencyMs: 10 },
    );
  });

  it('keeps the request going while one call still waits, and quietly drops the late result of the cancelled one', () => {
    withServer(
      ({ server, scheduler, flush }) => {
        const { client } = clientFor(server, scheduler);
        const a = observe(client.call('echo', ['a']));
        const b = observe(client.call('echo', ['b']));
        scheduler.schedule(() => a.sub.unsubscribe(), 3);
        flush();
        expect(server.aborted).toBe(0);
        expect(a.values).toEqual([]);
        expect(a.errors).toEqual([]);
        expect(b.values).toEqual([['b']]);
      },
      { latencyMs: 10 },
    );
  });

  it('keeps at most `concurrency` requests in flight; later batches wait, in order', () => {
    withServer(
      ({ server, scheduler, flush }) => {
        const transport = trackPeakInFlight(server);
        const { client } = clientFor(transport, scheduler, {
          concurrency: 2,
          batch: { maxBatchSize: 1 },
        });
        const seen = [1, 2, 3, 4, 5].map((n) => observe(client.call('echo', [n])));
        flush();
        expect(transport.peakInFlight).toBe(2);
        expect(receivedCalls(server).map((r) => r.params[0])).toEqual([1, 2, 3, 4, 5]);
        expect(seen.map((s) => s.values)).toEqual([[[1]], [[2]], [[3]], [[4]], [[5]]]);
      },
      { latencyMs: 10 },
    );
  });

  it('sends a call cancelled while its batch waits for a free slot nowhere', () => {
    withServer(
      ({ server, scheduler, flush }) => {
        const { client } = clientFor(server, scheduler, {
          concurrency: 1,
          batch: { maxBatchSize: 1 },
        });
        observe(client.call('echo', ['first']));
        const waiting = observe(client.call('echo', ['waiting']));
        scheduler.schedule(() => waiting.sub.unsubscribe(), 5);
        flush();
        expect(receivedCalls(server).map((r) => r.params[0])).toEqual(['first']);
      },
      { latencyMs: 10 },
    );
  });

  describe('one exchange path, whether or not anyone listens', () => {
    for (const listening of [false, true]) {
      it(`delivers every outcome at the same moment ${listening ? 'with' : 'without'} an onEvent listener`, () => {
        withServer(
          ({ server, scheduler, flush }) => {
            const client = createXmlRpcClient({
              transport: server,
              scheduler,
              ...(listening ? { onEvent: () => undefined } : {}),
            });
            const at = (seen: ReturnType<typeof observe>) => {
              const times: number[] = [];
              seen.sub.add(() => times.push(scheduler.now()));
              return times;
            };
            const good = observe(client.call('echo', ['a']));
            const bad = observe(client.call('echo', [Number.NaN]));
            const [goodAt, badAt] = [at(good), at(bad)];
            flush();
            expect(bad.errors).toHaveLength(1);
            expect(good.values).toEqual([['a']]);
            // The call that cannot be sent fails when its batch leaves, not when the request returns.
            expect({ badAt, goodAt }).toEqual({ badAt: [0], goodAt: [200] });
          },
          { latencyMs: 200 },
        );
      });
    }

    it('reports a call that cannot be sent before the request that leaves without it', () => {
      withServer(({ server, scheduler, flush }) => {
        const { client, events } = clientFor(server, scheduler);
        const calls = ['a', Number.NaN, 'c'].map((x) => observe(client.call('echo', [x])));
        flush();
        expect(calls.map((seen) => seen.values.length + seen.errors.length)).toEqual([1, 1, 1]);
        expect(events.map((event) => event.type)).toEqual(['callNotSent', 'batchSent', 'batchSettled']);
        expect(events[0]).toEqual({
          type: 'callNotSent',
          at: 0,
          methodName: 'echo',
          error: calls[1]!.errors[0],
        });
        expect(events[1]).toMatchObject({ size: 2, methodName: 'system.multicall' });
        expect(events[2]).toMatchObject({ size: 2, ok: 2, faults: 0, errors: 0 });
      });
    });

    it('reports a batch of calls none of which can be sent with callNotSent alone: nothing was sent or settled', () => {
      withServer(({ server, scheduler, flush }) => {
        const { client, events } = clientFor(server, scheduler, { batch: { maxBatchBytes: 300 } });
        const nan = observe(client.call('echo', [Number.NaN]));
        const big = observe(client.call('echo', ['x'.repeat(400)]));
        flush();
        expect(server.requests).toHaveLength(0);
        expect(events.map((event) => [event.type, event.type === 'callNotSent' && event.error.name])).toEqual(
          [
            ['callNotSent', 'XmlRpcEncodeError'],
            ['callNotSent', 'XmlRpcError'],
          ],
        );
        expect([nan.errors.length, big.errors.length]).toEqual([1, 1]);
      });
    });
  });

  describe("fallback: 'auto'", () => {
    /** Python's fault for a server without register_multicall_functions(). */
    const PYTHON_NO_MULTICALL = encodeFault(
      1,
      `<class 'Exception'>:method "system.multicall" is not supported`,
    );

    it('re-sends the batch as single calls when the server has no system.multicall, and remembers it', () => {
      withServer(
        ({ server, scheduler, flush }) => {
          const { client, events } = clientFor(server, scheduler);
          const first = ['a', 'b', 'c'].map((x) => observe(client.call('echo', [x])));
          flush();
          expect(first.map((s) => s.values)).toEqual([[['a']], [['b']], [['c']]]);
          expect(server.requests).toHaveLength(4); // the refused multicall, then three single calls
          expect(events.filter((e) => e.type === 'fallback')).toEqual([
            { type: 'fallback', at: 0, size: 3, faultCode: -32601, faultString: 'method not found' },
          ]);
          const second = ['d', 'e'].map((x) => observe(client.call('echo', [x])));
          flush();
          expect(second.map((s) => s.values)).toEqual([[['d']], [['e']]]);
          expect(server.requests).toHaveLength(6); // no second attempt at system.multicall
          expect(events.filter((e) => e.type === 'fallback')).toHaveLength(1);
        },
        { handler: withoutMulticall() },
      );
    });

    it('falls back without an onEvent listener too, a call that cannot be encoded failing alone', () => {
      withServer(
        ({ server, scheduler, flush }) => {
          const client = createXmlRpcClient({ transport: server, scheduler });
          const good = ['a', 'b'].map((x) => observe(client.call('echo', [x])));
          const bad = observe(client.call('echo', [Number.NaN]));
          flush();
          expect(good.map((s) => s.values)).toEqual([[['a']], [['b']]]);
          expect(bad.errors).toHaveLength(1);
          expect((bad.errors[0] as Error).message).toMatch(/NaN/);
          // The refused multicall carried only the two good calls; then each went alone.
          expect(server.requests).toHaveLength(3);
        },
        { handler: withoutMulticall() },
      );
    });

    it("recognises Python's fault for a server without register_multicall_functions()", () => {
      withServer(
        ({ server, scheduler, flush }) => {
          const { client } = clientFor(server, scheduler);
          const calls = [1, 2].map((n) => observe(client.call('echo', [n])));
          flush();
          expect(calls.map((s) => s.values)).toEqual([[[1]], [[2]]]);
        },
        { handler: withoutMulticall(PYTHON_NO_MULTICALL) },
      );
    });

    it('does not fall back for an ordinary per-call "method not found"', () => {
      withServer(({ server, scheduler, flush }) => {
        const { client, events } = clientFor(server, scheduler);
        const missing = observe(client.call('nope', []));
        const ok = observe(client.call('echo', [1]));
        flush();
        expect(missing.errors[0]).toMatchObject({ faultCode: -32601 });
        expect(ok.values).toEqual([[1]]);
        expect(events.some((e) => e.type === 'fallback')).toBe(false);
        expect(server.requests).toHaveLength(1);
      });
    });
  });

  it("gives every call the fault with fallback: 'never'", () => {
    withServer(
      ({ server, scheduler, flush }) => {
        const { client } = clientFor(server, scheduler, { fallback: 'never' });
        const calls = [1, 2].map((n) => observe(client.call('echo', [n])));
        flush();
        for (const seen of calls) {
          expect(seen.errors[0]).toBeInstanceOf(XmlRpcFault);
          expect(seen.errors[0]).toMatchObject({ faultCode: -32601, batchLevel: true });
        }
        expect(server.requests).toHaveLength(1);
      },
      { handler: withoutMulticall() },
    );
  });

  describe('retrySingly (a multicall faulted as a whole)', () => {
    const OVERFLOW = "<class 'OverflowError'>:int exceeds XML-RPC limits";
    /** Like Python: a multicall with a result it cannot marshal is one fault; alone, that call faults. */
    const pythonLike: MemoryTransportHandler = (requestXml) =>
      requestXml.includes(String(2 ** 31)) ? encodeFault(1, OVERFLOW) : testHandler.observe(requestXml);

    it('re-sends the calls one by one, so only the call that cannot succeed fails, and reports it', () => {
      withServer(
        ({ server, scheduler, flush }) => {
          const { client, events } = clientFor(server, scheduler);
          const fine = observe(client.call('echo', ['fine']));
          const big = observe(client.call('echo', [2 ** 31]));
          flush();
          expect(fine.values).toEqual([['fine']]);
          expect(big.errors).toHaveLength(1);
          expect(big.errors[0]).toMatchObject({
            faultCode: 1,
            faultString: OVERFLOW,
            index: 0,
            batchSize: 1,
          });
          expect((big.errors[0] as XmlRpcFault).batchLevel).toBeUndefined();
          expect(server.requests).toHaveLength(3);
          expect(events.map((e) => e.type)).toEqual([
            'batchSent',
            'batchSettled',
            'batchRetriedSingly',
            'batchSent',
            'batchSettled',
            'batchSent',
            'batchSettled',
          ]);
          expect(events[2]).toEqual({
            type: 'batchRetriedSingly',
            at: 0,
            size: 2,
            faultCode: 1,
            faultString: OVERFLOW,
          });
        },
        { handler: pythonLike },
      );
    });

    it('gives every call the fault with retrySingly: false', () => {
      withServer(
        ({ server, scheduler, flush }) => {
          const { client } = clientFor(server, scheduler, { retrySingly: false });
          const calls = ['fine', 2 ** 31].map((x) => observe(client.call('echo', [x])));
          flush();
          for (const seen of calls) expect(seen.errors[0]).toMatchObject({ faultCode: 1, batchLevel: true });
          expect(server.requests).toHaveLength(1);
        },
        { handler: pythonLike },
      );
    });
  });

  describe('a request refused for its size', () => {
    /** Refuses (HTTP 413) any multicall of more than `max` calls, and any request mentioning "huge". */
    const limited =
      (max: number): MemoryTransportHandler =>
      (requestXml) => {
        const calls = requestXml.split('<member><name>methodName</name>').length - 1;
        if (calls > max || requestXml.includes('huge')) {
          return throwError(() => new XmlRpcTransportError('HTTP 413 Payload Too Large', { status: 413 }));
        }
        return testHandler.observe(requestXml);
      };

    it('is split in half and re-sent, down to what the server takes', () => {
      withServer(
        ({ server, scheduler, flush }) => {
          const { client, events } = clientFor(server, scheduler);
          const calls = [1, 2, 3, 4, 5].map((n) => observe(client.call('echo', [n])));
          flush();
          expect(calls.map((s) => s.values)).toEqual([[[1]], [[2]], [[3]], [[4]], [[5]]]);
          expect(
            events.filter((e) => e.type === 'batchSplit').map((e) => e.type === 'batchSplit' && e.into),
          ).toEqual([
            [3, 2],
            [2, 1],
          ]);
        },
        { handler: limited(2) },
      );
    });

    it('fails alone a single call that is still too large', () => {
      withServer(
        ({ server, scheduler, flush }) => {
          const { client } = clientFor(server, scheduler);
          const small = observe(client.call('echo', ['small']));
          const huge = observe(client.call('echo', ['huge']));
          flush();
          expect(small.values).toEqual([['small']]);
          expect(huge.errors[0]).toBeInstanceOf(XmlRpcTransportError);
          expect(huge.errors[0]).toMatchObject({ status: 413 });
        },
        { handler: limited(10) },
      );
    });

    it('is also recognised from a "request too large" fault', () => {
      withServer(({ server, scheduler, flush }) => {
        let refusals = 0;
        const transport: Transport = (request) =>
          request.body.includes('system.multicall') && refusals++ === 0
            ? new Observable<string>((subscriber) => {
                subscriber.next(encodeFault(-32600, 'request too large: 2 calls'));
                subscriber.complete();
              })
            : server(request);
        const { client, events } = clientFor(transport, scheduler);
        const calls = [1, 2].map((n) => observe(client.call('echo', [n])));
        flush();
        expect(calls.map((s) => s.values)).toEqual([[[1]], [[2]]]);
        expect(events.filter((e) => e.type === 'batchSplit')).toEqual([
          { type: 'batchSplit', at: 0, size: 2, into: [1, 1] },
        ]);
      });
    });
  });

  it("reads a server that returns multicall results bare (supervisord) right by default ('auto')", () => {
    withServer(
      ({ server, scheduler, flush }) => {
        const { client } = clientFor(server, scheduler);
        const pair = observe(client.call('echo', ['a', 'b']));
        const single = observe(client.call('echo', ['only'])); // bare: ["only"], a one-element array
        const sum = observe(client.call('add', [2, 3]));
        flush();
        expect(server.requests).toHaveLength(1);
        expect([pair.values, single.values, sum.values]).toEqual([[['a', 'b']], [['only']], [5]]);
      },
      { handler: bareResults(testHandler) },
    );
  });

  describe('multicall()', () => {
    it('emits every outcome in call order, with the very descriptors given', () => {
      withServer(({ server, scheduler, flush }) => {
        const { client } = clientFor(server, scheduler);
        const calls = [
          { methodName: 'echo', params: ['a'], id: 'first' },
          { methodName: 'fail', params: [], id: 'second' },
        ];
        const seen = observe(client.multicall(calls));
        flush();
        expect(seen.values).toHaveLength(1);
        const [outcomes] = seen.values;
        expect(outcomes?.[0]?.call).toBe(calls[0]);
        expect(outcomes?.[0]).toMatchObject({ ok: true, value: ['a'] });
        expect(outcomes?.[1]?.call).toBe(calls[1]);
        expect(outcomes?.[1]).toMatchObject({ ok: false });
        expect(seen.completed).toBe(true);
      });
    });

    it('keeps call order through a fallback to single calls', () => {
      withServer(
        ({ server, scheduler, flush }) => {
          const { client } = clientFor(server, scheduler);
          const calls = [3, 1, 2].map((n) => ({ methodName: 'echo', params: [n] }));
          const seen = observe(client.multicall(calls));
          flush();
          expect(seen.values[0]?.map((o) => o.ok && o.value)).toEqual([[3], [1], [2]]);
        },
        {
          handler: withoutMulticall(),
          // The refused multicall at once; then the call of 3 answers last, as slowest.
          latencyMs: (request) => {
            const { methodName, params } = decodeMethodCall(request.body);
            return methodName === 'system.multicall' ? 0 : 10 - Number(params[0]);
          },
        },
      );
    });

    it('answers an empty list at once without a request', () => {
      withServer(({ server, scheduler, flush }) => {
        const { client } = clientFor(server, scheduler);
        const seen = observe(client.multicall([]));
        flush();
        expect(seen.values).toEqual([[]]);
        expect(server.requests).toHaveLength(0);
      });
    });
  });

  it('refuses bad options when created', () => {
    const transport: Transport = () => throwError(() => new Error('unused'));
    expect(() => createXmlRpcClient({ transport, concurrency: 0 })).toThrow(
      '`concurrency` must be a positive integer or Infinity, but got 0',
    );
    expect(() => createXmlRpcClient({ transport, fallback: 'sometimes' as 'auto' })).toThrow(RangeError);
    expect(() => createXmlRpcClient({ transport, batch: { maxBatchSize: -1 } })).toThrow(RangeError);
  });

  it('property: every subscriber that stays gets exactly its own answer, once; cancelled calls never reach the wire', () => {
    const plan = fc.array(
      fc.record({
        subscribeAt: fc.integer({ min: 0, max: 20 }),
        unsubscribeAfter: fc.option(fc.integer({ min: 0, max: 30 }), { nil: undefined }),
        fault: fc.boolean(),
      }),
      { minLength: 1, maxLength: 25 },
    );
    const config = fc.record({
      maxBatchSize: fc.integer({ min: 1, max: 6 }),
      maxWaitMs: fc.integer({ min: 0, max: 4 }),
      latency: fc.integer({ min: 0, max: 8 }),
      concurrency: fc.integer({ min: 1, max: 3 }),
      // With a listener, a request's outcomes come as one array; without, unsent ones come first.
      listening: fc.boolean(),
    });
    fc.assert(
      fc.property(plan, config, (calls, { maxBatchSize, maxWaitMs, latency, concurrency, listening }) => {
        withServer(
          ({ server, scheduler, flush }) => {
            const sentAt = new Map<string, number>();
            const transport: Transport = (request) => {
              for (const token of request.body.match(/token-\d+/g) ?? []) sentAt.set(token, scheduler.now());
              return server(request);
            };
            const { client } = clientFor(transport, scheduler, {
              concurrency,
              batch: { maxBatchSize, maxWaitMs },
              ...(listening ? {} : { onEvent: undefined }),
            });
            const seen = calls.map(() => ({
              values: [] as unknown[],
              errors: [] as unknown[],
              cancelledAt: undefined as number | undefined,
            }));
            calls.forEach((plan, i) => {
              scheduler.schedule(() => {
                const token = `token-${i}`;
                const sub = client.call(plan.fault ? 'fail' : 'echo', [token]).subscribe({
                  next: (value) => seen[i]!.values.push(value),
                  error: (error: unknown) => seen[i]!.errors.push(error),
                });
                if (plan.unsubscribeAfter !== undefined) {
                  scheduler.schedule(() => {
                    if (!sub.closed) seen[i]!.cancelledAt = scheduler.now();
                    sub.unsubscribe();
                  }, plan.unsubscribeAfter);
                }
              }, plan.subscribeAt);
            });
            flush();
            calls.forEach((plan, i) => {
              const token = `token-${i}`;
              const { values, errors, cancelledAt } = seen[i]!;
              if (cancelledAt !== undefined) {
                // Cancelled: it reached the wire only if it had been sent before it was cancelled.
                const sent = sentAt.get(token);
                if (sent !== undefined) expect(sent).toBeLessThanOrEqual(cancelledAt);
                return;
              }
              if (plan.fault) {
                expect(values).toEqual([]);
                expect(errors).toHaveLength(1);
                expect((errors[0] as XmlRpcFault).faultString).toContain(`"${token}"`);
              } else {
                expect(errors).toEqual([]);
                expect(values).toEqual([[token]]);
              }
            });
          },
          { latencyMs: latency },
        );
      }),
      { numRuns: 150 },
    );
  });
});
