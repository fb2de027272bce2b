import { Observable, Subject, throwError } from 'rxjs';
import { type RunHelpers, TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { createXmlRpcClient } from '../../src/client/createXmlRpcClient.js';
import { XmlRpcEncodeError } from '../../src/codec/XmlRpcEncodeError.js';
import { XmlRpcFault } from '../../src/codec/XmlRpcFault.js';
import { batchFailed, callFailed } from '../../src/multicall/failedOutcomes.js';
import type { CallOutcome, XmlRpcCall } from '../../src/multicall/XmlRpcCall.js';
import { poll, pollOn } from '../../src/operators/poll.js';
import { memoryTransport } from '../../src/testing/index.js';
import type { Transport } from '../../src/transport/Transport.js';
import { XmlRpcTransportError } from '../../src/transport/XmlRpcTransportError.js';
import { receivedCalls, testHandler, trackPeakInFlight } from '../helpers/testHandler.js';
import { TrackingScheduler } from '../helpers/trackingScheduler.js';

const calls: XmlRpcCall[] = [
  { methodName: 'echo', params: ['state'], id: 'state' },
  { methodName: 'fail', params: [], id: 'broken' },
];

/** Each round as `time:ok,fault` so rounds read at a glance. */
function summary(rounds: Array<{ at: number; outcomes: CallOutcome[] }>): string[] {
  return rounds.map(
    ({ at, outcomes }) => `${at}:${outcomes.map((o) => (o.ok ? 'ok' : o.error.name)).join(',')}`,
  );
}

function run(body: (scheduler: TestScheduler, helpers: RunHelpers) => void): void {
  const scheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
  scheduler.run((helpers) => body(scheduler, helpers));
}

describe('poll', () => {
  it('sends one multicall at once and then every `everyMs`, with the very descriptors given', () => {
    run((scheduler) => {
      const transport = memoryTransport(testHandler, { scheduler, latencyMs: 1 });
      const client = createXmlRpcClient({ transport, scheduler });
      const rounds: Array<{ at: number; outcomes: CallOutcome[] }> = [];
      const sub = poll(client, calls, { everyMs: 10, scheduler }).subscribe((outcomes) =>
        rounds.push({ at: scheduler.now(), outcomes }),
      );
      scheduler.schedule(() => sub.unsubscribe(), 25);
      scheduler.flush();
      expect(summary(rounds)).toEqual(['1:ok,XmlRpcFault', '11:ok,XmlRpcFault', '21:ok,XmlRpcFault']);
      expect(receivedCalls(transport).map((r) => r.methodName)).toEqual(Array(3).fill('system.multicall'));
      expect(rounds[0]?.outcomes[0]?.call).toBe(calls[0]);
      expect(rounds[0]?.outcomes[1]?.call).toBe(calls[1]);
    });
  });

  it('skips the ticks that find a round in flight instead of queueing them', () => {
    run((scheduler) => {
      const memory = memoryTransport(testHandler, { scheduler, latencyMs: 25 });
      const transport = trackPeakInFlight(memory);
      const client = createXmlRpcClient({ transport, scheduler });
      const rounds: Array<{ at: number; outcomes: CallOutcome[] }> = [];
      const sub = poll(client, calls, { everyMs: 10, scheduler }).subscribe((outcomes) =>
        rounds.push({ at: scheduler.now(), outcomes }),
      );
      scheduler.schedule(() => sub.unsubscribe(), 75);
      scheduler.flush();
      // Rounds start at 0, 30 (ticks 10 and 20 skipped), 60 (40 and 50 skipped).
      expect(summary(rounds)).toEqual(['25:ok,XmlRpcFault', '55:ok,XmlRpcFault']);
      expect(transport.peakInFlight).toBe(1);
      expect(memory.requests).toHaveLength(3);
      expect(memory.aborted).toBe(1); // the round in flight at 75
    });
  });

  it('goes on through per-call faults and transport errors, which arrive as outcomes', () => {
    run((scheduler) => {
      const transport = memoryTransport(testHandler, { scheduler });
      let request = 0;
      const flaky: Transport = (body) =>
        request++ === 1 ? throwError(() => new XmlRpcTransportError('connection reset')) : transport(body);
      const client = createXmlRpcClient({ transport: flaky, scheduler });
      const rounds: Array<{ at: number; outcomes: CallOutcome[] }> = [];
      const sub = poll(client, calls, { everyMs: 10, scheduler }).subscribe((outcomes) =>
        rounds.push({ at: scheduler.now(), outcomes }),
      );
      scheduler.schedule(() => sub.unsubscribe(), 25);
      scheduler.flush();
      expect(summary(rounds)).toEqual([
        '0:ok,XmlRpcFault',
        '10:XmlRpcTransportError,XmlRpcTransportError',
        '20:ok,XmlRpcFault',
      ]);
      expect(rounds[0]?.outcomes[1]).toMatchObject({ ok: false, error: expect.any(XmlRpcFault) });
    });
  });

  it('stops its timer and aborts the round in flight when unsubscribed, leaving nothing scheduled', () => {
    run((scheduler) => {
      const tracking = new TrackingScheduler(scheduler);
      const transport = memoryTransport(testHandler, { scheduler: tracking, latencyMs: 5 });
      const client = createXmlRpcClient({ transport, scheduler: tracking });
      const sub = poll(client, calls, { everyMs: 10, scheduler: tracking }).subscribe();
      scheduler.schedule(() => sub.unsubscribe(), 12);
      scheduler.flush();
      expect(tracking.scheduled).toBeGreaterThan(0);
      expect(tracking.pending).toBe(0);
      expect(transport.aborted).toBe(1);
      expect(transport.inFlight).toBe(0);
    });
  });

  it('refuses a period that is not a positive number', () => {
    const client = { multicall: () => throwError(() => new Error('unused')) };
    expect(() => poll(client, calls, { everyMs: 0 })).toThrow(
      '`everyMs` must be a positive number of milliseconds, but got 0',
    );
    expect(() => poll(client, calls, { everyMs: Number.NaN })).toThrow(RangeError);
  });
});

/** A round's outcomes for `calls`: the server unreachable, faults of several kinds, or values. */
const outcomesOf = {
  unreachable: batchFailed(calls, new XmlRpcTransportError('connection refused')),
  good: calls.map((call): CallOutcome => ({ call, ok: true, value: 1 })),
  faultsPerCall: calls.map((call, index) => callFailed(call, index, 2, new XmlRpcFault(4, 'no'))),
  faultToMulticall: batchFailed(calls, new XmlRpcFault(-32601, 'method not found')),
  unsent: calls.map((call, index) => callFailed(call, index, 2, new XmlRpcEncodeError('NaN', 'params[0]'))),
  unsentAndUnreachable: [
    callFailed(calls[0]!, 0, 2, new XmlRpcEncodeError('NaN', 'params[0]')),
    callFailed(calls[1]!, 1, 2, new XmlRpcTransportError('timed out'), true),
  ],
  oneAnswered: [
    { call: calls[0]!, ok: true, value: 0 },
    callFailed(calls[1]!, 1, 2, new XmlRpcTransportError('reset'), true),
  ] satisfies CallOutcome[],
} as const;

/**
 * A client answering round i with `rounds[i]` (the last one again after the end), and recording
 * when each round started and how many were in flight at most.
 */
function scriptedClient(rounds: readonly Observable<readonly CallOutcome[]>[], scheduler: TestScheduler) {
  const starts: number[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const multicall = <C extends XmlRpcCall>(): Observable<CallOutcome<C>[]> =>
    new Observable<CallOutcome<C>[]>((subscriber) => {
      const round = rounds[Math.min(starts.length, rounds.length - 1)]!;
      starts.push(scheduler.now());
      maxInFlight = Math.max(maxInFlight, ++inFlight);
      const subscription = (round as Observable<CallOutcome<C>[]>).subscribe(subscriber);
      return () => {
        inFlight--;
        subscription.unsubscribe();
      };
    });
  return {
    multicall,
    starts,
    get maxInFlight() {
      return maxInFlight;
    },
  };
}

describe('poll with backoff', () => {
  it('doubles the period after each failed round, up to `maxMs`, back to `everyMs` after a good one', () => {
    run((scheduler, { cold, expectObservable }) => {
      const failed = cold('-(x|)', { x: outcomesOf.unreachable });
      const good = cold('  -(g|)', { g: outcomesOf.good });
      const client = scriptedClient([failed, failed, failed, failed, good, good, failed, failed], scheduler);
      const rounds = poll(client, calls, { everyMs: 10, backoff: { maxMs: 40 }, scheduler });
      //          due at:  0   20        60        100       140       150      160      180
      const expected = '   -x 19ms x 39ms x 39ms x 39ms g 9ms g 9ms x 19ms x ';
      expectObservable(rounds, '^ 184ms !').toBe(expected, {
        x: outcomesOf.unreachable,
        g: outcomesOf.good,
      });
      scheduler.flush();
      expect(client.starts).toEqual([0, 20, 60, 100, 140, 150, 160, 180]);
    });
  });

  it('counts as failed only rounds no call of which reached the server', () => {
    const secondRoundAt = (outcomes: readonly CallOutcome[]): number | undefined => {
      let at: number | undefined;
      run((scheduler, { cold }) => {
        const client = scriptedClient([cold('(r|)', { r: outcomes })], scheduler);
        const sub = poll(client, calls, { everyMs: 10, backoff: { maxMs: 100 }, scheduler }).subscribe();
        scheduler.schedule(() => sub.unsubscribe(), 25);
        scheduler.flush();
        at = client.starts[1];
      });
      return at;
    };
    expect(secondRoundAt(outcomesOf.unreachable)).toBe(20);
    expect(secondRoundAt(outcomesOf.unsentAndUnreachable)).toBe(20);
    // The server answered (a fault is an answer), or nothing was sent at all:
    expect(secondRoundAt(outcomesOf.faultsPerCall)).toBe(10);
    expect(secondRoundAt(outcomesOf.faultToMulticall)).toBe(10);
    expect(secondRoundAt(outcomesOf.oneAnswered)).toBe(10);
    expect(secondRoundAt(outcomesOf.unsent)).toBe(10);
    expect(secondRoundAt(outcomesOf.good)).toBe(10);
    expect(secondRoundAt([])).toBe(10);
  });

  it('skips the ticks of the grown period that a long round outlasts, never two rounds in flight', () => {
    run((scheduler, { cold }) => {
      const failed = cold('25ms (x|)', { x: outcomesOf.unreachable });
      const client = scriptedClient([failed], scheduler);
      const sub = poll(client, calls, { everyMs: 10, backoff: { maxMs: 80 }, scheduler }).subscribe();
      scheduler.schedule(() => sub.unsubscribe(), 200);
      scheduler.flush();
      // Ends 25, period 20: due 40. Ends 65, period 40: due 80. Ends 105, period 80: due 160.
      expect(client.starts).toEqual([0, 40, 80, 160]);
      expect(client.maxInFlight).toBe(1);
    });
  });

  it('keeps polling every `everyMs` through failed rounds without `backoff`', () => {
    run((scheduler, { cold }) => {
      const client = scriptedClient([cold('-(x|)', { x: outcomesOf.unreachable })], scheduler);
      const sub = poll(client, calls, { everyMs: 10, scheduler }).subscribe();
      scheduler.schedule(() => sub.unsubscribe(), 35);
      scheduler.flush();
      expect(client.starts).toEqual([0, 10, 20, 30]);
    });
  });

  it('slows down on a real client whose transport fails, and recovers with the server', () => {
    run((scheduler) => {
      const server = memoryTransport(testHandler, { scheduler, latencyMs: 1 });
      const starts: number[] = [];
      const down = (at: number) => at >= 10 && at < 50;
      const transport: Transport = (request) => {
        starts.push(scheduler.now());
        return down(scheduler.now())
          ? throwError(() => new XmlRpcTransportError('connection refused'))
          : server(request);
      };
      const client = createXmlRpcClient({ transport, scheduler });
      const sub = poll(client, calls, { everyMs: 10, backoff: { maxMs: 30 }, scheduler }).subscribe();
      scheduler.schedule(() => sub.unsubscribe(), 95);
      scheduler.flush();
      // Down from 10 to 50: failed at 10 (period 20), 30 (period 30 = maxMs); good again at 60.
      expect(starts).toEqual([0, 10, 30, 60, 70, 80, 90]);
    });
  });

  it('keeps a schedule of its own for each subscriber', () => {
    run((scheduler, { cold }) => {
      const down = () => scheduler.now() < 30;
      const client = {
        multicall: <C extends XmlRpcCall>(): Observable<CallOutcome<C>[]> =>
          cold('(r|)', {
            r: (down() ? outcomesOf.unreachable : outcomesOf.good) as CallOutcome<C>[],
          }),
      };
      const rounds = poll(client, calls, { everyMs: 10, backoff: { maxMs: 40 }, scheduler });
      const starts: Record<string, number[]> = { first: [], second: [] };
      const first = rounds.subscribe(() => starts.first!.push(scheduler.now()));
      scheduler.schedule(() => {
        const second = rounds.subscribe(() => starts.second!.push(scheduler.now()));
        scheduler.schedule(() => second.unsubscribe(), 65);
      }, 5);
      scheduler.schedule(() => first.unsubscribe(), 70);
      scheduler.flush();
      expect(starts).toEqual({ first: [0, 20, 60], second: [5, 25, 65] });
    });
  });

  it('cancels its timer when unsubscribed while waiting, and the round in flight otherwise', () => {
    run((scheduler, { cold, expectObservable }) => {
      const tracking = new TrackingScheduler(scheduler);
      const failed = cold('5ms (x|)', { x: outcomesOf.unreachable });
      const client = scriptedClient([failed], scheduler);
      const rounds = poll(client, calls, { everyMs: 10, backoff: { maxMs: 40 }, scheduler: tracking });
      expectObservable(rounds, '^ 10ms !').toBe('5ms x', { x: outcomesOf.unreachable });
      expectObservable(rounds, '^ 22ms !').toBe('5ms x 14ms -', { x: outcomesOf.unreachable });
      scheduler.flush();
      // Due at 0 and 20 (period 20 after the failed round); the second round, started at 20, cut at 23.
      expect(
        failed.subscriptions.map(({ subscribedFrame: from, unsubscribedFrame: to }) => [from, to]),
      ).toEqual([
        [0, 5],
        [0, 5],
        [20, 23],
      ]);
      expect(tracking.scheduled).toBeGreaterThan(0);
      expect(tracking.pending).toBe(0);
    });
  });

  it('refuses a `backoff` that is not an object with a finite `maxMs` of at least `everyMs`', () => {
    const client = { multicall: () => throwError(() => new Error('unused')) };
    const withBackoff = (backoff: unknown) =>
      poll(client, calls, { everyMs: 10, backoff: backoff as { maxMs: number } });
    expect(() => withBackoff(40)).toThrow(new TypeError('`backoff` must be an object, but got 40'));
    expect(() => withBackoff({ maxMs: '40' })).toThrow(
      new TypeError(
        '`backoff.maxMs` must be a finite number of milliseconds, at least `everyMs` (10), but got "40"',
      ),
    );
    expect(() => withBackoff({ maxMs: 5 })).toThrow(
      new RangeError(
        '`backoff.maxMs` must be a finite number of milliseconds, at least `everyMs` (10), but got 5',
      ),
    );
    expect(() => withBackoff({ maxMs: Number.POSITIVE_INFINITY })).toThrow(RangeError);
    expect(() => withBackoff({})).toThrow(TypeError);
    expect(() => withBackoff({ maxMs: 10 })).not.toThrow();
  });
});

describe('pollOn', () => {
  it('sends a round for each trigger, skipping triggers that arrive while one is in flight', () => {
    run((scheduler) => {
      const transport = memoryTransport(testHandler, { scheduler, latencyMs: 3 });
      const client = createXmlRpcClient({ transport, scheduler });
      const refresh = new Subject<void>();
      const rounds: number[] = [];
      refresh.pipe(pollOn(client, calls)).subscribe(() => rounds.push(scheduler.now()));
      for (const at of [0, 1, 5, 20]) scheduler.schedule(() => refresh.next(), at);
      scheduler.flush();
      expect(rounds).toEqual([3, 8, 23]); // the trigger at 1 found the first round in flight
      expect(transport.requests).toHaveLength(3);
    });
  });
});
