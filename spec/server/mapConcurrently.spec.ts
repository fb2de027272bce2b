import { map, NEVER, of, throwError, timer } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { mapConcurrently } from '../../src/server/mapConcurrently.js';

const testScheduler = () => new TestScheduler((actual, expected) => expect(actual).toEqual(expected));

describe('mapConcurrently', () => {
  it('emits each inner last value at its input index, once all completed', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const a = cold('----a|');
      const b = cold('-b|');
      const c = cold('-x-c|');
      // concurrency 2: c starts when b completes at frame 2, and completes last, at 6
      const result = mapConcurrently([a, b, c], 2, (inner) => inner);
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
      expectObservable(mapConcurrently([a, b], 1, (inner) => inner)).toBe('-----(r|)', { r: ['a', 'b'] });
      expectSubscriptions(b.subscriptions).toBe('---^-!');
    });
  });

  it('emits an empty array at once for no items', () => {
    testScheduler().run(({ expectObservable }) => {
      expectObservable(mapConcurrently([], 1, () => of(1))).toBe('(r|)', { r: [] });
    });
  });

  it('errors with the first inner error and unsubscribes the others', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const slow = cold('-----a|');
      const failing = cold('--#', undefined, new Error('inner'));
      expectObservable(mapConcurrently([slow, failing], 2, (inner) => inner)).toBe(
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
        mapConcurrently([a, b], 1, (inner) => inner),
        '--!',
      ).toBe('---');
      expectSubscriptions(a.subscriptions).toBe('^-!');
      expectSubscriptions(b.subscriptions).toBe([]);
    });
  });

  it('never emits while an inner never completes', () => {
    testScheduler().run(({ expectObservable }) => {
      expectObservable(mapConcurrently([of(1), NEVER], 2, (inner) => inner)).toBe('---');
    });
  });

  it('starts synchronous inners in a loop, not recursively (50,000 after an asynchronous one)', async () => {
    const items = Array.from({ length: 50_000 }, (_, i) => i);
    const result = await new Promise<number[]>((resolve, reject) => {
      mapConcurrently(items, 1, (i) => (i === 0 ? timer(1).pipe(map(() => 0)) : of(i))).subscribe({
        next: resolve,
        error: reject,
      });
    });
    expect(result).toHaveLength(50_000);
    expect(result[49_999]).toBe(49_999);
  });

  it('passes each item and its index to project', () => {
    const seen: [string, number][] = [];
    mapConcurrently(['a', 'b'], 1, (item, index) => {
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
    const mapped = mapConcurrently([1], 1, () => {
      runs++;
      return throwError(() => new Error('x'));
    });
    mapped.subscribe({ error: () => {} });
    mapped.subscribe({ error: () => {} });
    expect(runs).toBe(2);
  });
});
