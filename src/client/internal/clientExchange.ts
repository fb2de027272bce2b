import { EMPTY, type SchedulerLike } from 'rxjs';
import { utf8ByteLength } from '../../codec/utf8ByteLength.js';
import { XmlRpcFault } from '../../codec/XmlRpcFault.js';
import { type ExchangeObserver, type SendSettings, sendBatch } from '../../multicall/sendBatch.js';
import type { XmlRpcCall } from '../../multicall/XmlRpcCall.js';
import type { Transport } from '../../transport/Transport.js';
import type { ClientEvent } from '../ClientEvent.js';
import type { Exchange } from './DeliveryPolicy.js';
import { isWanted, PendingCall } from './PendingCall.js';
import type { RequestLimiter } from './RequestLimiter.js';

/** What {@link clientExchange} sends with and reports to. */
export interface ClientExchangeOptions {
  readonly transport: Transport;
  readonly settings: SendSettings;
  /** Bounds every request the client sends, whatever path it takes. */
  readonly limiter: RequestLimiter;
  /** Whether anyone listens to the events (see `emit`). */
  readonly listening: boolean;
  readonly emit: (event: ClientEvent) => void;
  /** The clock of the events. */
  readonly scheduler: SchedulerLike;
}

/**
 * The client's one exchange: each request goes through the limiter, is the same whether or not anyone
 * listens, and is reported by its observer (see `reporting`) without any change to what is delivered
 * or when.
 */
export function clientExchange(options: ClientExchangeOptions): Exchange {
  const { transport, settings, limiter } = options;
  return (calls, sending) =>
    limiter.run(() => {
      // Calls cancelled while the request waited for a slot are left out (reported when cancelled),
      // copying the array only then (see CallQueue's startBatch).
      const live = calls.every(isWanted) ? calls : calls.filter(isWanted);
      if (live.length === 0) return EMPTY;
      return sendBatch(transport, live, settings, reporting(options, sending));
    });
}

/** What one exchange reports: to the policy, how many calls left; to `onEvent`, its events. */
function reporting<C extends XmlRpcCall>(
  options: ClientExchangeOptions,
  sending: (count: number) => void,
): ExchangeObserver<C> {
  const { listening, emit, scheduler } = options;
  let sentAt = 0;
  return {
    unsent(outcomes) {
      for (const outcome of outcomes) {
        if (outcome.ok) continue;
        const { methodName } = outcome.call;
        emit({ type: 'callNotSent', at: scheduler.now(), methodName, error: outcome.error });
      }
    },
    sent(request, calls) {
      sentAt = scheduler.now();
      const first = calls[0];
      // The calls of one request belong to one delivered batch, which has now gone out.
      if (first instanceof PendingCall && first.request !== null) first.request.sent = true;
      sending(calls.length);
      if (!listening) return;
      const methodName = calls.length === 1 ? calls[0]!.methodName : 'system.multicall';
      const bytes = utf8ByteLength(request.body);
      emit({ type: 'batchSent', at: sentAt, size: calls.length, bytes, methodName });
    },
    settled(outcomes) {
      if (!listening) return;
      let ok = 0;
      let faults = 0;
      for (const outcome of outcomes) {
        if (outcome.ok) ok++;
        else if (outcome.error instanceof XmlRpcFault) faults++;
      }
      const at = scheduler.now();
      const errors = outcomes.length - ok - faults;
      emit({ type: 'batchSettled', at, size: outcomes.length, durationMs: at - sentAt, ok, faults, errors });
    },
  };
}
