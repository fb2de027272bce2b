import {
  config,
  Observable,
  type Observer,
  type Subscriber,
  type Subscription,
  type TeardownLogic,
} from 'rxjs';
import type { XmlRpcParam, XmlRpcValue } from '../../codec/XmlRpcValue.js';

/*
 * What `client.call()` returns. One call is one subscription, and RxJS's general subscribe path costs
 * four objects per subscription (a SafeSubscriber, a wrapper of the observer, a closure and a finalizer
 * list) beside the call itself. So a call subscribed with plain callbacks, `subscribe(next)` or
 * `subscribe({ next, error, complete })` (the common case), is its own Subscription (a PendingCall,
 * which keeps RxJS's contract). Subscribed by a Subscriber (every operator, `forkJoin`,
 * `firstValueFrom`…), with the deprecated three-callback signature, under RxJS's deprecated `config`
 * flags, or sent alone (`{ batch: false }`), it takes RxJS's own path.
 */

/** What the client does when a call is subscribed. */
export interface CallStarter {
  /** Starts `call` for RxJS's path; returns the subscription's teardown. */
  start(call: CallObservable<unknown>, subscriber: Subscriber<XmlRpcValue>): TeardownLogic;
  /** Starts `call` for plain callbacks; returns the call's own Subscription. */
  startWithCallbacks(call: CallObservable<unknown>, observer: Partial<Observer<XmlRpcValue>>): Subscription;
}

/** The cold Observable of one call; each subscription is a call of its own. */
export class CallObservable<T> extends Observable<T> {
  constructor(
    readonly starter: CallStarter,
    readonly methodName: string,
    readonly params: readonly XmlRpcParam[],
    /** `false` for `{ batch: false }`: the call is sent alone, at once. */
    readonly batched: boolean,
  ) {
    super(subscribeThroughStarter);
  }

  override subscribe(observerOrNext?: Partial<Observer<T>> | ((value: T) => void)): Subscription;
  /** @deprecated RxJS's own deprecation: pass an observer object instead. */
  override subscribe(
    next?: ((value: T) => void) | null,
    error?: ((error: unknown) => void) | null,
    complete?: (() => void) | null,
  ): Subscription;
  override subscribe(
    observerOrNext?: Partial<Observer<T>> | ((value: T) => void) | null,
    error?: ((error: unknown) => void) | null,
    complete?: (() => void) | null,
  ): Subscription {
    if (error != null || complete != null) {
      return super.subscribe(observerOrNext as ((value: T) => void) | null | undefined, error, complete);
    }
    if (
      !this.batched ||
      isSubscriptionLike(observerOrNext) ||
      config.useDeprecatedSynchronousErrorHandling ||
      config.useDeprecatedNextContext
    ) {
      return super.subscribe(observerOrNext ?? undefined);
    }
    const observer = typeof observerOrNext === 'function' ? { next: observerOrNext } : (observerOrNext ?? {});
    return this.starter.startWithCallbacks(this, observer as Partial<Observer<XmlRpcValue>>);
  }
}

/**
 * The subscribe function of every CallObservable. RxJS calls it with the observable as `this` (its type
 * says so), so one shared function serves them all, where a closure per call would cost an object.
 */
function subscribeThroughStarter(this: Observable<unknown>, subscriber: Subscriber<unknown>): TeardownLogic {
  const call = this as CallObservable<unknown>;
  return call.starter.start(call, subscriber as Subscriber<XmlRpcValue>);
}

/** A Subscriber, possibly of another copy of RxJS (where `instanceof` fails), keeps RxJS's path. */
function isSubscriptionLike(value: unknown): boolean {
  return typeof (value as { unsubscribe?: unknown } | null | undefined)?.unsubscribe === 'function';
}
