import { config, firstValueFrom, map, Subscription, VirtualTimeScheduler } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import type { ClientEvent } from '../../../src/client/ClientEvent.js';
import { createXmlRpcClient } from '../../../src/client/createXmlRpcClient.js';
import { PendingCall } from '../../../src/client/internal/PendingCall.js';
import { XmlRpcFault } from '../../../src/codec/XmlRpcFault.js';
import { memoryTransport } from '../../../src/testing/index.js';
import { receivedCalls, testHandler } from '../../helpers/testHandler.js';

/*
 * A call subscribed with plain callbacks is its own Subscription (CallObservable.ts, PendingCall.ts):
 * these specs hold it to RxJS's subscriber contract, and check that everything else takes RxJS's path.
 */

function setup() {
  const scheduler = new VirtualTimeScheduler();
  const transport = memoryTransport(testHandler);
  const events: ClientEvent[] = [];
  const client = createXmlRpcClient({
    transport,
    scheduler,
    onEvent: (event) => events.push(event),
  });
  return { client, transport, events, send: () => scheduler.flush() };
}

/** Errors reported as unhandled, collected through RxJS's own hook. */
async function unhandledDuring(body: () => void): Promise<unknown[]> {
  const reported: unknown[] = [];
  config.onUnhandledError = (error) => reported.push(error);
  body();
  await new Promise((resolve) => setTimeout(resolve, 5));
  return reported;
}

afterEach(() => {
  config.onUnhandledError = null;
});

describe('a call subscribed with callbacks', () => {
  it('is its own Subscription: next, then complete, then closed with its added teardowns run', () => {
    const { client, send } = setup();
    const seen: string[] = [];
    const subscription = client.call('echo', ['a']).subscribe({
      next: (value) => seen.push(`next ${JSON.stringify(value)}`),
      complete: () => seen.push('complete'),
    });
    subscription.add(() => seen.push('teardown'));
    expect(subscription).toBeInstanceOf(PendingCall);
    expect(subscription.closed).toBe(false);
    send();
    expect(seen).toEqual(['next ["a"]', 'complete', 'teardown']);
    expect(subscription.closed).toBe(true);
  });

  it('takes a next function alone, and calls observer methods with the observer as `this`', () => {
    const { client, send } = setup();
    const values: unknown[] = [];
    client.call('add', [1, 2]).subscribe((value) => values.push(value));
    const observer = {
      seen: [] as unknown[],
      next(value: unknown) {
        this.seen.push(value);
      },
    };
    client.call('add', [3, 4]).subscribe(observer);
    send();
    expect(values).toEqual([3]);
    expect(observer.seen).toEqual([7]);
  });

  it('errors with its own fault, then is closed; the other calls of the request are answered', () => {
    const { client, send } = setup();
    const errors: unknown[] = [];
    const values: unknown[] = [];
    const failing = client.call('fail', ['x']).subscribe({ error: (error: unknown) => errors.push(error) });
    client.call('echo', ['ok']).subscribe((value) => values.push(value));
    send();
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(XmlRpcFault);
    expect(errors[0]).toMatchObject({ faultCode: 4, index: 0, methodName: 'fail' });
    expect(failing.closed).toBe(true);
    expect(values).toEqual([['ok']]);
  });

  it('reports an error without an error callback, and errors thrown by callbacks, as RxJS does', async () => {
    const { client, send } = setup();
    const completed: string[] = [];
    const reported = await unhandledDuring(() => {
      client.call('fail', []).subscribe();
      client.call('echo', [1]).subscribe({
        next: () => {
          throw new Error('next threw');
        },
        complete: () => completed.push('still completed'),
      });
      client.call('fail', []).subscribe({
        error: () => {
          throw new Error('error threw');
        },
      });
      send();
    });
    expect(reported.map((error) => (error as Error).message)).toEqual([
      'fail (call 1 of 3): XML-RPC fault 4: failed on purpose: []',
      'next threw',
      'error threw',
    ]);
    expect(completed).toEqual(['still completed']);
  });

  it('is never sent when unsubscribed before its batch leaves, and is reported once', () => {
    const { client, transport, events, send } = setup();
    const gone = client.call('echo', ['gone']).subscribe(() => {
      throw new Error('must not be answered');
    });
    const kept: unknown[] = [];
    client.call('echo', ['kept']).subscribe((value) => kept.push(value));
    gone.unsubscribe();
    gone.unsubscribe();
    expect(gone.closed).toBe(true);
    send();
    expect(receivedCalls(transport)).toEqual([{ methodName: 'echo', params: ['kept'] }]);
    expect(kept).toEqual([['kept']]);
    expect(events.filter((event) => event.type === 'callCancelled')).toEqual([
      { type: 'callCancelled', at: 0, methodName: 'echo', sent: false },
    ]);
  });

  it('delivers nothing more once unsubscribed from inside next, and unsubscribing after the answer is a no-op', () => {
    const { client, events, send } = setup();
    const seen: string[] = [];
    const subscription: Subscription = client.call('echo', [1]).subscribe({
      next: () => {
        seen.push('next');
        subscription.unsubscribe();
      },
      complete: () => seen.push('complete'),
    });
    const answered = client.call('echo', [2]).subscribe();
    send();
    answered.unsubscribe();
    expect(seen).toEqual(['next']);
    expect(events.filter((event) => event.type === 'callCancelled')).toEqual([]);
  });

  it('skips callbacks given as null, as RxJS does', async () => {
    const { client, send } = setup();
    const reported = await unhandledDuring(() => {
      client.call('echo', [1]).subscribe({ next: null as never, complete: null as never });
      send();
    });
    expect(reported).toEqual([]);
  });

  it('is a call of its own at every subscription', () => {
    const { client, transport, send } = setup();
    const call = client.call('echo', ['same']);
    const values: unknown[] = [];
    call.subscribe((value) => values.push(value));
    call.subscribe((value) => values.push(value));
    send();
    expect(values).toEqual([['same'], ['same']]);
    expect(receivedCalls(transport)).toEqual([
      {
        methodName: 'system.multicall',
        params: [
          [
            { methodName: 'echo', params: ['same'] },
            { methodName: 'echo', params: ['same'] },
          ],
        ],
      },
    ]);
  });
});

