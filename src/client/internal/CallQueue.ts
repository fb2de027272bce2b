import { Observable, type Observer, type SchedulerLike, type Subscriber, Subscription } from 'rxjs';
import type { XmlRpcValue } from '../../codec/XmlRpcValue.js';
import type { CallOutcome } from '../../multicall/XmlRpcCall.js';
import type { ClientEvent } from '../ClientEvent.js';
import type { CallObservable, CallStarter } from './CallObservable.js';
import type { DeliveryPolicy } from './DeliveryPolicy.js';
import type { NormalizedClientOptions } from './normalizeClientOptions.js';
import { type CallCanceller, type InFlight, isWanted, PendingCall } from './PendingCall.js';

/**
 * The client's calls from subscription to answer: it starts each call subscribed (queued in the batch
 * window, or delivered alone for `{ batch: false }`), delivers each batch through the policy, hands
 * each outcome to the subscriber that asked, and cancels a call whose caller unsubscribes, aborting
 * its batch once none of its calls is waiting.
 */
export class CallQueue implements CallStarter, CallCanceller {
  /**
   * The entrance of the batch window, started with the first call (idle, it holds no timer). A plain
   * subscriber rather than a Subject: one call is one `next`, nothing more.
   */
  private entrance: Subscriber<PendingCall> | undefined;
  private readonly batching: NormalizedClientOptions['batching'];
  private readonly emit: (event: ClientEvent) => void;
  private readonly scheduler: SchedulerLike;

  constructor(
    private readonly policy: DeliveryPolicy,
    options: Pick<NormalizedClientOptions, 'batching' | 'emit' | 'scheduler'>,
  ) {
    this.batching = options.batching;
    this.emit = options.emit;
    this.scheduler = options.scheduler;
  }

  start(call: CallObservable<unknown>, subscriber: Subscriber<XmlRpcValue>): PendingCall {
    const pending = PendingCall.forSubscriber(call.methodName, call.params, this, subscriber);
    if (call.batched) this.enqueue(pending);
    else this.startBatch([pending]);
    // The subscription's teardown from now on, not from when the batch leaves (why: bench/NOTES.md,
    // "The client's allocation shape").
    return pending;
  }

  startWithCallbacks(call: CallObservable<unknown>, observer: Partial<Observer<XmlRpcValue>>): PendingCall {
    const pending = PendingCall.forCallbacks(call.methodName, call.params, this, observer);
    this.enqueue(pending);
    return pending;
  }

  cancel(pending: PendingCall): void {
    if (pending.sink === null) return; // already answered
    pending.sink = null;
    const request = pending.request;
    pending.request = null;
    const sent = request?.sent === true;
    this.emit({ type: 'callCancelled', at: this.scheduler.now(), methodName: pending.methodName, sent });
    if (request !== null && --request.waiting === 0) {
      // Nothing left to wait for: abort the request in flight, or drop the batch still waiting.
      if (sent) this.emit({ type: 'batchAborted', at: this.scheduler.now(), size: request.size });
      request.sending.unsubscribe();
    }
  }

  private enqueue(pending: PendingCall): void {
    if (this.entrance === undefined) {
      new Observable<PendingCall>((subscriber) => {
        this.entrance = subscriber;
      })
        .pipe(this.batching)
        .subscribe(this.startBatch);
    }
    this.entrance!.next(pending);
  }

  /** Delivers one batch (or one `{ batch: false }` call); aborted when all its calls are cancelled. */
  private readonly startBatch = (batch: readonly PendingCall[]): void => {
    // Calls cancelled while they waited in the batch window are left out (reported when cancelled).
    // The batch itself when none was: batchCalls keeps the encodings it made for it under that array.
    const live = batch.every(isWanted) ? batch : batch.filter(isWanted);
    if (live.length === 0) return;
    // Made first, so that a cancellation while the delivery is being subscribed (from an `onEvent`
    // listener, as the request leaves) also aborts it.
    const sending = new Subscription();
    const request: InFlight = { waiting: live.length, size: live.length, sending, sent: false };
    for (const pending of live) pending.request = request;
    // The policy turns every failure into outcomes: an error here would be a bug, reported as one.
    sending.add(this.policy.deliver(live).subscribe(this.settleAll));
  };

  /** Hands each outcome to the subscriber that asked; a loop, not an operator hop per call. */
  private readonly settleAll = (outcomes: readonly CallOutcome<PendingCall>[]): void => {
    for (const outcome of outcomes) settle(outcome);
  };
}

function settle(outcome: CallOutcome<PendingCall>): void {
  const pending = outcome.call;
  const sink = pending.sink;
  if (sink === null) return; // cancelled meanwhile: its late result is dropped quietly
  pending.sink = null;
  if (pending.request !== null) pending.request.waiting--;
  pending.request = null;
  if (outcome.ok) {
    sink.next(outcome.value);
    sink.complete();
  } else {
    sink.error(outcome.error);
  }
}
