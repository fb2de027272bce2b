import { concat, defer, EMPTY, merge, type Observable, of, Subject } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { XmlRpcError } from '../../src/codec/XmlRpcError.js';
import { XmlRpcFault } from '../../src/codec/XmlRpcFault.js';
import type { XmlRpcParam, XmlRpcValue } from '../../src/codec/XmlRpcValue.js';
import type { CallOutcome, XmlRpcCall } from '../../src/multicall/XmlRpcCall.js';
import { batchCalls } from '../../src/operators/batchCalls.js';
import { dispatchMulticall } from '../../src/operators/dispatchMulticall.js';
import { splitOutcomes } from '../../src/operators/splitOutcomes.js';
import { memoryTransport } from '../../src/testing/index.js';
import { receivedCalls, testHandler } from '../helpers/testHandler.js';

const echo = (...params: XmlRpcParam[]): XmlRpcCall => ({ methodName: 'echo', params });
const ok = (call: XmlRpcCall, value: XmlRpcValue): CallOutcome => ({ call, ok: true, value });

/** What one observer saw. */
interface Seen {
  values: XmlRpcValue[];
  error?: unknown;
  completed: boolean;
}

function watch(observable: Observable<XmlRpcValue>): Seen & { unsubscribe(): void } {
  const seen: Seen = { values: [], completed: false };
  const subscription = observable.subscribe({
    next: (value) => seen.values.push(value),
    error: (error: unknown) => {
      seen.error = error;
    },
    complete: () => {
      seen.completed = true;
    },
  });
  return Object.assign(seen, { unsubscribe: () => subscription.unsubscribe() });
}

