import { Observable, type SchedulerLike, tap } from 'rxjs';

/** A request waiting for a slot; `start` is dropped when it stops waiting (unsubscribed). */
interface Waiting {
  start: (() => void) | null;
}

/** Waiting entries skipped before the queue is compacted (cancelled ones are dropped lazily). */
const COMPACT_AFTER = 1024;

/**
 * The one bound on a client's requests in flight: every request the client sends (a batch, a
 * fallback single, a split half, an explicit `multicall()`, a `{ batch: false }` call) runs through
 * {@link RequestLimiter.run}, so at most `limit` are in flight whatever the mode. Requests waiting
 * for a slot start in the order they asked. A slot is held from the moment the request is subscribed
 * until it completes, errors or is unsubscribed (an abort frees it after the request is unsubscribed,
 * so a transport never sees one more).
 *
 * Freed slots are handed on in a loop, not by recursion, so requests that complete synchronously (an
 * in-memory transport) do not grow the stack. The slot of an aborted request is handed on by an action
 * on `scheduler` rather than at once: an abort is often one of several (every request of a cancelled
 * fallback), and the requests waiting behind it may be the next ones cancelled, which must not be sent.
 */
export class RequestLimiter {
  private active = 0;
  private readonly queue: Waiting[] = [];
  private head = 0;
  private draining = false;
  private drainScheduled = false;

  constructor(
    private readonly limit: number,
    private readonly scheduler: SchedulerLike,
  ) {}

  /** `request()`'s Observable, subscribed once a slot is free (at once if one is). */
  run<T>(request: () => Observable<T>): Observable<T> {
    return new Observable<T>((subscriber) => {
      const waiting: Waiting = {
        start: () => {
          this.active++;
          let over = false;
          const settled = () => {
            over = true;
          };
          request()
            .pipe(tap({ complete: settled, error: settled }))
            .subscribe(subscriber);
          // Added after the request's own teardown, so the slot is freed once the request is over
          // (answered, failed or aborted) and unsubscribed: at once if that happened while subscribing.
          subscriber.add(() => {
            this.active--;
            if (over) this.drain();
            else this.drainLater();
          });
        },
      };
      this.queue.push(waiting);
      this.drain();
      return () => {
        waiting.start = null; // if it is still waiting, it never starts
      };
    });
  }

  /** Drains once the abort in progress, and any other it is part of, is over. */
  private drainLater(): void {
    if (this.drainScheduled) return;
    this.drainScheduled = true;
    this.scheduler.schedule(() => {
      this.drainScheduled = false;
      this.drain();
    });
  }

  /** Starts waiting requests while slots are free. */
  private drain(): void {
    if (this.draining) return;
    this.draining = true;
    try {
      while (this.active < this.limit && this.head < this.queue.length) {
        const { start } = this.queue[this.head]!;
        this.head++;
        start?.();
      }
      if (this.head === this.queue.length) {
        this.queue.length = 0;
        this.head = 0;
      } else if (this.head > COMPACT_AFTER) {
        this.queue.splice(0, this.head);
        this.head = 0;
      }
    } finally {
      this.draining = false;
    }
  }
}
