import { describe, expect, it } from 'vitest';
import { requestHeaders } from '../../../src/transport/internal/requestHeaders.js';

describe('requestHeaders', () => {
  it('starts from Content-Type text/xml', () => {
    expect(requestHeaders({ body: '', headers: {} }, {})).toEqual({ 'Content-Type': 'text/xml' });
  });

  it('lets request headers, then configured headers, replace earlier ones whatever their case', () => {
    const request = {
      body: '',
      headers: { 'content-type': 'application/xml', 'X-Lib': 'lib', 'X-Both': 'request' },
    };
    expect(requestHeaders(request, { 'x-both': 'configured', Authorization: 'Basic x' })).toEqual({
      'content-type': 'application/xml',
      'X-Lib': 'lib',
      'x-both': 'configured',
      Authorization: 'Basic x',
    });
  });
});
