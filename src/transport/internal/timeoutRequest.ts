import { identity, type MonoTypeOperatorFunction, type SchedulerLike, throwError, timeout } from 'rxjs';
import { transportFailure } from './transportFailure.js';

/**
 * Fails a request that has not delivered its body within `timeoutMs` with an
 * `XmlRpcTransportError`, unsubscribing from it (which aborts it). The timer lives on `scheduler`
 * and belongs to the subscription, so unsubscribing first cancels it.
 *
 * `Infinity` means no timer at all: scheduling one would fire at once, as `setTimeout` treats
 * delays beyond 2^31 - 1 ms as 1 ms.
 */
export function timeoutRequest<T>(
  url: string,
  timeoutMs: number,
  scheduler: SchedulerLike,
): MonoTypeOperatorFunction<T> {
  if (timeoutMs === Infinity) return identity;
  return timeout({
    first: timeoutMs,
    scheduler,
    with: () => throwError(() => transportFailure(url, `no response within timeoutMs (${timeoutMs} ms)`)),
  });
}
