import fc from 'fast-check';
import { Observable } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import type { ClientEvent } from '../../src/client/ClientEvent.js';
import { createXmlRpcClient, type XmlRpcClientOptions } from '../../src/client/createXmlRpcClient.js';
import { decodeMethodCall } from '../../src/codec/decodeMethodCall.js';
import { encodeFault } from '../../src/codec/encodeMethodResponse.js';
import { XmlRpcFault } from '../../src/codec/XmlRpcFault.js';
import { createXmlRpcHandler } from '../../src/server/createXmlRpcHandler.js';
import type { XmlRpcHandlerOptions } from '../../src/server/handlerOptions.js';
import { memoryTransport } from '../../src/testing/memoryTransport.js';
import type { Transport } from '../../src/transport/Transport.js';
import { XmlRpcTransportError } from '../../src/transport/XmlRpcTransportError.js';

/*
 * `concurrency` bounds every request the client sends: batches, explicit multicall() requests,
 * `{ batch: false }` calls, and the single calls and halves of a fallback, split or retry. And the
 * first multicall to an endpoint is a probe: later multicalls wait for its answer, so a server without
 * system.multicall refuses one request and one `fallback` event is emitted.
 */

/** What the endpoint does with a system.multicall request. */
type ServerKind = 'multicall' | 'noMulticall' | 'twoPerMulticall' | 'pythonOverflow';

const OVERFLOW_FAULT = "<class 'OverflowError'>:int exceeds XML-RPC limits";

/** `echo` answers its params; `overflow` is a result Python cannot marshal, which faults a whole multicall. */
const methods = {
  echo: (...params: unknown[]) => params,
  overflow: () => {
    throw new XmlRpcFault(1, OVERFLOW_FAULT);
  },
};

/** A server in memory, behind a transport that records how many requests are in flight. */
function endpoint(scheduler: TestScheduler, kind: ServerKind, latencyMs = 10) {
  const options: XmlRpcHandlerOptions = {
    multicall: kind !== 'noMulticall',
    ...(kind === 'twoPerMulticall' ? { maxMulticallEntries: 2 } : {}),
  };
  const handler = createXmlRpcHandler(methods, options);
  const python = (body: string) => {
    // Python runs every call, then fails to marshal the whole response.
    const request = decodeMethodCall(body);
    const entries =
      request.methodName === 'system.multicall' ? (request.params[0] as { methodName: string }[]) : [];
    if (entries.some((entry) => entry.methodName === 'overflow')) return encodeFault(1, OVERFLOW_FAULT);
    return handler.observe(body); // in virtual time, as memoryTransport uses it
  };
  const memory = memoryTransport(kind === 'pythonOverflow' ? python : handler, { latencyMs, scheduler });
  const stats = { inFlight: 0, peak: 0 };
  const transport: Transport = (request) =>
    new Observable<string>((subscriber) => {
      let open = true;
      const close = () => {
        if (open) stats.inFlight--;
        open = false;
      };
      stats.inFlight++;
      stats.peak = Math.max(stats.peak, stats.inFlight);
      const subscription = memory(request).subscribe({
        next: (body) => {
          close();
          subscriber.next(body);
        },
        error: (error: unknown) => {
          close();
          subscriber.error(error);
        },
        complete: () => subscriber.complete(),
      });
      return () => {
        subscription.unsubscribe();
        close();
      };
    });
  const methodsSent = () => memory.requests.map((request) => decodeMethodCall(request.body).methodName);
  return { transport, stats, methodsSent, memory };
}

function run(body: (scheduler: TestScheduler) => void): void {
  const scheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
  scheduler.run(() => body(scheduler));
}

function clientOf(
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
  return {
    client,
    events,
    count: (type: ClientEvent['type']) => events.filter((e) => e.type === type).length,
  };
}

/** Subscribes `n` echo calls now; returns what each got. */
function echoes(client: ReturnType<typeof createXmlRpcClient>, n: number, tag = 'c', batch = true) {
  return Array.from({ length: n }, (_, i) => {
    const seen: { values: unknown[]; errors: unknown[] } = { values: [], errors: [] };
    client.call('echo', [`${tag}${i}`], { batch }).subscribe({
      next: (value) => seen.values.push(value),
      error: (error: unknown) => seen.errors.push(error),
    });
    return seen;
  });
}

