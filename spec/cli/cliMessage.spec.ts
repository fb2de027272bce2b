import { describe, expect, it } from 'vitest';
import { cliMessage } from '../../src/cli/cliMessage.js';

describe('cliMessage', () => {
  it.each([
    [
      "a system.multicall entry must be [result] …; if this server returns each result bare, as supervisord does, use `multicallResults: 'bare'`",
      'a system.multicall entry must be [result] …; if this server returns each result bare, as supervisord does, use --bare',
    ],
    ["use `multicallResults: 'wrapped'`", 'use --wrapped'],
    ["`multicallResults: 'auto'` reads it", '--auto reads it'],
    ['set `multicallResults`', 'set --bare or --wrapped'],
    ["use `multicallResults: 'someday'`", 'use --bare or --wrapped'],
    [
      'POST http://h/RPC2 failed: no response within timeoutMs (30000 ms)',
      'POST http://h/RPC2 failed: no response within 30s (--timeout)',
    ],
    ['no response within timeoutMs (1500 ms)', 'no response within 1.5s (--timeout)'],
    ['raise `timeoutMs`', 'raise --timeout'],
    [
      'POST http://h/RPC2 failed: response body exceeds maxResponseBytes (100 bytes): "<?xml"',
      'POST http://h/RPC2 failed: response body exceeds --max-response (100 bytes): "<?xml"',
    ],
    [
      'Content-Length 5000 exceeds maxResponseBytes (100 bytes)',
      'Content-Length 5000 exceeds --max-response (100 bytes)',
    ],
    [
      'nesting deeper than the `maxDepth` limit of 256 at methodResponse/params',
      'nesting deeper than the limit of 256 at methodResponse/params',
    ],
    [
      'integer longer than the `maxIntegerDigits` limit of 1000 at methodResponse/params/param/value/i8: "111…"',
      'integer longer than the limit of 1000 at methodResponse/params/param/value/i8: "111…"',
    ],
    [
      '`url` credentials hold a malformed percent escape (write "%" itself as "%25")',
      'the credentials in the URL hold a malformed percent escape (write "%" itself as "%25")',
    ],
    ['`url` user name must not contain ":"', 'the URL user name must not contain ":"'],
  ])('says %j as %j', (library, cli) => {
    expect(cliMessage(library)).toBe(cli);
  });

  it('leaves other text alone, words that merely contain an option name included', () => {
    const text = 'POST http://h/RPC2 failed: HTTP 502 Bad Gateway: "mytimeoutMsg"';
    expect(cliMessage(text)).toBe(text);
  });
});
