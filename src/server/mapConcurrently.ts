import { Observable, type SchedulerLike } from 'rxjs';

/** How {@link mapConcurrently} runs its inner Observables. */
export interface ConcurrencyLimits {
  /** Most inner Observables subscribed at once. */
  readonly concurrency: number;
  /** Most inners started in a row before the next one waits for an action on `scheduler`. */
  readonly yieldEvery: number;
  /** Where the next inner is started after `yieldEvery` of them. */
  readonly scheduler: SchedulerLike;
}

/**
 * Runs `project` over `items` with at most `concurrency` inner Observables subscribed at once, and
 * emits one array: the last value of inner i at index i, whatever order they finished in. `project`
 * may return the value itself when it knows it at once (so `R` is never an Observable): that item is
 * done without an Observable and its subscription, which for synchronous items cost more than the
 * item's own work.
 *
 * Contract: every inner Observable emits at least one value and completes; an inner error errors
 * the whole result and unsubscribes the others. After `yieldEvery` inners started since the last
 * pause, the next one waits for an action on `scheduler` (unsubscribing cancels it), so thousands of
 * synchronous inners do not hold the thread in one go; with at most `yieldEvery` items, the
 * scheduler is never used and synchronous inners give a synchronous result.
 *
 * Why not `mergeMap(project, concurrency)`: when a slow inner completes, `mergeMap` subscribes the
 * next buffered item from inside that completion, so a run of synchronous inners recurses once per
 * item, and a few thousand of them overflow the stack (silently, in RxJS 7.8). Here the loop in
 * `drain` starts inners iteratively and a synchronous completion only updates the counters.
 */
export function mapConcurrently<T, R>(
  items: readonly T[],
  { concurrency, yieldEvery, scheduler }: ConcurrencyLimits,
  project: (item: T, index: number) => Observable<R> | R,
): Observable<R[]> {
  return new Observable<R[]>((subscriber) => {
    const results = new Array<R>(items.length);
    let started = 0;
    let active = 0;
    let finished = 0;
    let draining = false;
    let sinceYield = 0;
    let yielding = false;

    /** Counts one more item done; the last one emits the results. Whether it was the last. */
    const finish = (): boolean => {
      if (++finished < items.length) return false;
      subscriber.next(results);
      subscriber.complete();
      return true;
    };

    const resume = (): void => {
      yielding = false;
      drain();
    };

    const drain = (): void => {
      if (draining || yielding) return;
      draining = true;
      let pause = false;
      while (active < concurrency && started < items.length && !subscriber.closed) {
        // Counted across completions too: methods resolving in microtasks would never let I/O in.
        if (sinceYield === yieldEvery) {
          pause = true;
          break;
        }
        sinceYield++;
        const index = started++;
        const projected = project(items[index] as T, index);
        if (!(projected instanceof Observable)) {
          results[index] = projected;
          finish();
          continue;
        }
        active++;
        const inner = projected.subscribe({
          next: (value) => {
            results[index] = value;
          },
          error: (error: unknown) => subscriber.error(error),
          complete: () => {
            active--;
            if (!finish()) drain();
          },
        });
        subscriber.add(inner);
      }
      draining = false;
      // Scheduled once the loop is left, so a scheduler that runs the action at once can resume it.
      if (pause) {
        sinceYield = 0;
        yielding = true;
        subscriber.add(scheduler.schedule(resume));
      }
    };

    if (items.length === 0) {
      subscriber.next([]);
      subscriber.complete();
    } else {
      drain();
    }
  });
}
