import { type Observable, type Observer, Subscription } from 'rxjs';

/**
 * Subscribes `source` on behalf of `destination`, the subscriber an operator serves: the source's
 * subscription closes as soon as `destination` does, even while the source is still emitting inside
 * `subscribe`. Subscribed with a plain observer, a synchronous source (`range`, `from(array)`) would
 * be read to its end after a `take(1)` downstream had unsubscribed, because the subscription that
 * could stop it is only returned once the source is done.
 *
 * The link is a Subscription with `next`, `error` and `complete`: RxJS takes such an object as the
 * subscriber itself (a synchronous source checks its `closed`), where it wraps a plain observer.
 * Once closed, it drops the observer, so nothing reaches it any more.
 *
 * @returns The source's subscription (already part of `destination`'s teardown).
 */
export function subscribeLinked<T>(
  source: Observable<T>,
  destination: Subscription,
  observer: Observer<T>,
): Subscription {
  const link = new LinkedSubscriber(observer);
  destination.add(link);
  source.subscribe(link);
  return link;
}

class LinkedSubscriber<T> extends Subscription implements Observer<T> {
  constructor(private observer: Observer<T> | null) {
    super();
  }

  next(value: T): void {
    this.observer?.next(value);
  }

  error(error: unknown): void {
    const observer = this.observer;
    if (observer === null) return;
    this.observer = null;
    try {
      observer.error(error);
    } finally {
      this.unsubscribe();
    }
  }

  complete(): void {
    const observer = this.observer;
    if (observer === null) return;
    this.observer = null;
    try {
      observer.complete();
    } finally {
      this.unsubscribe();
    }
  }

  override unsubscribe(): void {
    this.observer = null;
    super.unsubscribe();
  }
}
