import type { SchedulerAction, SchedulerLike, Subscription } from 'rxjs';

/**
 * Wraps a scheduler to count what an operator schedules on it, so a spec can prove that nothing is
 * left waiting (no idle timer) at a given virtual time.
 */
export class TrackingScheduler implements SchedulerLike {
  /** How many actions were scheduled so far. */
  scheduled = 0;
  private readonly live = new Set<{ ran: boolean; subscription: Subscription }>();

  constructor(private readonly inner: SchedulerLike) {}

  /** Actions scheduled that have neither run nor been cancelled. */
  get pending(): number {
    let count = 0;
    for (const entry of this.live) {
      if (!entry.ran && !entry.subscription.closed) count++;
    }
    return count;
  }

  now(): number {
    return this.inner.now();
  }

  schedule<T>(work: (this: SchedulerAction<T>, state?: T) => void, delay?: number, state?: T): Subscription {
    this.scheduled++;
    const entry = { ran: false, subscription: undefined as unknown as Subscription };
    entry.subscription = this.inner.schedule(
      function (this: SchedulerAction<T>, actionState?: T) {
        entry.ran = true;
        work.call(this, actionState);
      },
      delay,
      state,
    );
    this.live.add(entry);
    return entry.subscription;
  }
}
