import { map, NEVER, Observable, of, throwError } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { decodeMethodCall } from '../../src/codec/decodeMethodCall.js';
import { decodeMethodResponse } from '../../src/codec/decodeMethodResponse.js';
import { encodeMethodCall } from '../../src/codec/encodeMethodCall.js';
import { encodeMethodResponse } from '../../src/codec/encodeMethodResponse.js';
import { createXmlRpcHandler } from '../../src/server/createXmlRpcHandler.js';
import { memoryTransport } from '../../src/testing/memoryTransport.js';
import type { TransportRequest } from '../../src/transport/Transport.js';
import { XmlRpcTransportError } from '../../src/transport/XmlRpcTransportError.js';

const headers = { 'Content-Type': 'text/xml' };
const requestFor = (methodName: string, params: (string | number)[] = []): TransportRequest => ({
  body: encodeMethodCall(methodName, params),
  headers,
});
const testScheduler = () => new TestScheduler((actual, expected) => expect(actual).toEqual(expected));

describe('memoryTransport', () => {
  const handler = createXmlRpcHandler({ add: (a: number, b: number) => a + b });

  it('answers through the handler with the real codec on both sides', async () => {
    const transport = memoryTransport(handler);
    const response = await new Promise<string>((resolve) =>
      transport(requestFor('add', [2, 3])).subscribe(resolve),
    );
    expect(decodeMethodResponse(response)).toBe(5);
  });

  it('answers synchronously by default when the handler can', () => {
    const transport = memoryTransport(handler);
    const seen: string[] = [];
    transport(requestFor('add', [1, 1])).subscribe({
      next: (xml) => seen.push(String(decodeMethodResponse(xml))),
      complete: () => seen.push('complete'),
    });
    expect(seen).toEqual(['2', 'complete']);
  });

  it('is cold: each subscription is one request, none before', () => {
    const transport = memoryTransport(handler);
    const response$ = transport(requestFor('add', [1, 1]));
    expect(transport.requests).toHaveLength(0);
    response$.subscribe();
    response$.subscribe();
    expect(transport.requests).toHaveLength(2);
  });

  it('records every request in order, for the test to decode', () => {
    const transport = memoryTransport(handler);
    transport(requestFor('add', [1, 2])).subscribe();
    transport(requestFor('system.listMethods')).subscribe();
    expect(transport.requests.map((request) => decodeMethodCall(request.body).methodName)).toEqual([
      'add',
      'system.listMethods',
    ]);
    expect(transport.requests[0]?.headers).toBe(headers);
  });

  it('delays by `latencyMs` in virtual time', () => {
    testScheduler().run(({ expectObservable }) => {
      const transport = memoryTransport(handler, { latencyMs: 5 });
      const answer$ = transport(requestFor('add', [2, 2])).pipe(map((xml) => decodeMethodResponse(xml)));
      expectObservable(answer$).toBe('-----(r|)', { r: 4 });
    });
  });

  it('takes the latency from a function of the request', () => {
    testScheduler().run(({ expectObservable }) => {
      const transport = memoryTransport(handler, {
        latencyMs: (request) => (decodeMethodCall(request.body).params[0] === 1 ? 2 : 7),
      });
      const answer = (a: number) =>
        transport(requestFor('add', [a, 0])).pipe(map((xml) => decodeMethodResponse(xml)));
      expectObservable(answer(1)).toBe('--(r|)', { r: 1 });
      expectObservable(answer(9)).toBe('-------(r|)', { r: 9 });
    });
  });

  it('follows virtual time through Observable methods of a createXmlRpcHandler handler', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const slow = createXmlRpcHandler({ slow: () => cold('---a|', { a: 'done' }) });
      const transport = memoryTransport(slow, { latencyMs: 2 });
      const answer$ = transport(requestFor('slow')).pipe(map((xml) => decodeMethodResponse(xml)));
      expectObservable(answer$).toBe('------(r|)', { r: 'done' });
    });
  });

  describe('aborts', () => {
    it('counts an unsubscription before the response as aborted, and drops the response', () => {
      testScheduler().run(({ expectObservable }) => {
        const transport = memoryTransport(handler, { latencyMs: 5 });
        expectObservable(transport(requestFor('add', [1, 1])), '--!').toBe('---');
        expectObservable(transport(requestFor('add', [1, 1]))).toBe('-----(r|)', {
          r: encodeMethodResponse(2),
        });
      });
    });

    it('tracks inFlight and aborted as requests start, finish and are abandoned', () => {
      testScheduler().run(({ flush }) => {
        const transport = memoryTransport(handler, { latencyMs: 5 });
        const first = transport(requestFor('add', [1, 1])).subscribe();
        transport(requestFor('add', [1, 1])).subscribe();
        expect([transport.inFlight, transport.aborted]).toEqual([2, 0]);
        first.unsubscribe();
        expect([transport.inFlight, transport.aborted]).toEqual([1, 1]);
        flush();
        expect([transport.inFlight, transport.aborted]).toEqual([0, 1]);
        expect(transport.requests).toHaveLength(2);
      });
    });

    it('does not count an unsubscription after the response as aborted', () => {
      const transport = memoryTransport(handler);
      transport(requestFor('add', [1, 1]))
        .subscribe()
        .unsubscribe();
      expect([transport.inFlight, transport.aborted]).toEqual([0, 0]);
    });

    it('never calls the handler for a request aborted during its latency', () => {
      testScheduler().run(({ flush }) => {
        let calls = 0;
        const transport = memoryTransport(
          () => {
            calls++;
            return encodeMethodResponse(1);
          },
          { latencyMs: 5 },
        );
        transport(requestFor('add')).subscribe().unsubscribe();
        flush();
        expect(calls).toBe(0);
        expect(transport.aborted).toBe(1);
      });
    });

    it('unsubscribes the Observable method of a createXmlRpcHandler handler', () => {
      let running = false;
      const transport = memoryTransport(
        createXmlRpcHandler({
          hang: () =>
            new Observable(() => {
              running = true;
              return () => {
                running = false;
              };
            }),
        }),
      );
      const subscription = transport(requestFor('hang')).subscribe();
      expect(running).toBe(true);
      subscription.unsubscribe();
      expect(running).toBe(false);
      expect(transport.aborted).toBe(1);
    });

    it('drops the late answer of a Promise handler', async () => {
      let resolve!: (xml: string) => void;
      const transport = memoryTransport(() => new Promise<string>((r) => (resolve = r)));
      const seen: string[] = [];
      const subscription = transport(requestFor('add')).subscribe((xml) => seen.push(xml));
      subscription.unsubscribe();
      resolve(encodeMethodResponse(1));
      await Promise.resolve();
      expect(seen).toEqual([]);
      expect(transport.aborted).toBe(1);
    });
  });

  describe('other handlers', () => {
    it('accepts a canned synchronous answer, even one that is not XML-RPC', () => {
      const transport = memoryTransport(() => 'not xml');
      let answer: string | undefined;
      transport(requestFor('add')).subscribe((xml) => {
        answer = xml;
      });
      expect(answer).toBe('not xml');
    });

    it('accepts an Observable answer and takes its first value', () => {
      const transport = memoryTransport(() => of('a', 'b'));
      const seen: string[] = [];
      transport(requestFor('add')).subscribe((xml) => seen.push(xml));
      expect(seen).toEqual(['a']);
    });

    it.each<[string, () => never | Promise<string> | Observable<string>, string]>([
      [
        'throws',
        () => {
          throw new Error('boom');
        },
        'memory transport: the handler failed: boom',
      ],
      ['rejects', () => Promise.reject(new Error('nope')), 'memory transport: the handler failed: nope'],
      ['errors', () => throwError(() => 'bad'), 'memory transport: the handler failed: bad'],
    ])('gives an XmlRpcTransportError when the handler %s', async (_, failing, message) => {
      const transport = memoryTransport(failing);
      const error = await new Promise<unknown>((resolve) =>
        transport(requestFor('add')).subscribe({ error: resolve }),
      );
      expect(error).toBeInstanceOf(XmlRpcTransportError);
      expect((error as Error).message).toBe(message);
      expect(transport.inFlight).toBe(0);
      expect(transport.aborted).toBe(0);
    });

    it('gives an XmlRpcTransportError when the handler answers nothing', () => {
      const transport = memoryTransport(() => new Observable<string>((s) => s.complete()));
      let error: unknown;
      transport(requestFor('add')).subscribe({ error: (e: unknown) => (error = e) });
      expect(error).toEqual(new XmlRpcTransportError('memory transport: the handler answered nothing'));
    });

    it('keeps the request open while the handler never answers', () => {
      const transport = memoryTransport(() => NEVER);
      transport(requestFor('add')).subscribe();
      expect(transport.inFlight).toBe(1);
    });
  });

  it.each<[unknown, unknown, Error]>([
    [undefined, {}, new TypeError('`handler` must be a function, but got undefined')],
    [
      handler,
      { latencyMs: -1 },
      new RangeError('`latencyMs` must be a finite number of at least 0 or a function, but got -1'),
    ],
    [
      handler,
      { latencyMs: Number.NaN },
      new RangeError('`latencyMs` must be a finite number of at least 0 or a function, but got NaN'),
    ],
    [
      handler,
      { scheduler: 'virtual' },
      new TypeError(
        '`scheduler` must be a scheduler (an object with `now` and `schedule` methods, such as ' +
          '`asapScheduler`), but got "virtual"',
      ),
    ],
  ])('throws at creation for bad arguments (%#)', (badHandler, options, error) => {
    expect(() => memoryTransport(badHandler as never, options as never)).toThrow(error);
  });
});
