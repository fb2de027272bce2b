import { Observable, Subscription } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { subscribeLinked } from '../../../src/operators/internal/subscribeLinked.js';

/** An observer recording what reached it. */
function recorder() {
  const seen: string[] = [];
  return {
    seen,
    observer: {
      next: (value: number) => seen.push(`next ${value}`),
      error: (error: unknown) => seen.push(`error ${String(error)}`),
      complete: () => seen.push('complete'),
    },
  };
}

describe('subscribeLinked', () => {
  it('stops a synchronous source as soon as the destination closes', () => {
    const destination = new Subscription();
    const { seen, observer } = recorder();
    let produced = 0;
    const source = new Observable<number>((subscriber) => {
      for (let i = 0; i < 1000 && !subscriber.closed; i++) {
        produced++;
        subscriber.next(i);
        if (i === 2) destination.unsubscribe();
      }
      subscriber.complete();
    });
    subscribeLinked(source, destination, observer);
    expect(produced).toBe(3);
    expect(seen).toEqual(['next 0', 'next 1', 'next 2']);
  });

  it('passes on one error or one completion, then nothing, and leaves the destination when done', () => {
    const destination = new Subscription();
    const { seen, observer } = recorder();
    let sink: { next(v: number): void; error(e: unknown): void; complete(): void } | undefined;
    // A misbehaving source: it keeps calling its subscriber after completing.
    const link = subscribeLinked(
      new Observable<number>((subscriber) => {
        sink = subscriber;
      }),
      destination,
      observer,
    );
    sink!.next(1);
    sink!.complete();
    sink!.complete();
    sink!.error('late');
    sink!.next(2);
    expect(seen).toEqual(['next 1', 'complete']);
    expect(link.closed).toBe(true);
    expect(destination.closed).toBe(false);

    const errored = recorder();
    subscribeLinked(
      new Observable<number>((subscriber) => {
        subscriber.error('boom');
        subscriber.error('again');
        subscriber.complete();
      }),
      destination,
      errored.observer,
    );
    expect(errored.seen).toEqual(['error boom']);
  });
});
