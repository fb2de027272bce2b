import { Subject, throwError } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { createXmlRpcClient } from '../../src/client/createXmlRpcClient.js';
import { XmlRpcFault } from '../../src/codec/XmlRpcFault.js';
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

function run(body: (scheduler: TestScheduler) => void): void {
  const scheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
  scheduler.run(() => body(scheduler));
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
