import { map, mergeMap, type Observable, of, range, take, tap } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { createXmlRpcClient } from '../../src/client/createXmlRpcClient.js';
import type { CallOutcome, XmlRpcCall } from '../../src/multicall/XmlRpcCall.js';
import { batchCalls } from '../../src/operators/batchCalls.js';
import { dispatchMulticall } from '../../src/operators/dispatchMulticall.js';
import { poll, pollOn } from '../../src/operators/poll.js';
import { splitOutcomes } from '../../src/operators/splitOutcomes.js';
import { memoryTransport } from '../../src/testing/index.js';
import { testHandler } from '../helpers/testHandler.js';
import { TrackingScheduler } from '../helpers/trackingScheduler.js';

/*
 * A synchronous source (`range`, `from(array)`, a replayed stream) is read no further than the chain
 * downstream wants: once it unsubscribes (here `take`), the source stops being read at once, as it does
 * through RxJS's own operators (`range(0, 1e5).pipe(bufferCount(1), take(1))` reads 1 value). Each case
 * counts the values the source produced.
 */

const MANY = 100_000;

/** `range(0, MANY)` counting the values it produced. */
function countedRange(): { source: Observable<number>; read: () => number } {
  let read = 0;
  return { source: range(0, MANY).pipe(tap(() => read++)), read: () => read };
}

const echo = (n: number): XmlRpcCall => ({ methodName: 'echo', params: [n] });

describe('a synchronous source followed by take()', () => {
  it('batchCalls reads only the calls of the batches taken', () => {
    const one = countedRange();
    one.source.pipe(map(echo), batchCalls({ maxBatchSize: 1 }), take(1)).subscribe();
    expect(one.read()).toBe(1);

    const two = countedRange();
    const batches: XmlRpcCall[][] = [];
    two.source
      .pipe(map(echo), batchCalls({ maxBatchSize: 3 }), take(2))
      .subscribe((batch) => batches.push(batch));
    expect(two.read()).toBe(6);
    expect(batches.map((batch) => batch.map((call) => call.params[0]))).toEqual([
      [0, 1, 2],
      [3, 4, 5],
    ]);
  });

  it('dispatchMulticall reads one batch and sends one request for one outcome', () => {
    const transport = memoryTransport(testHandler);
    const { source, read } = countedRange();
    const outcomes: CallOutcome[] = [];
    source
      .pipe(
        map((n) => [echo(n)]),
        dispatchMulticall(transport),
        take(1),
      )
      .subscribe((outcome) => outcomes.push(outcome));
    expect(read()).toBe(1);
    expect(transport.requests).toHaveLength(1);
    expect(outcomes).toEqual([{ call: expect.objectContaining({ params: [0] }), ok: true, value: [0] }]);
  });

  it('dispatchMulticall sends no request when the outcome taken is that of a call it could not send', () => {
    const transport = memoryTransport(testHandler);
    const outcomes: CallOutcome[] = [];
    of([echo(Number.NaN), echo(1)])
      .pipe(dispatchMulticall(transport), take(1))
      .subscribe((outcome) => outcomes.push(outcome));
    expect(outcomes.map((outcome) => outcome.ok)).toEqual([false]);
    expect(transport.requests).toHaveLength(0);
    expect(transport.aborted).toBe(0);
  });

  it('splitOutcomes stops reading the outcome stream once nobody waits', () => {
    const { source, read } = countedRange();
    const calls = [echo(0), echo(1)];
    const router = splitOutcomes(
      source.pipe(map((n): CallOutcome => ({ call: calls[n % 2]!, ok: true, value: n }))),
    );
    const values: unknown[] = [];
    router.outcomeFor(calls[0]!).subscribe((value) => values.push(value));
    expect(values).toEqual([0]);
    expect(read()).toBe(1);
    expect(router.waiting).toBe(0);
  });

  it('pollOn reads one trigger for the one round taken', () => {
    const transport = memoryTransport(testHandler);
    const client = createXmlRpcClient({ transport });
    const { source, read } = countedRange();
    const rounds: CallOutcome[][] = [];
    source.pipe(pollOn(client, [echo(1), echo(2)]), take(1)).subscribe((round) => rounds.push(round));
    expect(read()).toBe(1);
    expect(rounds).toHaveLength(1);
    expect(transport.requests).toHaveLength(1);
  });

  it('poll sends one round and leaves nothing scheduled', () => {
    const scheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
    scheduler.run(() => {
      const tracking = new TrackingScheduler(scheduler);
      const transport = memoryTransport(testHandler);
      const client = createXmlRpcClient({ transport, scheduler: tracking });
      const rounds: CallOutcome[][] = [];
      poll(client, [echo(1), echo(2)], { everyMs: 10, scheduler: tracking })
        .pipe(take(1))
        .subscribe((round) => rounds.push(round));
      scheduler.flush();
      expect(rounds).toHaveLength(1);
      expect(transport.requests).toHaveLength(1);
      expect(tracking.pending).toBe(0);
    });
  });

  describe("the client's queue", () => {
    it.each([
      [1, 'one call'],
      [10, 'the calls of the first full batch'],
    ])(
      'reads no more than one batch (maxBatchSize %i: %s), and sends one request, for the one answer taken',
      (maxBatchSize) => {
        const transport = memoryTransport(testHandler);
        const client = createXmlRpcClient({ transport, batch: { maxBatchSize } });
        const { source, read } = countedRange();
        const values: unknown[] = [];
        source
          .pipe(
            mergeMap((n) => client.call('echo', [n])),
            take(1),
          )
          .subscribe((value) => values.push(value));
        expect(values).toEqual([[0]]);
        expect(read()).toBe(maxBatchSize);
        expect(transport.requests).toHaveLength(1);
      },
    );

    it('multicall() sends one request for the one round taken from a synchronous trigger', () => {
      const transport = memoryTransport(testHandler);
      const client = createXmlRpcClient({ transport });
      const { source, read } = countedRange();
      source
        .pipe(
          mergeMap(() => client.multicall([echo(1), echo(2)])),
          take(1),
        )
        .subscribe();
      expect(read()).toBe(1);
      expect(transport.requests).toHaveLength(1);
    });
  });
});
