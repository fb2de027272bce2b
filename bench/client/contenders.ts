/**
 * The two ways of making N lookups that the client suite compares: rxjs-xmlrpc's `client.call()` and
 * DataLoader batching the same keys into the same `system.multicall` round trip. Both use our codec
 * on both sides, so the comparison is of the batching machinery, not of XML handling.
 */
import DataLoader from 'dataloader';
import {
  createXmlRpcClient,
  decodeMulticallResponse,
  encodeMulticall,
  XmlRpcFault,
  type XmlRpcValue,
} from 'rxjs-xmlrpc';
import type { RoundTrip } from './inMemoryRoundTrip.js';

export const BATCH_SIZE = 100;

/** Starts `calls` lookups at once; resolves when every answer arrived (rejects on the first error). */
export type Contender = (roundTrip: RoundTrip, calls: number) => { pending: Promise<number> };

/**
 * Counts the answers of one run and checks each is the one its call asked for. Both contenders get
 * their per-call callback from `expect(id)`, so the caller-side work is the same for both. (Made by a
 * factory, not written inline: tsx compiles an inline `next: (value) => …` with a `__name` wrapper
 * that gives each closure an own `name` property, a cost only one side would pay.)
 */
class AnswerTally {
  private answered = 0;

  constructor(
    private readonly calls: number,
    private readonly resolve: (answered: number) => void,
    readonly reject: (error: Error) => void,
  ) {}

  expect(id: number): (value: XmlRpcValue) => void {
    return (value) => {
      const answeredId = (value as { id: number }).id;
      if (answeredId !== id) this.reject(new XmlRpcFault(0, `call ${id} got the answer of ${answeredId}`));
      if (++this.answered === this.calls) this.resolve(this.answered);
    };
  }
}

/** rxjs-xmlrpc: one `call()` subscription per lookup, batched 100 per request. */
export const viaClient: Contender = (roundTrip, calls) => {
  const client = createXmlRpcClient({ transport: roundTrip.transport, batch: { maxBatchSize: BATCH_SIZE } });
  const pending = new Promise<number>((resolve, reject) => {
    const tally = new AnswerTally(calls, resolve, reject);
    for (let id = 0; id < calls; id++) {
      client.call('lookup', [id]).subscribe({ next: tally.expect(id), error: tally.reject });
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
  const pending = new Promise<number>((resolve, reject) => {
    const tally = new AnswerTally(calls, resolve, reject);
    for (let id = 0; id < calls; id++) loader.load(id).then(tally.expect(id), tally.reject);
  });
  return { pending };
};

export const CONTENDERS = { 'rxjs-xmlrpc': viaClient, DataLoader: viaDataLoader } as const;
export type ContenderName = keyof typeof CONTENDERS;
