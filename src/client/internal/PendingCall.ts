import { type Observer, type Subscriber, Subscription } from 'rxjs';
import { reportUnhandled } from '../../codec/reportUnhandled.js';
import type { XmlRpcParam, XmlRpcValue } from '../../codec/XmlRpcValue.js';
import type { XmlRpcCall } from '../../multicall/XmlRpcCall.js';

/** Where a call's answer goes: a Subscriber, or the call itself (see {@link PendingCall}). */
export interface CallSink {
  next(value: XmlRpcValue): void;
  complete(): void;
  error(error: unknown): void;
}

/**
 * A batch being delivered (waiting for a slot, in flight, or re-sent after a refusal): aborted when
 * every call it carries that is still unanswered has been cancelled.
 */
export interface InFlight {
  /** Calls of this batch neither answered nor cancelled yet. */
  waiting: number;
  readonly size: number;
  /** Unsubscribed to abort the delivery: the request in flight, or the wait for a slot. */
  readonly sending: Subscription;
  /** Whether a request carrying the batch's calls has left. */
  sent: boolean;
}

/** The client's side of a cancellation. */
export interface CallCanceller {
  /** Called once, when the caller of a call not yet answered unsubscribes. */
  cancel(pending: PendingCall): void;
}

/**
 * A call waiting for its answer. It is its own descriptor, so an outcome leads straight back to it,
 * and its own teardown, so a pending call costs one object and no closure.
 *
 * Subscribed with plain callbacks (see CallObservable.ts), it is also its caller's Subscription and
 * delivers to the callbacks itself, keeping RxJS's contract: `next` then `complete`, or `error`; after
 * either, it is closed and the teardowns added to it have run; a callback that throws, or an error
 * without an `error` callback, is reported (`reportUnhandled`) and delivery goes on; nothing is
 * delivered after unsubscribing, even from inside `next`.
 */
export class PendingCall extends Subscription implements XmlRpcCall, CallSink {
  /** The batch delivering this call, once it left the batch window. */
  request: InFlight | null = null;
  /** Who gets the answer; `null` once answered or cancelled, so a late result is dropped quietly. */
  sink: CallSink | null;
  /** The caller's callbacks, when this call is its caller's Subscription. */
  private observer: Partial<Observer<XmlRpcValue>> | null;

  private constructor(
    readonly methodName: string,
    readonly params: readonly XmlRpcParam[],
    private readonly canceller: CallCanceller,
    sink: CallSink | null,
    observer: Partial<Observer<XmlRpcValue>> | null,
  ) {
    super();
    this.sink = sink ?? this;
    this.observer = observer;
  }

  /** A call answered to an RxJS Subscriber; it is then the subscriber's teardown. */
  static forSubscriber(
    methodName: string,
    params: readonly XmlRpcParam[],
    canceller: CallCanceller,
    subscriber: Subscriber<XmlRpcValue>,
  ): PendingCall {
    return new PendingCall(methodName, params, canceller, subscriber, null);
  }

  /** A call that is its caller's Subscription, answered to the caller's callbacks. */
  static forCallbacks(
    methodName: string,
    params: readonly XmlRpcParam[],
    canceller: CallCanceller,
    observer: Partial<Observer<XmlRpcValue>>,
  ): PendingCall {
    return new PendingCall(methodName, params, canceller, null, observer);
  }

  next(value: XmlRpcValue): void {
    const observer = this.observer;
    if (!observer?.next) return; // as RxJS: a missing or null callback is skipped
    try {
      observer.next(value);
    } catch (error) {
      reportUnhandled(error);
    }
  }

  complete(): void {
    const observer = this.observer;
    this.observer = null;
    if (observer?.complete) {
      try {
        observer.complete();
      } catch (error) {
        reportUnhandled(error);
      }
    }
    super.unsubscribe();
  }

  error(error: unknown): void {
    const observer = this.observer;
    this.observer = null;
    if (observer !== null) {
      try {
        if (observer.error) observer.error(error);
        else reportUnhandled(error);
      } catch (thrown) {
        reportUnhandled(thrown);
      }
    }
    super.unsubscribe();
  }

  /** Cancels the call if it is still waiting, then closes (as a Subscription, or as a teardown). */
  override unsubscribe(): void {
    if (this.closed) return;
    this.observer = null;
    if (this.sink !== null) this.canceller.cancel(this);
    super.unsubscribe();
  }
}

/** Whether a call still wants its answer: a queued call is dropped once its caller has gone. */
export function isWanted(call: XmlRpcCall): boolean {
  return !(call instanceof PendingCall) || call.sink !== null;
}
