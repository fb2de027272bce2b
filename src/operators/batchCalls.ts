import {
  asapScheduler,
  Observable,
  type OperatorFunction,
  type SchedulerLike,
  type Subscription,
} from 'rxjs';
import type { EncodeOptions } from '../codec/codecOptions.js';
import {
  encodeOptionsOption,
  integerOption,
  numberOption,
  objectOption,
  schedulerOption,
} from '../codec/optionChecks.js';
import { type EncodedCall, encodeCall, rememberEncodedBatch } from '../multicall/encodedCalls.js';
import type { XmlRpcCall } from '../multicall/XmlRpcCall.js';
import { subscribeLinked } from './internal/subscribeLinked.js';

/** Limits of {@link batchCalls}; whichever is reached first closes the batch. */
export interface BatchCallsConfig {
  /** Most calls in one batch. Default 100. */
  readonly maxBatchSize?: number;
  /**
   * How long a batch stays open after its first call, in milliseconds. Default 0: the calls queued
   * in the same tick (a zero-delay action on `scheduler`).
   */
  readonly maxWaitMs?: number;
  /**
   * Most bytes of encoded calls in one batch: the sum of each call's UTF-8 encoded
   * `{methodName, params}` struct (the `system.multicall` envelope adds about 180). No limit by default. A
   * single call over the limit is emitted alone; give {@link dispatchMulticall} the same limit to refuse it.
   */
  readonly maxBatchBytes?: number;
  /**
   * Encoding options used to measure calls for `maxBatchBytes`. Pass the same object (or nothing)
   * to {@link dispatchMulticall}, which then reuses these encodings instead of encoding each call again.
   */
  readonly encodeOptions?: EncodeOptions;
  /** Scheduler of the batch window. Default `asapScheduler`. */
  readonly scheduler?: SchedulerLike;
}

/**
 * Groups call descriptors into batches for `system.multicall`.
 *
 * A batch opens with the first call and closes `maxWaitMs` later, or as soon as it holds
 * `maxBatchSize` calls or `maxBatchBytes` of encoded calls, whichever comes first. A call that would
 * push the batch over `maxBatchBytes` closes it and opens the next. Nothing is scheduled while no
 * call is waiting (unlike `bufferTime`), no batch is ever empty, and the calls held when the source
 * completes or errors are emitted before the completion or the error.
 *
 * ```text
 * calls:   -a-b-c----------d|
 * batchCalls({ maxBatchSize: 2, maxWaitMs: 10 })
 * output:  ---x-----------y-(z|)     x := [a, b] (full)  y := [c] (10 frames)  z := [d] (complete)
 * ```
 *
 * @example Batch the calls made in the same tick, 50 at most
 * ```ts
 * import type { Observable } from 'rxjs';
 * import { batchCalls, dispatchMulticall } from 'rxjs-xmlrpc';
 * import type { CallOutcome, Transport, XmlRpcCall } from 'rxjs-xmlrpc';
 *
 * declare const calls$: Observable<XmlRpcCall>;
 * declare const transport: Transport;
 * declare function handleOutcome(outcome: CallOutcome): void;
 * calls$.pipe(batchCalls({ maxBatchSize: 50 }), dispatchMulticall(transport)).subscribe(handleOutcome);
 * ```
 * @see {@link dispatchMulticall}
 * @param config Limits, and the scheduler that drives the time window.
 * @returns An operator emitting arrays of calls, in arrival order.
 * @throws TypeError At creation, for an option of the wrong kind (a limit that is not a number, a
 *   scheduler without `now` and `schedule`…).
 * @throws RangeError At creation, for a limit that is not a positive integer (or a negative wait).
 */
export function batchCalls<C extends XmlRpcCall = XmlRpcCall>(
  config: BatchCallsConfig = {},
): OperatorFunction<C, C[]> {
  objectOption('config', config);
  const maxBatchSize = integerOption('maxBatchSize', config.maxBatchSize, 100);
  const maxWaitMs = numberOption('maxWaitMs', config.maxWaitMs, 0, {
    min: 0,
    fractions: true,
    infinity: false,
  });
  const maxBatchBytes = integerOption('maxBatchBytes', config.maxBatchBytes, Number.POSITIVE_INFINITY);
  const encodeOptions = encodeOptionsOption(config.encodeOptions);
  const scheduler = schedulerOption(config.scheduler, asapScheduler);
  const measuring = maxBatchBytes !== Number.POSITIVE_INFINITY;

  return (source) =>
    new Observable<C[]>((subscriber) => {
      let pending: C[] = [];
      let pendingEncoded: EncodedCall[] = [];
      let pendingBytes = 0;
      let window: Subscription | undefined;

      // Takes the queue (and stops its timer) before the batch is emitted: a subscriber that pushes
      // more calls from inside `next` starts a fresh batch instead of growing the one being sent.
      const take = (): C[] => {
        const batch = pending;
        if (measuring) rememberEncodedBatch(batch, encodeOptions, pendingEncoded);
        pending = [];
        pendingEncoded = [];
        pendingBytes = 0;
        window?.unsubscribe();
        window = undefined;
        return batch;
      };
      const emitHeld = () => {
        if (pending.length > 0) subscriber.next(take());
      };

      // Linked, so a synchronous source stops as soon as the subscriber is done (a `take` downstream).
      subscribeLinked(source, subscriber, {
        next: (call) => {
          const encoded = measuring ? encodeCall(call, encodeOptions, true) : undefined;
          // A call that cannot be encoded weighs nothing: it is never sent, only failed by the dispatcher.
          const bytes = encoded?.ok ? encoded.bytes : 0;
          // Split before adding: the call goes into the next batch rather than over the limit.
          const full = pending.length > 0 && pendingBytes + bytes > maxBatchBytes ? take() : undefined;
          pending.push(call);
          if (encoded) pendingEncoded.push(encoded);
          pendingBytes += bytes;
          const closed = pending.length >= maxBatchSize || pendingBytes >= maxBatchBytes ? take() : undefined;
          if (closed === undefined && pending.length === 1) window = scheduler.schedule(emitHeld, maxWaitMs);
          // Emitted only now, both taken already, so a reentrant call lands in a fresh batch.
          if (full) subscriber.next(full);
          if (closed) subscriber.next(closed);
        },
        error: (error: unknown) => {
          emitHeld();
          subscriber.error(error);
        },
        complete: () => {
          emitHeld();
          subscriber.complete();
        },
      });

      return () => {
        window?.unsubscribe();
        pending = [];
        pendingEncoded = [];
      };
    });
}