describe('concurrency bounds every request the client sends', () => {
  it('against a server without system.multicall: one refusal, one fallback event, never more in flight', () => {
    run((scheduler) => {
      const server = endpoint(scheduler, 'noMulticall');
      const { client, count } = clientOf(server.transport, scheduler, {
        concurrency: 4,
        batch: { maxBatchSize: 5 },
      });
      const seen = echoes(client, 40); // 8 batches in one tick
      scheduler.flush();
      expect(seen.map((s) => s.values)).toEqual(seen.map((_, i) => [[`c${i}`]]));
      expect(server.stats.peak).toBe(4);
      expect(server.methodsSent().filter((name) => name === 'system.multicall')).toHaveLength(1);
      expect(server.memory.requests).toHaveLength(1 + 40);
      expect(count('fallback')).toBe(1);
    });
  });

  it('holds later multicalls while the first one to the endpoint is unanswered, then sends them together', () => {
    run((scheduler) => {
      const server = endpoint(scheduler, 'multicall');
      const sentAt: number[] = [];
      const counting: Transport = (request) => {
        sentAt.push(scheduler.now());
        return server.transport(request);
      };
      const { client } = clientOf(counting, scheduler, { concurrency: 4, batch: { maxBatchSize: 2 } });
      echoes(client, 6); // 3 multicalls
      scheduler.flush();
      expect(sentAt).toEqual([0, 10, 10]);
      // Once answered, the endpoint is known: the next batches go out at once.
      sentAt.length = 0;
      scheduler.schedule(() => echoes(client, 6, 'd'), 0);
      scheduler.flush();
      expect(sentAt).toEqual([20, 20, 20]);
    });
  });

  it('lets the next held batch probe when the probe tells nothing (a transport error)', () => {
    run((scheduler) => {
      const server = endpoint(scheduler, 'noMulticall');
      let failures = 1;
      const flaky: Transport = (request) =>
        failures-- > 0
          ? new Observable((s) => s.error(new XmlRpcTransportError('reset')))
          : server.transport(request);
      const { client, count } = clientOf(flaky, scheduler, { concurrency: 4, batch: { maxBatchSize: 2 } });
      const seen = echoes(client, 6);
      scheduler.flush();
      expect(seen.map((s) => s.errors.length)).toEqual([1, 1, 0, 0, 0, 0]); // the first batch failed with it
      expect(seen.slice(2).map((s) => s.values)).toEqual([[['c2']], [['c3']], [['c4']], [['c5']]]);
      expect(server.methodsSent().filter((name) => name === 'system.multicall')).toHaveLength(1);
      expect(count('fallback')).toBe(1);
    });
  });

  it('never sends a held batch whose calls were all cancelled, and reports them unsent', () => {
    run((scheduler) => {
      const server = endpoint(scheduler, 'multicall');
      const { client, events } = clientOf(server.transport, scheduler, { batch: { maxBatchSize: 2 } });
      echoes(client, 2, 'probe');
      const held = ['h0', 'h1'].map((x) => client.call('echo', [x]).subscribe());
      scheduler.schedule(() => {
        for (const subscription of held) subscription.unsubscribe();
      }, 5);
      scheduler.flush();
      expect(server.memory.requests).toHaveLength(1);
      expect(events.filter((e) => e.type === 'callCancelled')).toEqual([
        { type: 'callCancelled', at: 5, methodName: 'echo', sent: false },
        { type: 'callCancelled', at: 5, methodName: 'echo', sent: false },
      ]);
      expect(events.some((e) => e.type === 'batchAborted')).toBe(false);
    });
  });

  it('lets a held batch probe when the probe is aborted', () => {
    run((scheduler) => {
      const server = endpoint(scheduler, 'multicall');
      const { client } = clientOf(server.transport, scheduler, { batch: { maxBatchSize: 2 } });
      const probe = ['p0', 'p1'].map((x) => client.call('echo', [x]).subscribe());
      const held = echoes(client, 2, 'h');
      scheduler.schedule(() => {
        for (const subscription of probe) subscription.unsubscribe();
      }, 5);
      scheduler.flush();
      expect(server.memory.aborted).toBe(1);
      expect(held.map((s) => s.values)).toEqual([[['h0']], [['h1']]]);
      expect(server.stats.peak).toBe(1);
    });
  });

  it('counts { batch: false } calls and explicit multicall() requests against the bound', () => {
    run((scheduler) => {
      const server = endpoint(scheduler, 'multicall');
      const { client } = clientOf(server.transport, scheduler, {
        concurrency: 2,
        batch: { maxBatchSize: 2 },
      });
      const batched = echoes(client, 4, 'b');
      const alone = echoes(client, 3, 'a', false);
      const rounds: unknown[] = [];
      for (const i of [0, 1]) {
        client
          .multicall([
            { methodName: 'echo', params: [`m${i}`] },
            { methodName: 'echo', params: [`n${i}`] },
          ])
          .subscribe((outcomes) => rounds.push(outcomes.map((o) => o.ok && o.value)));
      }
      scheduler.flush();
      expect(server.stats.peak).toBe(2);
      expect(server.memory.requests).toHaveLength(2 + 3 + 2);
      expect([...batched, ...alone].map((s) => s.values.length)).toEqual([1, 1, 1, 1, 1, 1, 1]);
      expect(rounds).toEqual([
        [['m0'], ['n0']],
        [['m1'], ['n1']],
      ]);
    });
  });

  it("splits a batch the server refuses for its length (serveXmlRpc's maxMulticallEntries), within the bound", () => {
    run((scheduler) => {
      const server = endpoint(scheduler, 'twoPerMulticall');
      const { client, events } = clientOf(server.transport, scheduler, { concurrency: 2 });
      const seen = echoes(client, 8);
      scheduler.flush();
      expect(seen.map((s) => s.values)).toEqual(seen.map((_, i) => [[`c${i}`]]));
      expect(
        events.filter((e) => e.type === 'batchSplit').map((e) => e.type === 'batchSplit' && e.into),
      ).toEqual([
        [4, 4],
        [2, 2],
        [2, 2],
      ]);
      expect(server.stats.peak).toBe(2);
    });
  });

  it('property: in any mode, never more than `concurrency` requests in flight, one fallback at most, every call its own answer once', () => {
    const scenario = fc.record({
      kind: fc.constantFrom<ServerKind>('multicall', 'noMulticall', 'twoPerMulticall', 'pythonOverflow'),
      concurrency: fc.integer({ min: 1, max: 3 }),
      maxBatchSize: fc.integer({ min: 1, max: 5 }),
      latencyMs: fc.integer({ min: 1, max: 6 }),
      calls: fc.array(
        fc.record({
          how: fc.constantFrom('batched', 'batched', 'alone', 'multicall'),
          at: fc.integer({ min: 0, max: 12 }),
          overflow: fc.boolean(),
        }),
        { minLength: 1, maxLength: 20 },
      ),
    });
    fc.assert(
      fc.property(scenario, ({ kind, concurrency, maxBatchSize, latencyMs, calls }) => {
        run((scheduler) => {
          const server = endpoint(scheduler, kind, latencyMs);
          const { client, count } = clientOf(server.transport, scheduler, {
            concurrency,
            batch: { maxBatchSize },
          });
          const answers: unknown[][] = calls.map(() => []);
          calls.forEach((plan, i) => {
            const methodName = plan.overflow ? 'overflow' : 'echo';
            scheduler.schedule(() => {
              const record = {
                next: (value: unknown) => answers[i]!.push(value),
                error: (error: unknown) => answers[i]!.push(error),
              };
              if (plan.how === 'multicall') {
                client
                  .multicall([{ methodName, params: [`t${i}`] }])
                  .subscribe((outcomes) =>
                    answers[i]!.push(outcomes[0]!.ok ? outcomes[0]!.value : outcomes[0]!.error),
                  );
              } else {
                client.call(methodName, [`t${i}`], { batch: plan.how === 'batched' }).subscribe(record);
              }
            }, plan.at);
          });
          scheduler.flush();
          expect(server.stats.peak).toBeLessThanOrEqual(concurrency);
          expect(count('fallback')).toBeLessThanOrEqual(1);
          calls.forEach((plan, i) => {
            expect(answers[i]).toHaveLength(1);
            if (plan.overflow) {
              // Failed alone, with its own fault (a multicall that carried it was retried one by one).
              expect(answers[i]![0]).toMatchObject({ faultCode: 1, batchLevel: undefined });
            } else {
              expect(answers[i]).toEqual([[`t${i}`]]);
            }
          });
        });
      }),
      { numRuns: 200 },
    );
  });
});

