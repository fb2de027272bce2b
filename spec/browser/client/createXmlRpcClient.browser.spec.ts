import { catchError, firstValueFrom, forkJoin, of, Subject, switchMap } from 'rxjs';
import { describe, expect, it, vi } from 'vitest';
import { createXmlRpcClient } from '../../../src/client/createXmlRpcClient.js';
import { XmlRpcFault } from '../../../src/codec/XmlRpcFault.js';
import { ajaxTransport } from '../../../src/transport/ajaxTransport.js';
import { fetchTransport } from '../../../src/transport/fetchTransport.js';
import { callState, endpoints, newTag, requestsSeen, SERVER_WAIT, withQuery } from '../testEndpoints.js';

describe.each([
  ['fetchTransport', fetchTransport],
  ['ajaxTransport', ajaxTransport],
])('createXmlRpcClient over real HTTP with %s', (_name, createTransport) => {
  it('sends the calls of one tick as one request, and each gets its own answer or fault', async () => {
    const tag = newTag();
    const client = createXmlRpcClient({ transport: createTransport(withQuery(endpoints.rpcUrl, { tag })) });
    const answers = await firstValueFrom(
      forkJoin([
        client.call('echo', [1]),
        client.call('no.such.method', []).pipe(catchError((fault: unknown) => of(fault))),
        client.call('big', ['y', 3]),
      ]),
    );
    expect(answers[0]).toBe(1);
    expect(answers[1]).toBeInstanceOf(XmlRpcFault);
    expect(answers[2]).toBe('yyy');
    expect((await requestsSeen(tag)).posts).toBe(1);
    // The next tick is the next request.
    expect(await firstValueFrom(forkJoin([client.call('echo', [2]), client.call('echo', [3])]))).toEqual([
      2, 3,
    ]);
    expect((await requestsSeen(tag)).posts).toBe(2);
  });

  it('aborts the request in flight when switchMap moves on: the server sees it closed', async () => {
    const client = createXmlRpcClient({ transport: createTransport(endpoints.rpcUrl) });
    const [first, second] = [newTag(), newTag()];
    const keys = new Subject<[string, number]>();
    const answers: unknown[] = [];
    const subscription = keys
      .pipe(switchMap(([key, ms]) => client.call('slow', [key, ms])))
      .subscribe((answer) => answers.push(answer));
    keys.next([first, 60_000]);
    await vi.waitFor(async () => expect(await callState(first)).toBe('running'), SERVER_WAIT);
    keys.next([second, 10]);
    await vi.waitFor(async () => expect(await callState(first)).toBe('cancelled'), SERVER_WAIT);
    await vi.waitFor(() => expect(answers).toEqual(['done']), SERVER_WAIT);
    expect(await callState(second)).toBe('answered');
    subscription.unsubscribe();
  });
});
