import { firstValueFrom } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { createXmlRpcClient } from '../../../src/client/createXmlRpcClient.js';
import { decodeBase64, encodeBase64 } from '../../../src/codec/base64.js';
import { asBase64 } from '../../../src/codec/XmlRpcValue.js';
import { fetchTransport } from '../../../src/transport/fetchTransport.js';
import { endpoints } from '../testEndpoints.js';

/** Bytes that cover every value and every padding case. */
const lengths = [0, 1, 2, 3, 4, 5, 255, 256, 257, 4099];
function bytesOf(length: number): Uint8Array {
  return Uint8Array.from({ length }, (_, i) => (i * 7919 + (i >> 8)) & 0xff);
}

/** The browser's own base64, as the oracle. */
function btoaOf(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

describe('the codec in the browser', () => {
  it.each(lengths)('encodes and decodes %i bytes of base64 as the browser’s btoa/atob do', (length) => {
    const bytes = bytesOf(length);
    const encoded = encodeBase64(bytes);
    expect(encoded).toBe(btoaOf(bytes));
    expect(decodeBase64(encoded)).toEqual(Uint8Array.from(atob(encoded), (char) => char.charCodeAt(0)));
  });

  it('refuses base64 that atob would accept', () => {
    // atob drops the bits of an unpadded tail quietly; XML-RPC's base64 must be padded.
    expect(() => atob('QQ')).not.toThrow();
    expect(decodeBase64('QQ')).toBe('length is not a multiple of 4 (truncated or badly padded)');
  });

  it('round-trips values through a real server: UTF-8 text, base64, numbers, structs, dates', async () => {
    const client = createXmlRpcClient({ transport: fetchTransport(endpoints.rpcUrl) });
    const text = 'Ünïcödé ✓ 𝄞 🌍 中文 <&> "quotes"';
    const value = {
      text,
      bytes: asBase64(bytesOf(1000)),
      utf8: asBase64(text),
      numbers: [0, -1, 2 ** 31 - 1, 0.5, -1e-7],
      flags: [true, false],
      when: new Date('2026-01-02T03:04:05Z'),
      nested: { empty: [], deep: { deeper: [{}] } },
    };
    const echoed = await firstValueFrom(client.call<Record<string, unknown>>('echo', [value]));
    expect(echoed).toEqual({
      ...value,
      bytes: bytesOf(1000),
      utf8: new TextEncoder().encode(text),
    });
    expect(new TextDecoder().decode(echoed.utf8 as Uint8Array)).toBe(text);
  });
});