describe('splitOutcomes', () => {
  it('routes each outcome to the observer of that very call object', () => {
    const outcomes = new Subject<CallOutcome>();
    const router = splitOutcomes(outcomes);
    const [a, twin] = [echo(1), echo(1)]; // equal content, distinct descriptors
    const seenA = watch(router.outcomeFor(a));
    const seenTwin = watch(router.outcomeFor(twin));
    outcomes.next(ok(twin, 'for twin'));
    expect(seenTwin).toMatchObject({ values: ['for twin'], completed: true });
    expect(seenA).toMatchObject({ values: [], completed: false });
    outcomes.next(ok(a, 'for a'));
    expect(seenA).toMatchObject({ values: ['for a'], completed: true });
  });

  it('emits each value when its outcome arrives, then completes (marbles)', () => {
    const testScheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
    const [a, b] = [echo('a'), echo('b')];
    testScheduler.run(({ hot, expectObservable }) => {
      const outcomes = hot(' ------A--B--', { A: ok(a, 1), B: ok(b, 2) });
      const router = splitOutcomes(outcomes);
      expectObservable(router.outcomeFor(a)).toBe('------(x|)', { x: 1 });
      expectObservable(router.outcomeFor(b)).toBe('---------(y|)', { y: 2 });
      expectObservable(outcomes.pipe()).toBe('------A--B--', { A: ok(a, 1), B: ok(b, 2) });
    });
  });

  it("errors the observer with the call's own error", () => {
    const outcomes = new Subject<CallOutcome>();
    const router = splitOutcomes(outcomes);
    const a = echo();
    const fault = new XmlRpcFault(4, 'nope');
    const seen = watch(router.outcomeFor(a));
    outcomes.next({ call: a, ok: false, error: fault });
    expect(seen.error).toBe(fault);
    expect(seen.values).toEqual([]);
  });

  it('serves a descriptor submitted twice first come, first served: one outcome each', () => {
    const outcomes = new Subject<CallOutcome>();
    const router = splitOutcomes(outcomes);
    const a = echo();
    const first = watch(router.outcomeFor(a));
    const second = watch(router.outcomeFor(a));
    outcomes.next(ok(a, 1));
    expect(first.values).toEqual([1]);
    expect(second.values).toEqual([]);
    outcomes.next(ok(a, 2));
    expect(second.values).toEqual([2]);
  });

  it('drops an outcome nobody waits for', () => {
    const outcomes = new Subject<CallOutcome>();
    const router = splitOutcomes(outcomes);
    const [a, stranger] = [echo(), echo()];
    const seen = watch(router.outcomeFor(a));
    expect(() => outcomes.next(ok(stranger, 'lost'))).not.toThrow();
    expect(seen.values).toEqual([]);
    expect(router.waiting).toBe(1);
  });

  describe('subscription to the outcome stream', () => {
    it('subscribes only while someone waits, and forgets each observer once served', () => {
      const outcomes = new Subject<CallOutcome>();
      const router = splitOutcomes(outcomes);
      const [a, b] = [echo(), echo()];
      expect(outcomes.observed).toBe(false);
      watch(router.outcomeFor(a));
      watch(router.outcomeFor(b));
      expect(outcomes.observed).toBe(true);
      expect(router.waiting).toBe(2);
      outcomes.next(ok(a, 1));
      expect(router.waiting).toBe(1);
      expect(outcomes.observed).toBe(true);
      outcomes.next({ call: b, ok: false, error: new XmlRpcError('x') });
      expect(router.waiting).toBe(0);
      expect(outcomes.observed).toBe(false);
    });

    it('stops waiting when an observer unsubscribes, and disconnects when nobody is left', () => {
      const outcomes = new Subject<CallOutcome>();
      const router = splitOutcomes(outcomes);
      const [a, b] = [echo(), echo()];
      const seenA = watch(router.outcomeFor(a));
      const seenB = watch(router.outcomeFor(b));
      seenA.unsubscribe();
      expect(router.waiting).toBe(1);
      outcomes.next(ok(a, 'too late'));
      expect(seenA.values).toEqual([]);
      seenB.unsubscribe();
      expect(router.waiting).toBe(0);
      expect(outcomes.observed).toBe(false);
    });

    it('aborts the request in flight when its only caller gives up', () => {
      const testScheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
      const transport = memoryTransport(testHandler, { latencyMs: 10, scheduler: testScheduler });
      const calls = new Subject<XmlRpcCall>();
      const router = splitOutcomes(
        calls.pipe(batchCalls({ scheduler: testScheduler }), dispatchMulticall(transport)),
      );
      const a = echo(1);
      let inFlightBefore = -1;
      testScheduler.run(() => {
        const seen = watch(router.outcomeFor(a));
        calls.next(a);
        testScheduler.schedule(() => {
          inFlightBefore = transport.inFlight; // the batch went out at 0; its answer is due at 10
          seen.unsubscribe();
        }, 5);
      });
      expect(inFlightBefore).toBe(1);
      expect(transport.aborted).toBe(1);
      expect(transport.inFlight).toBe(0);
      expect(calls.observed).toBe(false);
    });

    it('handles an outcome delivered while it subscribes, without keeping the connection', () => {
      const a = echo();
      let subscriptions = 0;
      const outcomes = defer(() => {
        subscriptions++;
        return merge(of(ok(a, 'at once')), new Subject<CallOutcome>());
      });
      const router = splitOutcomes(outcomes);
      const seen = watch(router.outcomeFor(a));
      expect(seen).toMatchObject({ values: ['at once'], completed: true });
      expect(router.waiting).toBe(0);
      watch(router.outcomeFor(a));
      expect(subscriptions).toBe(2); // the first connection was closed, so this one is new
    });

    it('stops reading a synchronous source once its last observer was served; the next observer connects anew', () => {
      const [a, b, c] = [echo('a'), echo('b'), echo('c')];
      const later = new Subject<CallOutcome>();
      let subscriptions = 0;
      let seenB: Seen | undefined;
      let readPastB = false;
      const router = splitOutcomes<XmlRpcCall>(
        defer(() => {
          subscriptions++;
          if (subscriptions > 1) return later;
          // All synchronous: b starts waiting, a and b are answered, after which nobody is left, so
          // this connection closes and the source is not read any further.
          return concat(
            defer(() => {
              seenB = watch(router.outcomeFor(b));
              return of(ok(a, 1), ok(b, 2));
            }),
            defer(() => {
              readPastB = true;
              return of(ok(c, 'stale'));
            }),
          );
        }),
      );
      const seenA = watch(router.outcomeFor(a));
      expect(seenA.values).toEqual([1]);
      expect(seenB?.values).toEqual([2]);
      expect(readPastB).toBe(false);
      expect(router.waiting).toBe(0);
      const seenC = watch(router.outcomeFor(c));
      later.next(ok(c, 3));
      expect(seenC.values).toEqual([3]);
      expect(subscriptions).toBe(2);
      expect(later.observed).toBe(false);
    });

    it('gives every waiting observer the error of the outcome stream, then reconnects for the next', () => {
      let outcomes = new Subject<CallOutcome>();
      const router = splitOutcomes(
        defer(() => {
          outcomes = new Subject<CallOutcome>();
          return outcomes;
        }),
      );
      const [a, b] = [echo(), echo()];
      const seenA = watch(router.outcomeFor(a));
      const seenB = watch(router.outcomeFor(b));
      const failure = new Error('pipeline broke');
      outcomes.error(failure);
      expect(seenA.error).toBe(failure);
      expect(seenB.error).toBe(failure);
      expect(router.waiting).toBe(0);
      const seenAgain = watch(router.outcomeFor(a));
      outcomes.next(ok(a, 'fine'));
      expect(seenAgain.values).toEqual(['fine']);
    });

    it('errors the observers still waiting when the outcome stream completes', () => {
      const outcomes = new Subject<CallOutcome>();
      const router = splitOutcomes(outcomes);
      const a = echo();
      const seen = watch(router.outcomeFor(a));
      outcomes.complete();
      expect(seen.error).toBeInstanceOf(XmlRpcError);
      expect((seen.error as Error).message).toBe(
        'echo: the outcome stream completed before this call got its outcome',
      );
      expect(router.waiting).toBe(0);
    });

    it('subscribes to the outcome stream again after it ended', () => {
      let subscriptions = 0;
      const a = echo();
      const router = splitOutcomes(
        defer(() => {
          subscriptions++;
          return EMPTY;
        }),
      );
      watch(router.outcomeFor(a));
      watch(router.outcomeFor(a));
      expect(subscriptions).toBe(2);
    });
  });

  describe('reentrancy', () => {
    it('lets an observer wait for another call from inside its own delivery', () => {
      const outcomes = new Subject<CallOutcome>();
      const router = splitOutcomes(outcomes);
      const [a, b] = [echo(), echo()];
      let seenB: Seen | undefined;
      router.outcomeFor(a).subscribe(() => {
        seenB = watch(router.outcomeFor(b));
      });
      outcomes.next(ok(a, 1));
      expect(outcomes.observed).toBe(true);
      outcomes.next(ok(b, 2));
      expect(seenB?.values).toEqual([2]);
      expect(outcomes.observed).toBe(false);
    });
  });

  describe('with batchCalls and dispatchMulticall', () => {
    it('sends the calls of one tick in one request and hands each caller its own result', () => {
      const testScheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
      const transport = memoryTransport(testHandler, { latencyMs: 3, scheduler: testScheduler });
      const calls = new Subject<XmlRpcCall>();
      const router = splitOutcomes(
        calls.pipe(batchCalls({ scheduler: testScheduler }), dispatchMulticall(transport)),
      );
      // A cold call, as a client would build it: wait first, then submit.
      const call = (descriptor: XmlRpcCall) =>
        defer(() =>
          merge(
            router.outcomeFor(descriptor),
            defer(() => {
              calls.next(descriptor);
              return EMPTY;
            }),
          ),
        );
      testScheduler.run(({ expectObservable }) => {
        expectObservable(call({ methodName: 'add', params: [1, 2] })).toBe('---(a|)', { a: 3 });
        expectObservable(call(echo('x'))).toBe('---(b|)', { b: ['x'] });
        expectObservable(call({ methodName: 'fail', params: [] })).toBe(
          '---#',
          undefined,
          expect.objectContaining({ faultCode: 4, index: 2, batchSize: 3 }),
        );
      });
      expect(receivedCalls(transport).map((request) => request.methodName)).toEqual(['system.multicall']);
      expect(router.waiting).toBe(0);
      expect(calls.observed).toBe(false);
    });
  });
});