describe('cancelling', () => {
  it('sends none of the waiting single calls of a fallback when their multicall() is unsubscribed', () => {
    run((scheduler) => {
      const server = endpoint(scheduler, 'noMulticall');
      const { client } = clientOf(server.transport, scheduler, { concurrency: 2 });
      const calls = Array.from({ length: 6 }, (_, i) => ({ methodName: 'echo', params: [i] }));
      const subscription = client.multicall(calls).subscribe();
      scheduler.schedule(() => subscription.unsubscribe(), 15); // 2 singles in flight, 4 waiting
      scheduler.flush();
      expect(server.methodsSent()).toEqual(['system.multicall', 'echo', 'echo']);
      expect(server.memory.aborted).toBe(2);
    });
  });

  it('sends no held batch when the probe and the batch held behind it are unsubscribed together', () => {
    run((scheduler) => {
      const server = endpoint(scheduler, 'multicall');
      // A split sends the two halves as a probe and a held batch of the same multicall().
      const calls = Array.from({ length: 4 }, (_, i) => ({ methodName: 'echo', params: [i] }));
      let refused = false;
      const refuseOnce: Transport = (request) => {
        if (refused) return server.transport(request);
        refused = true;
        return new Observable((s) => s.error(new XmlRpcTransportError('HTTP 413', { status: 413 })));
      };
      const splitting = clientOf(refuseOnce, scheduler).client;
      const subscription = splitting.multicall(calls).subscribe();
      scheduler.schedule(() => subscription.unsubscribe(), 5);
      scheduler.flush();
      expect(server.memory.requests).toHaveLength(1); // the first half only, aborted
      expect(server.memory.aborted).toBe(1);
    });
  });
});