describe("RxJS's own path", () => {
  it('serves operators, firstValueFrom and the three-callback signature, with the same answers', async () => {
    const { client, send } = setup();
    const mapped: unknown[] = [];
    const piped = client
      .call<number>('add', [1, 1])
      .pipe(map((n) => n * 10))
      .subscribe((value) => mapped.push(value));
    const first = firstValueFrom(client.call('echo', ['first']));
    const triple: unknown[] = [];
    const legacy = client.call('echo', ['legacy']).subscribe(
      (value) => triple.push(value),
      undefined,
      () => triple.push('complete'),
    );
    send();
    expect(mapped).toEqual([20]);
    expect(await first).toEqual(['first']);
    expect(triple).toEqual([['legacy'], 'complete']);
    expect(piped).not.toBeInstanceOf(PendingCall);
    expect(legacy).not.toBeInstanceOf(PendingCall);
  });

  it('is taken by a subscription-like observer (a Subscriber of another RxJS copy) and under the deprecated flags', () => {
    const { client, send } = setup();
    const values: unknown[] = [];
    const foreign = Object.assign(new Subscription(), { next: (value: unknown) => values.push(value) });
    expect(client.call('echo', ['foreign']).subscribe(foreign)).not.toBeInstanceOf(PendingCall);
    config.useDeprecatedNextContext = true;
    try {
      expect(client.call('echo', ['flag']).subscribe(() => {})).not.toBeInstanceOf(PendingCall);
    } finally {
      config.useDeprecatedNextContext = false;
    }
    send();
    expect(values).toEqual([['foreign']]);
  });

  it('unsubscribing a piped call before it is sent keeps it off the wire', () => {
    const { client, transport, send } = setup();
    const piped = client
      .call('echo', ['piped'])
      .pipe(map((value) => value))
      .subscribe();
    piped.unsubscribe();
    client.call('echo', ['plain']).subscribe();
    send();
    expect(receivedCalls(transport)).toEqual([{ methodName: 'echo', params: ['plain'] }]);
  });
});
