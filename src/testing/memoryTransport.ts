import {
  asyncScheduler,
  catchError,
  defer,
  from,
  Observable,
  of,
  type SchedulerLike,
  switchMap,
  take,
  throwError,
  throwIfEmpty,
  timer,
} from 'rxjs';
import { messageOf, shownValue } from '../codec/messageParts.js';
import { schedulerOption } from '../codec/optionChecks.js';
import type { Transport, TransportRequest } from '../transport/Transport.js';
import { XmlRpcTransportError } from '../transport/XmlRpcTransportError.js';

/**
 * What a {@link memoryTransport} sends requests to: a function from the `<methodCall>` text to the
 * response text (or a Promise or Observable of it), such as the handler from `createXmlRpcHandler`,
 * whose `observe` form is then used so that virtual time and cancellation reach the methods.
 */
export type MemoryTransportHandler = ((
  requestXml: string,
) => string | PromiseLike<string> | Observable<string>) & {
  /** The lazy form, preferred when present: subscribed once per request, unsubscribed on abort. */
  readonly observe?: (requestXml: string) => Observable<string>;
};

/** Options of {@link memoryTransport}; every field is optional. */
export interface MemoryTransportOptions {
  /**
   * Delay before the handler sees a request, in milliseconds, or a function of the request (to make
   * one request slower than another). Default 0: the response comes synchronously when the
   * handler answers synchronously (a `createXmlRpcHandler` handler does for multicalls of up to 256
   * calls; larger ones yield to its `scheduler` option, which `TestScheduler.run` virtualizes).
   */
  readonly latencyMs?: number | ((request: TransportRequest) => number);
  /** Scheduler of the latency timer; default `asyncScheduler`, which `TestScheduler.run` virtualizes. */
  readonly scheduler?: SchedulerLike;
}

/** A {@link Transport} that also tells a test what went through it. */
export interface MemoryTransport extends Transport {
  /** Every request received, in order; decode a body with `decodeMethodCall` to see its calls. */
  readonly requests: readonly TransportRequest[];
  /** Requests subscribed to and neither answered nor aborted yet. */
  readonly inFlight: number;
  /** Requests unsubscribed before their response was emitted: the in-memory form of an aborted HTTP request. */
  readonly aborted: number;
}

/**
 * A transport that hands each request body to `handler` in memory: the real codec on both sides,
 * no sockets, no `node:` modules (runs in browsers too). Cold: each subscription is one request.
 * Unsubscribing before the response drops it, counts in `aborted`, and unsubscribes the handler's
 * Observable (so Observable methods of a `createXmlRpcHandler` handler are cancelled). A handler
 * that throws, rejects, errors or answers nothing gives an `XmlRpcTransportError`.
 *
 * @example Test a client against in-memory methods, counting the HTTP requests it would make
 * ```ts
 * import { forkJoin, lastValueFrom } from 'rxjs';
 * import { createXmlRpcClient } from 'rxjs-xmlrpc';
 * import { createXmlRpcHandler, memoryTransport } from 'rxjs-xmlrpc/testing';
 * import { expect } from 'vitest';
 *
 * const transport = memoryTransport(createXmlRpcHandler({ add: (a: number, b: number) => a + b }));
 * const client = createXmlRpcClient({ transport, batch: { maxBatchSize: 50 } });
 * await lastValueFrom(forkJoin(Array.from({ length: 120 }, (_, i) => client.call('add', [i, 1]))));
 * expect(transport.requests).toHaveLength(3); // multicalls of 50, 50 and 20 calls
 * ```
 * @example Virtual-time latency in a marble test
 * ```ts
 * import { TestScheduler } from 'rxjs/testing';
 * import { encodeMethodCall } from 'rxjs-xmlrpc';
 * import { createXmlRpcHandler, encodeMethodResponse, memoryTransport } from 'rxjs-xmlrpc/testing';
 * import { expect } from 'vitest';
 *
 * const handler = createXmlRpcHandler({ add: (a: number, b: number) => a + b });
 * const testScheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
 * testScheduler.run(({ expectObservable }) => {
 *   const transport = memoryTransport(handler, { latencyMs: 5 });
 *   const body = encodeMethodCall('add', [2, 3]);
 *   expectObservable(transport({ body, headers: {} })).toBe('-----(r|)', { r: encodeMethodResponse(5) });
 * });
 * ```
 * @param handler Answers a request body; a canned `() => '<methodResponse>…'` works too.
 * @param options Latency and its scheduler.
 * @returns The transport, with `requests`, `inFlight` and `aborted` to assert on.
 */
export function memoryTransport(
  handler: MemoryTransportHandler,
  options: MemoryTransportOptions = {},
): MemoryTransport {
  if (typeof handler !== 'function') {
    throw new TypeError(`\`handler\` must be a function, but got ${shownValue(handler)}`);
  }
  const { latencyMs = 0 } = options;
  const scheduler = schedulerOption(options.scheduler, asyncScheduler);
  if (typeof latencyMs !== 'function' && !(Number.isFinite(latencyMs) && latencyMs >= 0)) {
    throw new RangeError(
      `\`latencyMs\` must be a finite number of at least 0 or a function, but got ${shownValue(latencyMs)}`,
    );
  }

  const answer = (body: string): Observable<string> =>
    handler.observe
      ? handler.observe(body)
      : defer(() => {
          const response = handler(body);
          return typeof response === 'string' ? of(response) : from(response);
        });

  const transport: Transport & { requests: TransportRequest[]; inFlight: number; aborted: number } =
    Object.assign(
      (request: TransportRequest) =>
        new Observable<string>((subscriber) => {
          transport.requests.push(request);
          transport.inFlight++;
          let pending = true;
          const settle = (): void => {
            if (pending) {
              pending = false;
              transport.inFlight--;
            }
          };
          const subscription = defer(() => {
            const delayMs = typeof latencyMs === 'function' ? latencyMs(request) : latencyMs;
            return delayMs > 0
              ? timer(delayMs, scheduler).pipe(switchMap(() => answer(request.body)))
              : answer(request.body);
          })
            .pipe(
              take(1),
              throwIfEmpty(() => new XmlRpcTransportError('memory transport: the handler answered nothing')),
              catchError((error: unknown) =>
                throwError(() =>
                  error instanceof XmlRpcTransportError
                    ? error
                    : new XmlRpcTransportError(`memory transport: the handler failed: ${messageOf(error)}`, {
                        cause: error,
                      }),
                ),
              ),
            )
            .subscribe({
              next: (xml) => {
                settle();
                subscriber.next(xml);
              },
              error: (error: unknown) => {
                settle();
                subscriber.error(error);
              },
              complete: () => subscriber.complete(),
            });
          return () => {
            subscription.unsubscribe();
            if (pending) {
              settle();
              transport.aborted++;
            }
          };
        }),
      { requests: [] as TransportRequest[], inFlight: 0, aborted: 0 },
    );
  return transport;
}
