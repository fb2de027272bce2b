import { describe, expect, it } from 'vitest';
import {
  asTransportFailure,
  httpStatusFailure,
  responseTooLargeFailure,
  transportFailure,
} from '../../../src/transport/internal/transportFailure.js';
import { XmlRpcTransportError } from '../../../src/transport/XmlRpcTransportError.js';

const URL_ = 'http://h/RPC2';

describe('transportFailure', () => {
  it('says what was attempted, what went wrong, and quotes the body on one line', () => {
    const error = transportFailure(URL_, 'it broke', { status: 200, body: '\uFEFF  <a>\n\n   b </a>\n' });
    expect(error).toBeInstanceOf(XmlRpcTransportError);
    expect(error.message).toBe('POST http://h/RPC2 failed: it broke: "<a> b </a>"');
    expect(error.status).toBe(200);
    expect(transportFailure(URL_, 'it broke').message).toBe('POST http://h/RPC2 failed: it broke');
  });

  it('shortens a long body', () => {
    const { message } = transportFailure(URL_, 'x', { body: 'y'.repeat(10_000) });
    expect(message).toBe(`POST http://h/RPC2 failed: x: "${'y'.repeat(60)}…"`);
  });

  it('names HTTP statuses, with or without reason phrase', () => {
    expect(httpStatusFailure(URL_, 500, 'Internal Server Error', { body: '' }).message).toBe(
      'POST http://h/RPC2 failed: HTTP 500 Internal Server Error: (empty body)',
    );
    const bare = httpStatusFailure(URL_, 418, ' ');
    expect(bare.message).toBe('POST http://h/RPC2 failed: HTTP 418');
    expect(bare.status).toBe(418);
  });

  it('says whether Content-Length or the body read was over the limit', () => {
    expect(responseTooLargeFailure(URL_, 10, { declaredBytes: 11 }).message).toBe(
      'POST http://h/RPC2 failed: Content-Length 11 exceeds maxResponseBytes (10 bytes)',
    );
    expect(responseTooLargeFailure(URL_, 10, { body: '<a>' }).message).toBe(
      'POST http://h/RPC2 failed: response body exceeds maxResponseBytes (10 bytes): "<a>"',
    );
  });

  it('wraps foreign errors with their cause, and passes transport errors through', () => {
    const network = new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED 127.0.0.1:9') });
    const wrapped = asTransportFailure(URL_, network);
    expect(wrapped.message).toBe(
      'POST http://h/RPC2 failed: fetch failed (connect ECONNREFUSED 127.0.0.1:9)',
    );
    expect(wrapped.cause).toBe(network);
    expect(wrapped.status).toBeUndefined();
    expect(asTransportFailure(URL_, 'weird').message).toBe('POST http://h/RPC2 failed: weird');
    const own = new XmlRpcTransportError('as is');
    expect(asTransportFailure(URL_, own)).toBe(own);
  });
});
