import { Observable } from 'rxjs';

/**
 * Runs `project` over `items` with at most `concurrency` inner Observables subscribed at once, and
 * emits one array: the last value of inner i at index i, whatever order they finished in.
 *
 * Contract: every inner Observable emits at least one value and completes; an inner error errors
 * the whole result and unsubscribes the others.
 *
 * Why not `mergeMap(project, concurrency)`: when a slow inner completes, `mergeMap` subscribes the
 * next buffered item from inside that completion, so a run of synchronous inners recurses once per
 * item, and a few thousand of them overflow the stack (silently, in RxJS 7.8). Here the loop in
 * `drain` starts inners iteratively and a synchronous completion only updates the counters.
 */
export function mapConcurrently<T, R>(
  items: readonly T[],
  concurrency: number,
  project: (item: T, index: number) => Observable<R>,
): Observable<R[]> {
  return new Observable<R[]>((subscriber) => {
    const results = new Array<R>(items.length);
    let started = 0;
    let active = 0;
    let finished = 0;
    let draining = false;

    const drain = (): void => {
      if (draining) return;
      draining = true;
      while (active < concurrency && started < items.length && !subscriber.closed) {
        const index = started++;
        active++;
        const inner = project(items[index] as T, index).subscribe({
          next: (value) => {
            results[index] = value;
          },
          error: (error: unknown) => subscriber.error(error),
          complete: () => {
            active--;
            finished++;
            if (finished === items.length) {
              subscriber.next(results);
              subscriber.complete();
            } else {
              drain();
            }
          },
        });
        subscriber.add(inner);
      }
      draining = false;
    };

    if (items.length === 0) {
      subscriber.next([]);
      subscriber.complete();
    } else {
      drain();
    }
  });
}
