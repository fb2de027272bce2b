import { describe, expect, it, vi } from 'vitest';
import { ajaxTransport } from '../../../src/transport/ajaxTransport.js';
import { endpoints, newTag, SERVER_WAIT, streamSeen, withQuery } from '../testEndpoints.js';
import { failureOf, transportContract } from './transportContract.js';

transportContract('ajaxTransport', ajaxTransport);

describe('ajaxTransport in the browser', () => {
  it('stops on the progress event that takes the text, measured as UTF-8, over `maxResponseBytes`', async () => {
    const tag = newTag();
    // 4 UTF-8 bytes but 2 UTF-16 units a character: the limit is on bytes, not on string length.
    const url = withQuery(endpoints.streamUrl, { tag, unit: '🌍', count: 500_000, chunk: 16_384 });
    const error = await failureOf(ajaxTransport(url, { maxResponseBytes: 100_000 }), 'any', []);
    expect(error.message).toContain('response body exceeds maxResponseBytes (100000 bytes)');
    await vi.waitFor(
      async () => expect(await streamSeen(tag)).toMatchObject({ closedEarly: true }),
      SERVER_WAIT,
    );
    const { sentBytes, totalBytes } = await streamSeen(tag);
    expect(sentBytes).toBeLessThan(totalBytes / 2);
  });
});
