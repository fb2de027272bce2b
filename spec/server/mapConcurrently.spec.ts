import { from, map, NEVER, type Observable, of, queueScheduler, throwError, timer } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { mapConcurrently } from '../../src/server/mapConcurrently.js';
import { ManualScheduler } from '../helpers/ManualScheduler.js';

/** `concurrency` at a time, never yielding. */
const limits = (concurrency: number) => ({ concurrency, yieldEvery: Infinity, scheduler: queueScheduler });

const testScheduler = () => new TestScheduler((actual, expected) => expect(actual).toEqual(expected));

describe('mapConcurrently', () => {
  it('emits each inner last value at its input index, once all completed', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const a = cold('----a|');
      const b = cold('-b|');
      const c = cold('-x-c|');
      // concurrency 2: c starts when b completes at frame 2, and completes last, at 6
      const result = mapConcurrently([a, b, c], limits(2), (inner) => inner);
      expectObservable(result).toBe('------(r|)', { r: ['a', 'b', 'c'] });
      expectSubscriptions(a.subscriptions).toBe('^----!');
      expectSubscriptions(b.subscriptions).toBe('^-!');
      expectSubscriptions(c.subscriptions).toBe('--^---!');
    });
  });

  it('runs one at a time with concurrency 1', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const a = cold('--a|');
      const b = cold('-b|');
      expectObservable(mapConcurrently([a, b], limits(1), (inner) => inner)).toBe('-----(r|)', {
        r: ['a', 'b'],
      });
      expectSubscriptions(b.subscriptions).toBe('---^-!');
    });
  });

  it('takes a value that project returns, not an Observable, as that item done at once', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const a = cold('--a|');
      const c = cold('-c|');
      // concurrency 1: b is done when a completes, at frame 3, and c starts at once
      const result = mapConcurrently([a, 'b', c], limits(1), (item) => item);
      expectObservable(result).toBe('-----(r|)', { r: ['a', 'b', 'c'] });
      expectSubscriptions(c.subscriptions).toBe('---^-!');
    });
    let result: number[] | undefined;
    mapConcurrently([1, 2, 3], limits(1), (item) => item * 2).subscribe((values) => {
      result = values;
    });
    expect(result).toEqual([2, 4, 6]);
  });

  it('emits an empty array at once for no items', () => {
    testScheduler().run(({ expectObservable }) => {
      expectObservable(mapConcurrently([], limits(1), () => of(1))).toBe('(r|)', { r: [] });
    });
  });

  it('errors with the first inner error and unsubscribes the others', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const slow = cold('-----a|');
      const failing = cold('--#', undefined, new Error('inner'));
      expectObservable(mapConcurrently([slow, failing], limits(2), (inner) => inner)).toBe(
        '--#',
        undefined,
        new Error('inner'),
      );
      expectSubscriptions(slow.subscriptions).toBe('^-!');
    });
  });

  it('unsubscribes running inners and starts no more when unsubscribed', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const a = cold('-----a|');
      const b = cold('-b|');
      expectObservable(
        mapConcurrently([a, b], limits(1), (inner) => inner),
        '--!',
      ).toBe('---');
      expectSubscriptions(a.subscriptions).toBe('^-!');
      expectSubscriptions(b.subscriptions).toBe([]);
    });
  });

  it('never emits while an inner never completes', () => {
    testScheduler().run(({ expectObservable }) => {
      expectObservable(mapConcurrently([of(1), NEVER], limits(2), (inner) => inner)).toBe('---');
    });
  });

  it('starts synchronous inners in a loop, not recursively (50,000 after an asynchronous one)', async () => {
    const items = Array.from({ length: 50_000 }, (_, i) => i);
    const result = await new Promise<number[]>((resolve, reject) => {
      mapConcurrently(items, limits(1), (i) => (i === 0 ? timer(1).pipe(map(() => 0)) : of(i))).subscribe({
        next: resolve,
        error: reject,
      });
    });
    expect(result).toHaveLength(50_000);
    expect(result[49_999]).toBe(49_999);
  });

  it('passes each item and its index to project', () => {
    const seen: [string, number][] = [];
    mapConcurrently(['a', 'b'], limits(1), (item, index) => {
      seen.push([item, index]);
      return of(item);
    }).subscribe();
    expect(seen).toEqual([
      ['a', 0],
      ['b', 1],
    ]);
  });

  it('is cold: each subscription runs project again', () => {
    let runs = 0;
    const mapped = mapConcurrently([1], limits(1), () => {
      runs++;
      return throwError(() => new Error('x'));
    });
    mapped.subscribe({ error: () => {} });
    mapped.subscribe({ error: () => {} });
    expect(runs).toBe(2);
  });

  describe('yielding', () => {
    /** Runs `count` synchronous inners, `yieldEvery` 256, on a ManualScheduler; returns the probes. */
    function start(count: number, concurrency = 1, inner: (i: number) => Observable<number> | number = of) {
      const scheduler = new ManualScheduler();
      const projected: number[] = [];
      let result: number[] | undefined;
      const items = Array.from({ length: count }, (_, i) => i);
      const subscription = mapConcurrently(items, { concurrency, yieldEvery: 256, scheduler }, (i) => {
        projected.push(i);
        return inner(i);
      }).subscribe((values) => {
        result = values;
      });
      return { scheduler, projected, subscription, result: () => result };
    }

    it('starts `yieldEvery` inners, then waits for the scheduler before each further chunk', () => {
      const run = start(1000);
      expect(run.projected).toHaveLength(256);
      expect(run.scheduler.pending).toBe(1);
      run.scheduler.runNext();
      expect(run.projected).toHaveLength(512);
      run.scheduler.runNext();
      expect(run.projected).toHaveLength(768);
      expect(run.result()).toBeUndefined();
      run.scheduler.runNext();
      expect(run.projected).toHaveLength(1000);
      expect(run.result()).toEqual(Array.from({ length: 1000 }, (_, i) => i));
      expect(run.scheduler.scheduled).toBe(3);
      expect(run.scheduler.pending).toBe(0);
    });

    it('counts values project returns at once too', () => {
      const run = start(600, 1, (i) => i);
      expect(run.projected).toHaveLength(256);
      expect(run.scheduler.pending).toBe(1);
      run.scheduler.runNext();
      run.scheduler.runNext();
      expect(run.result()).toEqual(Array.from({ length: 600 }, (_, i) => i));
      expect(run.scheduler.scheduled).toBe(2);
    });

    it('yields twice as often for twice the items', () => {
      const counts = [1024, 2048].map((count) => {
        const run = start(count);
        while (run.scheduler.pending > 0) run.scheduler.runNext();
        expect(run.result()).toHaveLength(count);
        return run.scheduler.scheduled;
      });
      expect(counts).toEqual([3, 7]);
    });

    it('never uses the scheduler for up to `yieldEvery` items: synchronous inners give a synchronous result', () => {
      const run = start(256);
      expect(run.result()).toHaveLength(256);
      expect(run.scheduler.scheduled).toBe(0);
    });

    it('yields with concurrency too, starting no inner while it waits', () => {
      const run = start(600, 4);
      expect(run.projected).toHaveLength(256);
      run.scheduler.runNext();
      run.scheduler.runNext();
      expect(run.result()).toHaveLength(600);
    });

    it('counts inners that complete in microtasks, which would otherwise keep I/O out', async () => {
      const run = start(600, 1, (i) => from(Promise.resolve(i)));
      await new Promise((resolve) => setTimeout(resolve, 0)); // every microtask has run
      expect(run.projected).toHaveLength(256);
      expect(run.scheduler.pending).toBe(1);
      run.scheduler.runNext();
      await new Promise((resolve) => setTimeout(resolve, 0));
      run.scheduler.runNext();
      await new Promise((resolve) => setTimeout(resolve, 0));
      expect(run.result()).toHaveLength(600);
    });

    it('cancels the waiting action when unsubscribed, and starts nothing more', () => {
      const run = start(1000);
      run.subscription.unsubscribe();
      expect(run.scheduler.pending).toBe(0);
      expect(run.projected).toHaveLength(256);
    });

    it('resumes at once with a scheduler that runs actions synchronously', () => {
      let result: number[] | undefined;
      const items = Array.from({ length: 1000 }, (_, i) => i);
      mapConcurrently(items, { concurrency: 1, yieldEvery: 256, scheduler: queueScheduler }, (i) =>
        of(i),
      ).subscribe((values) => {
        result = values;
      });
      expect(result).toHaveLength(1000);
    });
  });
});
