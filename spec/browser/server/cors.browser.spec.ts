import { describe, expect, it } from 'vitest';
import { ajaxTransport } from '../../../src/transport/ajaxTransport.js';
import { fetchTransport } from '../../../src/transport/fetchTransport.js';
import { endpoints } from '../testEndpoints.js';
import { callThrough, failureOf } from '../transport/transportContract.js';

describe('serveXmlRpc `cors`, seen from a page of another origin', () => {
  it('lets the page call a server that lists its origin', async () => {
    expect(await callThrough(fetchTransport(endpoints.rpcUrl), 'echo', ['ok'])).toBe('ok');
  });

  it('leaves the page with a network error from a server without it, as supervisord is', async () => {
    const viaFetch = await failureOf(fetchTransport(endpoints.noCorsUrl), 'echo', ['ok']);
    expect(viaFetch.message).toBe(`POST ${endpoints.noCorsUrl} failed: Failed to fetch`);
    expect(viaFetch.status).toBeUndefined();
    const viaXhr = await failureOf(ajaxTransport(endpoints.noCorsUrl), 'echo', ['ok']);
    expect(viaXhr.message).toBe(`POST ${endpoints.noCorsUrl} failed: no HTTP response (ajax error)`);
  });
});
