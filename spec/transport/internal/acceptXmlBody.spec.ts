import { describe, expect, it } from 'vitest';
import { acceptXmlBody } from '../../../src/transport/internal/acceptXmlBody.js';
import { XmlRpcTransportError } from '../../../src/transport/XmlRpcTransportError.js';

const URL_ = 'http://h/RPC2';
const RESPONSE = '<methodResponse><params/></methodResponse>';

/** The problem part of the message `acceptXmlBody` throws, or `accepted`. */
function verdict(body: string, contentType?: string | null): string {
  try {
    expect(acceptXmlBody(URL_, { status: 200, contentType, body })).toBe(body);
    return 'accepted';
  } catch (error) {
    expect(error).toBeInstanceOf(XmlRpcTransportError);
    expect((error as XmlRpcTransportError).status).toBe(200);
    return (error as Error).message.replace(`POST ${URL_} failed: `, '');
  }
}

describe('acceptXmlBody', () => {
  it('accepts XML with any non-JSON, non-HTML Content-Type, or none', () => {
    for (const type of [
      undefined,
      null,
      'text/xml',
      'application/xml; charset=utf-8',
      'text/plain',
      'application/rss+xml',
    ]) {
      expect(verdict(RESPONSE, type)).toBe('accepted');
    }
  });

  it('accepts a byte-order mark and whitespace before the first "<"', () => {
    expect(verdict(`\uFEFF\r\n\t ${RESPONSE}`, 'text/xml')).toBe('accepted');
    expect(verdict(`${' '.repeat(10_000)}${RESPONSE}`)).toBe('accepted');
  });

  it('refuses a body that does not start with "<"', () => {
    expect(verdict('Service Unavailable', 'text/xml')).toBe(
      'response is not XML (Content-Type text/xml): "Service Unavailable"',
    );
    expect(verdict('')).toBe('response is not XML: (empty body)');
    expect(verdict('  \n ')).toBe('response is not XML: (empty body)');
  });

  it('refuses JSON by its Content-Type, whatever the body', () => {
    expect(verdict('{"a":1}', 'application/json')).toBe(
      'response is JSON, not XML (Content-Type application/json): "{\\"a\\":1}"',
    );
    expect(verdict(RESPONSE, 'application/problem+json')).toMatch(
      /^response is JSON, not XML \(Content-Type application\/problem\+json\)/,
    );
    expect(verdict(RESPONSE, 'TEXT/JSON')).toMatch(/^response is JSON, not XML \(Content-Type text\/json\)/);
  });

  it('refuses an HTML document, whatever the Content-Type', () => {
    expect(verdict('<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">', 'text/xml')).toMatch(
      /^response is an HTML page, not XML \(Content-Type text\/xml\): "<!DOCTYPE HTML/,
    );
    expect(verdict('\n<html lang="en"><body>Sign in</body></html>')).toBe(
      'response is an HTML page, not XML: "<html lang=\\"en\\"><body>Sign in</body></html>"',
    );
    expect(verdict('<html>x</html>')).toMatch(/^response is an HTML page/);
  });

  it('accepts text/html only for a body that starts like an XML-RPC document', () => {
    expect(verdict(`<?xml version="1.0"?>${RESPONSE}`, 'text/html')).toBe('accepted');
    expect(verdict(RESPONSE, 'text/html; charset=UTF-8')).toBe('accepted');
    expect(verdict('<p>Error</p>', 'text/html')).toBe(
      'response is an HTML page, not XML (Content-Type text/html): "<p>Error</p>"',
    );
    expect(verdict('Error', 'text/html')).toMatch(/^response is an HTML page, not XML/);
  });

  it('does not mistake XML elements that merely start with "html" for HTML', () => {
    expect(verdict('<htmlish/>')).toBe('accepted');
  });
});
