/**
 * The two ways of making N lookups that the client suite compares: rxjs-xmlrpc's `client.call()` and
 * DataLoader batching the same keys into the same `system.multicall` round trip. Both use our codec
 * on both sides, so the comparison is of the batching machinery, not of XML handling.
 */
import DataLoader from 'dataloader';
import { createXmlRpcClient } from '../../src/client/createXmlRpcClient.js';
import { XmlRpcFault } from '../../src/codec/XmlRpcFault.js';
import type { XmlRpcValue } from '../../src/codec/XmlRpcValue.js';
import { decodeMulticallResponse } from '../../src/multicall/decodeMulticallResponse.js';
import { encodeMulticall } from '../../src/multicall/encodeMulticall.js';
import type { RoundTrip } from './inMemoryRoundTrip.js';

export const BATCH_SIZE = 100;

/** Starts `calls` lookups at once; resolves when every answer arrived (rejects on the first error). */
export type Contender = (roundTrip: RoundTrip, calls: number) => { pending: Promise<number> };

/** rxjs-xmlrpc: one `call()` subscription per lookup, batched 100 per request. */
export const viaClient: Contender = (roundTrip, calls) => {
  const client = createXmlRpcClient({ transport: roundTrip.transport, batch: { maxBatchSize: BATCH_SIZE } });
  const pending = new Promise<number>((resolve, reject) => {
    let answered = 0;
    for (let id = 0; id < calls; id++) {
      client.call<{ id: number }>('lookup', [id]).subscribe({
        next: (value) => {
          if (value.id !== id) reject(new Error(`call ${id} got the answer of ${value.id}`));
          if (++answered === calls) resolve(answered);
        },
        error: reject,
      });
    }
  });
  return { pending };
};

/** DataLoader: one `load()` per lookup, its batch function sending one `system.multicall`. */
export const viaDataLoader: Contender = (roundTrip, calls) => {
  const loader = new DataLoader<number, XmlRpcValue>(
    async (ids) => {
      const batch = ids.map((id) => ({ methodName: 'lookup', params: [id] }));
      const body = await roundTrip.respond(encodeMulticall(batch));
      return decodeMulticallResponse(body, batch).map((outcome) =>
        outcome.ok ? outcome.value : outcome.error,
      );
    },
    { maxBatchSize: BATCH_SIZE, cache: false },
  );
  const pending = Promise.all(
    Array.from({ length: calls }, (_, id) =>
      loader.load(id).then((value) => {
        if ((value as { id: number }).id !== id) throw new XmlRpcFault(0, `call ${id} got another's answer`);
      }),
    ),
  ).then((answers) => answers.length);
  return { pending };
};

export const CONTENDERS = { 'rxjs-xmlrpc': viaClient, DataLoader: viaDataLoader } as const;
export type ContenderName = keyof typeof CONTENDERS;
