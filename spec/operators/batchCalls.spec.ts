import { Subject } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { encodeCallParts, multicallEntry } from '../../src/multicall/encodeMulticall.js';
import type { XmlRpcCall } from '../../src/multicall/XmlRpcCall.js';
import { batchCalls } from '../../src/operators/batchCalls.js';
import { TrackingScheduler } from '../helpers/trackingScheduler.js';

const call = (methodName: string, ...params: XmlRpcCall['params']): XmlRpcCall => ({ methodName, params });
const a = call('a');
const b = call('b');
const c = call('c');
const d = call('d');
const calls = { a, b, c, d };

let testScheduler: TestScheduler;
let tracker: TrackingScheduler;

beforeEach(() => {
  testScheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
  tracker = new TrackingScheduler(testScheduler);
});

describe('batchCalls', () => {
  describe('time window', () => {
    it('batches the calls queued in the same tick when maxWaitMs is 0', () => {
      testScheduler.run(({ cold, expectObservable }) => {
        const source = cold(' -(abc)-d--|', calls);
        const expected = '    -x-----y--|';
        expectObservable(source.pipe(batchCalls({ scheduler: tracker }))).toBe(expected, {
          x: [a, b, c],
          y: [d],
        });
      });
      expect(tracker.scheduled).toBe(2);
    });

    it('closes a batch maxWaitMs after its first call', () => {
      testScheduler.run(({ cold, expectObservable }) => {
        const source = cold(' -a-b---c-----d|', calls);
        //                    a opens 1..5; c opens 7..11; d opens 13, flushed by complete at 14
        const expected = '    -----x-----y--(z|)';
        expectObservable(source.pipe(batchCalls({ maxWaitMs: 4, scheduler: tracker }))).toBe(expected, {
          x: [a, b],
          y: [c],
          z: [d],
        });
      });
    });

    it('defaults to asapScheduler: the calls of one synchronous run make one batch, after it', async () => {
      const source = new Subject<XmlRpcCall>();
      const batches: XmlRpcCall[][] = [];
      source.pipe(batchCalls()).subscribe((batch) => batches.push(batch));
      source.next(a);
      source.next(b);
      expect(batches).toEqual([]);
      await new Promise((resolve) => setTimeout(resolve, 0));
      source.next(c);
      await new Promise((resolve) => setTimeout(resolve, 0));
      expect(batches).toEqual([[a, b], [c]]);
    });
  });

  describe('count limit', () => {
    it('closes a batch as soon as it holds maxBatchSize calls, before the window ends', () => {
      testScheduler.run(({ cold, expectObservable }) => {
        const source = cold(' -a-b-c----------d|', calls);
        //                    [a, b] full at 3; c opens 5..15; d flushed by complete at 17
        const expected = '    ---x-----------y-(z|)';
        expectObservable(
          source.pipe(batchCalls({ maxBatchSize: 2, maxWaitMs: 10, scheduler: tracker })),
        ).toBe(expected, { x: [a, b], y: [c], z: [d] });
      });
    });

    it('splits one tick into full batches and a remainder', () => {
      testScheduler.run(({ cold, expectObservable }) => {
        const source = cold(' -(abc)--|', calls);
        const expected = '    -(xy)---|';
        expectObservable(source.pipe(batchCalls({ maxBatchSize: 2, scheduler: tracker }))).toBe(expected, {
          x: [a, b],
          y: [c],
        });
      });
    });

    it('emits each call alone with maxBatchSize 1, scheduling nothing', () => {
      testScheduler.run(({ cold, expectObservable }) => {
        const source = cold(' -ab-|', calls);
        const expected = '    -xy-|';
        expectObservable(source.pipe(batchCalls({ maxBatchSize: 1, scheduler: tracker }))).toBe(expected, {
          x: [a],
          y: [b],
        });
      });
      expect(tracker.scheduled).toBe(0);
    });
  });

  describe('byte limit', () => {
    // Same-length method names and params: every call below encodes to the same size.
    const sized = (name: string) => call(name, 'x'.repeat(20));
    const [p, q, r] = [sized('p'), sized('q'), sized('r')];
    const size = Buffer.byteLength(multicallEntry(encodeCallParts(p)));
    const big = call('big', 'y'.repeat(size * 4));
    const byteCalls = { p, q, r, B: big };

    it('closes a batch when its encoded calls reach maxBatchBytes', () => {
      testScheduler.run(({ cold, expectObservable }) => {
        const source = cold(' -pqr-|', byteCalls);
        const expected = '    --x--(y|)';
        const config = { maxBatchBytes: 2 * size, maxWaitMs: 10, scheduler: tracker };
        expectObservable(source.pipe(batchCalls(config))).toBe(expected, { x: [p, q], y: [r] });
      });
    });

    it('splits before adding: a call that would go over the limit starts the next batch', () => {
      testScheduler.run(({ cold, expectObservable }) => {
        const source = cold(' -pqr-|', byteCalls);
        const expected = '    --xy-(z|)';
        const config = { maxBatchBytes: 2 * size - 1, maxWaitMs: 10, scheduler: tracker };
        expectObservable(source.pipe(batchCalls(config))).toBe(expected, { x: [p], y: [q], z: [r] });
      });
    });

    it('emits a call larger than maxBatchBytes alone, after the batch it would have overflowed', () => {
      testScheduler.run(({ cold, expectObservable }) => {
        const source = cold(' -pBq---|', byteCalls);
        const expected = '    --(xy)-(z|)';
        const config = { maxBatchBytes: 3 * size, maxWaitMs: 10, scheduler: tracker };
        expectObservable(source.pipe(batchCalls(config))).toBe(expected, { x: [p], y: [big], z: [q] });
      });
    });

    it('counts UTF-8 bytes, not UTF-16 code units', () => {
      const wide = call('p', '€'.repeat(20)); // 3 bytes each, where 'x' took 1
      testScheduler.run(({ cold, expectObservable }) => {
        const source = cold(' -pw-|', { p, w: wide });
        const expected = '    --x-(y|)';
        const config = { maxBatchBytes: 2 * size + 39, maxWaitMs: 10, scheduler: tracker };
        expectObservable(source.pipe(batchCalls(config))).toBe(expected, { x: [p], y: [wide] });
      });
    });

    it('gives a call that cannot be encoded no weight, and still passes it on (for the dispatcher to fail)', () => {
      const broken = call('broken', Number.NaN);
      testScheduler.run(({ cold, expectObservable }) => {
        const source = cold(' -npq-|', { n: broken, p, q });
        const expected = '    ---x-|';
        const config = { maxBatchBytes: 2 * size, maxWaitMs: 10, scheduler: tracker };
        expectObservable(source.pipe(batchCalls(config))).toBe(expected, { x: [broken, p, q] });
      });
    });

    it('emits batches ready together in order, even when the first one feeds a call back in', () => {
      const source = new Subject<XmlRpcCall>();
      const batches: XmlRpcCall[][] = [];
      source.pipe(batchCalls({ maxBatchBytes: 3 * size, scheduler: tracker })).subscribe((batch) => {
        batches.push(batch);
        if (batch[0] === p) source.next(q);
      });
      source.next(p);
      source.next(big);
      source.complete();
      expect(batches).toEqual([[p], [big], [q]]);
    });
  });

  describe('completion and errors', () => {
    it('flushes the calls it holds when the source completes', () => {
      testScheduler.run(({ cold, expectObservable }) => {
        const source = cold(' -a-b|', calls);
        const expected = '    ----(x|)';
        expectObservable(source.pipe(batchCalls({ maxWaitMs: 10, scheduler: tracker }))).toBe(expected, {
          x: [a, b],
        });
      });
      expect(tracker.pending).toBe(0);
    });

    it('emits the calls it holds, then the error', () => {
      testScheduler.run(({ cold, expectObservable }) => {
        const source = cold(' -a-b#', calls, new Error('boom'));
        const expected = '    ----(x#)';
        expectObservable(source.pipe(batchCalls({ maxWaitMs: 10, scheduler: tracker }))).toBe(
          expected,
          { x: [a, b] },
          new Error('boom'),
        );
      });
      expect(tracker.pending).toBe(0);
    });

    it('passes an error on alone when it holds nothing', () => {
      testScheduler.run(({ cold, expectObservable }) => {
        const source = cold(' -a------#', calls);
        const expected = '    ---x----#';
        expectObservable(source.pipe(batchCalls({ maxWaitMs: 2, scheduler: tracker }))).toBe(expected, {
          x: [a],
        });
      });
    });

    it('completes an empty source without a batch', () => {
      testScheduler.run(({ cold, expectObservable }) => {
        expectObservable(cold<XmlRpcCall>('---|').pipe(batchCalls({ scheduler: tracker }))).toBe('---|');
        expectObservable(cold<XmlRpcCall>('#').pipe(batchCalls({ scheduler: tracker }))).toBe('#');
      });
      expect(tracker.scheduled).toBe(0);
    });

    it('never emits an empty batch when the count closes a window, nor when the source completes after', () => {
      testScheduler.run(({ cold, expectObservable }) => {
        const source = cold(' -ab-----|', calls);
        const expected = '    --x-----|';
        expectObservable(source.pipe(batchCalls({ maxBatchSize: 2, maxWaitMs: 3, scheduler: tracker }))).toBe(
          expected,
          { x: [a, b] },
        );
      });
      expect(tracker.scheduled).toBe(1);
      expect(tracker.pending).toBe(0);
    });

    it('emits the last batch of a never-ending source, then waits', () => {
      testScheduler.run(({ cold, expectObservable }) => {
        expectObservable(cold('-a-', calls).pipe(batchCalls({ maxWaitMs: 2, scheduler: tracker }))).toBe(
          '---x-',
          {
            x: [a],
          },
        );
      });
      expect(tracker.pending).toBe(0);
    });
  });

  describe('timers', () => {
    it('keeps no timer running while no call is waiting', () => {
      const samples: Array<[number, number]> = [];
      testScheduler.run(({ cold, expectObservable }) => {
        const source = cold(' -a-----------b-|', calls);
        const expected = '    ----x----------(y|)';
        expectObservable(source.pipe(batchCalls({ maxWaitMs: 3, scheduler: tracker }))).toBe(expected, {
          x: [a],
          y: [b],
        });
        for (const frame of [0, 2, 8, 14, 20]) {
          testScheduler.schedule(() => samples.push([frame, tracker.pending]), frame);
        }
      });
      // One window per batch, opened by its first call; none while idle, none after completion.
      expect(samples).toEqual([
        [0, 0],
        [2, 1],
        [8, 0],
        [14, 1],
        [20, 0],
      ]);
      expect(tracker.scheduled).toBe(2);
    });

    it('cancels the window when unsubscribed early, emitting nothing', () => {
      let pendingAfterUnsubscribe = -1;
      testScheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
        const source = cold(' -a-b------', calls);
        const unsub = '       ---!';
        const expected = '    ----';
        expectObservable(source.pipe(batchCalls({ maxWaitMs: 5, scheduler: tracker })), unsub).toBe(expected);
        expectSubscriptions(source.subscriptions).toBe('^--!');
        testScheduler.schedule(() => {
          pendingAfterUnsubscribe = tracker.pending;
        }, 4);
      });
      expect(pendingAfterUnsubscribe).toBe(0);
    });

    it('unsubscribes from the source when the chain downstream is unsubscribed', () => {
      testScheduler.run(({ hot, expectObservable, expectSubscriptions }) => {
        const source = hot('  -a-b-c-d-', calls);
        const unsub = '       -----!';
        const expected = '    --x-y-';
        const batched = source.pipe(batchCalls({ maxWaitMs: 1, scheduler: tracker }));
        expectObservable(batched, unsub).toBe(expected, { x: [a], y: [b] });
        expectSubscriptions(source.subscriptions).toBe('^----!');
      });
    });
  });

  describe('reentrancy', () => {
    it('puts a call pushed from inside `next` into the next batch', () => {
      const source = new Subject<XmlRpcCall>();
      const batches: XmlRpcCall[][] = [];
      source.pipe(batchCalls({ maxBatchSize: 2, scheduler: tracker })).subscribe((batch) => {
        batches.push(batch);
        if (batch.includes(b)) source.next(c);
      });
      source.next(a);
      source.next(b);
      source.next(d);
      source.complete();
      expect(batches).toEqual([
        [a, b],
        [c, d],
      ]);
    });

    it('keeps separate state per subscription', () => {
      testScheduler.run(({ cold, expectObservable }) => {
        const batched = cold('-a-b-|', calls).pipe(
          batchCalls({ maxBatchSize: 2, maxWaitMs: 5, scheduler: tracker }),
        );
        expectObservable(batched).toBe('---x-|', { x: [a, b] });
        expectObservable(batched).toBe('---x-|', { x: [a, b] });
      });
    });
  });

  describe('options', () => {
    it('rejects bad limits when the operator is created, naming the option', () => {
      expect(() => batchCalls({ maxBatchSize: 0 })).toThrow(
        new RangeError('`maxBatchSize` must be a positive integer or Infinity, but got 0'),
      );
      expect(() => batchCalls({ maxBatchSize: 2.5 })).toThrow(
        new RangeError('`maxBatchSize` must be a positive integer or Infinity, but got 2.5'),
      );
      expect(() => batchCalls({ maxBatchBytes: -1 })).toThrow(
        new RangeError('`maxBatchBytes` must be a positive integer or Infinity, but got -1'),
      );
      expect(() => batchCalls({ maxWaitMs: -1 })).toThrow(
        new RangeError('`maxWaitMs` must be a finite number of at least 0, but got -1'),
      );
      expect(() => batchCalls({ maxWaitMs: Number.POSITIVE_INFINITY })).toThrow(
        new RangeError('`maxWaitMs` must be a finite number of at least 0, but got Infinity'),
      );
      expect(() => batchCalls({ maxWaitMs: Number.NaN })).toThrow(RangeError);
    });

    it('accepts Infinity as "no limit"', () => {
      expect(() => batchCalls({ maxBatchSize: Number.POSITIVE_INFINITY })).not.toThrow();
      expect(() => batchCalls({ maxBatchBytes: Number.POSITIVE_INFINITY })).not.toThrow();
    });
  });
});
