import { firstValueFrom, take, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { createXmlRpcClient } from '../../../src/client/createXmlRpcClient.js';
import { XmlRpcFault } from '../../../src/codec/XmlRpcFault.js';
import { poll } from '../../../src/operators/poll.js';
import { fetchTransport } from '../../../src/transport/fetchTransport.js';
import { XmlRpcTransportError } from '../../../src/transport/XmlRpcTransportError.js';
import { endpoints, newTag, requestsSeen, withQuery } from '../testEndpoints.js';

const calls = [
  { methodName: 'echo', params: ['up'] },
  { methodName: 'no.such.method', params: [] },
];

describe('poll in the browser', () => {
  it('sends one multicall a round, goes on through faults, and stops when unsubscribed', async () => {
    const tag = newTag();
    const client = createXmlRpcClient({ transport: fetchTransport(withQuery(endpoints.rpcUrl, { tag })) });
    const rounds = await firstValueFrom(poll(client, calls, { everyMs: 100 }).pipe(take(3), toArray()));
    expect(rounds).toHaveLength(3);
    for (const [echo, missing] of rounds) {
      expect(echo).toMatchObject({ ok: true, value: 'up', call: calls[0] });
      expect(missing).toMatchObject({ ok: false, call: calls[1] });
      expect(!missing?.ok && missing?.error).toBeInstanceOf(XmlRpcFault);
    }
    expect((await requestsSeen(tag)).posts).toBe(3);
    // take(3) unsubscribed: no fourth round, however long we wait.
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect((await requestsSeen(tag)).posts).toBe(3);
  });

  it('goes on through rounds the network refuses, each call getting the transport error', async () => {
    const client = createXmlRpcClient({ transport: fetchTransport(endpoints.refusedUrl) });
    const rounds = await firstValueFrom(poll(client, calls, { everyMs: 100 }).pipe(take(2), toArray()));
    for (const outcome of rounds.flat()) {
      expect(outcome.ok).toBe(false);
      expect(!outcome.ok && outcome.error).toBeInstanceOf(XmlRpcTransportError);
      expect(!outcome.ok && outcome.error.message).toContain(`POST ${endpoints.refusedUrl} failed: `);
    }
  });
});
