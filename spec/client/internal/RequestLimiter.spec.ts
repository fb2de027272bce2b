import { defer, NEVER, Observable, of, Subscription, throwError } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { RequestLimiter } from '../../../src/client/internal/RequestLimiter.js';

function virtualTime(): TestScheduler {
  return new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
}

/** Takes a slot with a request that runs until the returned function answers it. */
function occupy(limiter: RequestLimiter): () => void {
  let release!: () => void;
  limiter
    .run(() => new Observable<never>((subscriber) => (release = () => subscriber.complete())))
    .subscribe();
  return () => release();
}

/** Requests that record when they start and how many run at once. */
function recorder() {
  const log = { started: [] as string[], running: 0, peak: 0 };
  const request =
    (name: string, body: Observable<string>): (() => Observable<string>) =>
    () =>
      new Observable<string>((subscriber) => {
        log.started.push(name);
        log.running++;
        log.peak = Math.max(log.peak, log.running);
        const subscription = body.subscribe(subscriber);
        return () => {
          subscription.unsubscribe();
          log.running--;
        };
      });
  return { log, request };
}

describe('RequestLimiter', () => {
  it('runs at most `limit` requests at once; the others start in the order they asked', () => {
    const scheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
    scheduler.run(({ cold, expectObservable }) => {
      const limiter = new RequestLimiter(2, scheduler);
      const { log, request } = recorder();
      const a = limiter.run(request('a', cold('-----(A|)')));
      const b = limiter.run(request('b', cold('--(B|)')));
      const c = limiter.run(request('c', cold('--(C|)')));
      const d = limiter.run(request('d', cold('-(D|)')));
      expectObservable(a).toBe('-----(A|)');
      expectObservable(b).toBe('--(B|)');
      expectObservable(c).toBe('----(C|)'); // b's slot, at 2
      expectObservable(d).toBe('-----(D|)'); // c's slot, at 4
      scheduler.flush();
      expect(log.started).toEqual(['a', 'b', 'c', 'd']);
      expect(log.peak).toBe(2);
    });
  });

  it('never starts a request unsubscribed while it waits, and gives its turn to the next', () => {
    const scheduler = virtualTime();
    const limiter = new RequestLimiter(1, scheduler);
    const { log, request } = recorder();
    const first = limiter.run(request('first', NEVER)).subscribe();
    const waiting = limiter.run(request('waiting', of('w'))).subscribe();
    const next: string[] = [];
    limiter.run(request('next', of('n'))).subscribe((value) => next.push(value));
    waiting.unsubscribe();
    first.unsubscribe();
    expect(log.started).toEqual(['first']); // an aborted request's slot is handed on by an action
    scheduler.flush();
    expect(log.started).toEqual(['first', 'next']);
    expect(next).toEqual(['n']);
  });

  it('frees the slot of an aborted request only once it is unsubscribed, and of a failed one', () => {
    const scheduler = virtualTime();
    const limiter = new RequestLimiter(1, scheduler);
    const { log, request } = recorder();
    const errors: unknown[] = [];
    limiter
      .run(
        request(
          'failing',
          throwError(() => new Error('boom')),
        ),
      )
      .subscribe({ error: (e) => errors.push(e) });
    const aborted = limiter.run(request('aborted', NEVER)).subscribe();
    limiter.run(request('after', NEVER)).subscribe();
    expect(log.started).toEqual(['failing', 'aborted']);
    aborted.unsubscribe();
    scheduler.flush();
    expect(log.started).toEqual(['failing', 'aborted', 'after']);
    expect(log.peak).toBe(1);
    expect(errors).toHaveLength(1);
  });

  it('aborts a request unsubscribed while it is being subscribed before the next one starts', () => {
    const scheduler = virtualTime();
    const limiter = new RequestLimiter(1, scheduler);
    const { log, request } = recorder();
    const release = occupy(limiter);
    let second: Subscription | undefined;
    // Subscribing it makes its own caller give up, as an onEvent listener may when a request leaves.
    second = limiter
      .run(
        request(
          'second',
          defer(() => {
            second?.unsubscribe();
            return NEVER;
          }),
        ),
      )
      .subscribe();
    limiter.run(request('third', NEVER)).subscribe();
    release();
    scheduler.flush();
    expect(log.started).toEqual(['second', 'third']);
    expect(log.peak).toBe(1);
    expect(log.running).toBe(1);
  });

  it('hands on the slots of requests aborted together once they all are, so none waiting among them is sent', () => {
    const scheduler = virtualTime();
    const limiter = new RequestLimiter(2, scheduler);
    const { log, request } = recorder();
    const all = new Subscription();
    for (const name of ['a', 'b', 'c', 'd']) all.add(limiter.run(request(name, NEVER)).subscribe());
    limiter.run(request('other', NEVER)).subscribe();
    all.unsubscribe(); // a and b running, c and d waiting: one cancellation
    scheduler.flush();
    expect(log.started).toEqual(['a', 'b', 'other']);
  });

  it('forgets requests that stopped waiting, and keeps the order of the others', () => {
    const scheduler = virtualTime();
    const limiter = new RequestLimiter(1, scheduler);
    const release = occupy(limiter);
    const started: number[] = [];
    const waiting = Array.from({ length: 1500 }, (_, i) =>
      limiter.run(() => new Observable<never>(() => void started.push(i))).subscribe(),
    );
    for (const subscription of waiting.slice(0, 1200)) subscription.unsubscribe();
    release();
    expect(started).toEqual([1200]);
    waiting[1200]!.unsubscribe();
    scheduler.flush();
    waiting[1201]!.unsubscribe();
    scheduler.flush();
    expect(started).toEqual([1200, 1201, 1202]);
  });

  it('hands slots on in a loop: many requests answered synchronously do not grow the stack', () => {
    const scheduler = virtualTime();
    const limiter = new RequestLimiter(1, scheduler);
    const release = occupy(limiter);
    let answered = 0;
    for (let i = 0; i < 20_000; i++) limiter.run(() => of(i)).subscribe(() => answered++);
    release();
    expect(answered).toBe(20_000);
  });
});
