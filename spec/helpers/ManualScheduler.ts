import { type SchedulerAction, type SchedulerLike, Subscription } from 'rxjs';

/**
 * A scheduler whose actions run only when a spec says so (`runNext`), to prove that work waits for
 * the scheduler, how often it yields, and that unsubscribing cancels what is waiting.
 */
export class ManualScheduler implements SchedulerLike {
  /** How many actions were scheduled so far. */
  scheduled = 0;
  private readonly waiting: { run: () => void; subscription: Subscription }[] = [];

  /** Actions scheduled and neither run nor cancelled. */
  get pending(): number {
    return this.waiting.length;
  }

  now(): number {
    return 0;
  }

  schedule<T>(work: (this: SchedulerAction<T>, state?: T) => void, _delay?: number, state?: T): Subscription {
    this.scheduled++;
    const subscription = new Subscription(() => {
      const at = this.waiting.indexOf(entry);
      if (at >= 0) this.waiting.splice(at, 1);
    });
    const entry = {
      run: () => work.call(subscription as unknown as SchedulerAction<T>, state),
      subscription,
    };
    this.waiting.push(entry);
    return subscription;
  }

  /** Runs the oldest waiting action; throws when there is none. */
  runNext(): void {
    const entry = this.waiting.shift();
    if (entry === undefined) throw new Error('no action is waiting');
    entry.run();
  }
}
