import { firstValueFrom } from 'rxjs';
import { describe, expect, it, vi } from 'vitest';
import { decodeMethodResponse } from '../../../src/codec/decodeMethodResponse.js';
import { encodeMethodCall } from '../../../src/codec/encodeMethodCall.js';
import type { XmlRpcParam } from '../../../src/codec/XmlRpcValue.js';
import type { Transport, TransportOptions } from '../../../src/transport/Transport.js';
import { XmlRpcTransportError } from '../../../src/transport/XmlRpcTransportError.js';
import {
  callState,
  endpoints,
  newTag,
  requestsSeen,
  SERVER_WAIT,
  streamSeen,
  withQuery,
} from '../testEndpoints.js';

/** A transport factory as both `fetchTransport` and `ajaxTransport` are. */
export type TransportFactory = (url: string, options?: TransportOptions) => Transport;

/** The request a client sends for `methodName(params)`. */
export function methodCall(methodName: string, params: readonly XmlRpcParam[]) {
  return { body: encodeMethodCall(methodName, params), headers: { 'Content-Type': 'text/xml' } };
}

/** Calls `methodName` through `transport` and decodes the answer. */
export async function callThrough(
  transport: Transport,
  methodName: string,
  params: readonly XmlRpcParam[],
): Promise<unknown> {
  return decodeMethodResponse(await firstValueFrom(transport(methodCall(methodName, params))));
}

/** The error `transport` fails `methodName(params)` with. */
export async function failureOf(
  transport: Transport,
  methodName: string,
  params: readonly XmlRpcParam[],
): Promise<XmlRpcTransportError> {
  const error = await callThrough(transport, methodName, params).then(
    () => expect.unreachable('the call should have failed'),
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(XmlRpcTransportError);
  return error as XmlRpcTransportError;
}

/** Basic credentials as RFC 7617 wants them, computed with the browser's own `btoa` as the oracle. */
function basicHeader(username: string, password: string): string {
  const bytes = new TextEncoder().encode(`${username}:${password}`);
  return `Basic ${btoa(String.fromCharCode(...bytes))}`;
}

/**
 * What every transport must do in a real browser, against the Node servers of the global setup
 * (cross-origin, so through CORS preflights as a page calling supervisord through a proxy would not).
 */
export function transportContract(name: string, createTransport: TransportFactory): void {
  describe(`${name} in the browser (shared contract)`, () => {
    it('POSTs the methodCall and emits the answer', async () => {
      const tag = newTag();
      const transport = createTransport(withQuery(endpoints.rpcUrl, { tag }));
      expect(await callThrough(transport, 'echo', ['héllo 🌍'])).toBe('héllo 🌍');
      expect(await requestsSeen(tag)).toEqual({ posts: 1, authorization: null });
    });

    it('sends credentials from the URL as Basic Authorization (fetch and XHR refuse them in the URL)', async () => {
      const tag = newTag();
      const url = withQuery(endpoints.rpcUrl, { tag }).replace('http://', 'http://admin:p%40ss@');
      expect(await callThrough(createTransport(url), 'echo', [1])).toBe(1);
      expect((await requestsSeen(tag)).authorization).toBe(basicHeader('admin', 'p@ss'));
    });

    it('sends `auth` as UTF-8 Basic Authorization, beyond Latin-1', async () => {
      const tag = newTag();
      const auth = { username: 'zoë', password: 'pässwörd€🔑' };
      const transport = createTransport(withQuery(endpoints.rpcUrl, { tag }), { auth });
      expect(await callThrough(transport, 'echo', [1])).toBe(1);
      expect((await requestsSeen(tag)).authorization).toBe(basicHeader(auth.username, auth.password));
    });

    it('fails after `timeoutMs` and aborts the request: the server sees the connection closed', async () => {
      const key = newTag();
      const transport = createTransport(endpoints.rpcUrl, { timeoutMs: 300 });
      const error = await failureOf(transport, 'slow', [key, 60_000]);
      expect(error.message).toBe(`POST ${endpoints.rpcUrl} failed: no response within timeoutMs (300 ms)`);
      await vi.waitFor(async () => expect(await callState(key)).toBe('cancelled'), SERVER_WAIT);
    });

    it('aborts the request on unsubscribe: the server sees the connection closed', async () => {
      const key = newTag();
      const transport = createTransport(endpoints.rpcUrl);
      const subscription = transport(methodCall('slow', [key, 60_000])).subscribe({
        error: (error) => expect.unreachable(String(error)),
      });
      await vi.waitFor(async () => expect(await callState(key)).toBe('running'), SERVER_WAIT);
      subscription.unsubscribe();
      await vi.waitFor(async () => expect(await callState(key)).toBe('cancelled'), SERVER_WAIT);
    });

    it('refuses a body whose Content-Length is over `maxResponseBytes`', async () => {
      const transport = createTransport(endpoints.rpcUrl, { maxResponseBytes: 1000 });
      const error = await failureOf(transport, 'big', ['x', 100_000]);
      // fetch reads the Content-Length; XHR may have the whole (local) body by its first progress event.
      expect(error.message).toMatch(
        /(Content-Length \d+|response body) exceeds maxResponseBytes \(1000 bytes\)/,
      );
      expect(error.status).toBe(200);
    });

    it('stops a streamed body (no Content-Length) that grows over `maxResponseBytes`, and aborts it', async () => {
      const tag = newTag();
      const url = withQuery(endpoints.streamUrl, { tag, count: 2_000_000, chunk: 16_384 });
      const error = await failureOf(createTransport(url, { maxResponseBytes: 64 * 1024 }), 'any', []);
      expect(error.message).toContain('response body exceeds maxResponseBytes (65536 bytes)');
      await vi.waitFor(
        async () => expect(await streamSeen(tag)).toMatchObject({ closedEarly: true }),
        SERVER_WAIT,
      );
      const { sentBytes, totalBytes } = await streamSeen(tag);
      expect(sentBytes).toBeLessThan(totalBytes / 2);
    });

    it('reads a streamed body in UTF-8 whose chunks split multi-byte characters', async () => {
      // 7 bytes a unit and 1000-byte chunks: most chunk boundaries fall inside a character.
      const url = withQuery(endpoints.streamUrl, { unit: 'é€🌍', count: 3000, chunk: 1000 });
      expect(await callThrough(createTransport(url), 'any', [])).toBe('é€🌍'.repeat(3000));
    });

    it('decodes a body in the charset its Content-Type names', async () => {
      const url = withQuery(endpoints.streamUrl, { unit: 'déjà vu ', count: 3, charset: 'iso-8859-1' });
      expect(await callThrough(createTransport(url), 'any', [])).toBe('déjà vu déjà vu déjà vu ');
    });
  });
}
