import { createServer } from 'node:net';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeDashboardPage } from '../../../scripts/buildDashboardPage.js';
import { runCli } from '../../../src/cli/runCli.js';
import type { DashboardConfig } from '../../../src/dashboard/DashboardConfig.js';
import { createTestIo, runInProcess } from '../testIo.js';

// The command serves the built page; the end-to-end spec drives it in Chromium.
beforeAll(() => writeDashboardPage());

describe('rxjs-xmlrpc dashboard', () => {
  it.each([
    [[], /missing URL/],
    [['demo.getCounters'], /missing URL/],
    [['http://127.0.0.1:9/RPC2', '--every', '0s'], /--every must be a duration/],
    [['http://127.0.0.1:9/RPC2', '--port', '70000'], /--port must be a whole number/],
    [
      ['http://127.0.0.1:9/RPC2', '--bare', '--wrapped'],
      /one of --bare, --wrapped and --auto, not --bare and/,
    ],
    [
      ['http://127.0.0.1:9/RPC2', '--auto', '--bare'],
      /one of --bare, --wrapped and --auto, not --bare and --auto/,
    ],
    [
      ['http://u:p@127.0.0.1:9/RPC2', '--auth-file', '/nonexistent'],
      /in the URL or in --auth-file, not both/,
    ],
  ])('%j is a usage error (exit 2)', async (args, message) => {
    const { status, stderr } = await runInProcess(['dashboard', ...args]);
    expect(status).toBe(2);
    expect(stderr).toMatch(message);
  });

  it('serves the page for the URLs, telling it hosts and calls but no credentials, until stopped', async () => {
    const io = createTestIo();
    const argv = ['dashboard', 'http://user:secret@127.0.0.1:9/RPC2', 'https://[::1]:9002/x', 'a.b("c")'];
    const run = runCli([...argv, '--port', '0', '--every', '500ms', '--timeout', '2s'], io);
    await io.stdout.waitFor(/\n/);
    const url = /^Dashboard of 2 hosts at (\S+) \(every 500ms; Ctrl-C stops\)$/m.exec(io.stdout.text())?.[1];
    expect(url).toBeDefined();
    expect(await (await fetch(url!)).text()).toMatch(/^<!doctype html>/);
    const configText = await (await fetch(`${url}config.json`)).text();
    expect(configText).not.toContain('secret');
    const config = JSON.parse(configText) as DashboardConfig;
    expect(config.hosts).toEqual([
      { path: 'rpc/0', label: 'http://127.0.0.1:9/RPC2' },
      { path: 'rpc/1', label: 'https://[::1]:9002/x' },
    ]);
    expect(config.calls).toEqual([{ label: 'a.b("c")', xml: expect.stringContaining('<string>c</string>') }]);
    expect(config).toMatchObject({ everyMs: 500, timeoutMs: 7000, maxInFlight: 6 });
    io.signal('SIGINT');
    expect(await run).toBe(0);
    expect(io.stdout.text()).toMatch(/Stopped \(SIGINT\) after forwarding 0 requests\.\n$/);
  });

  it.each([
    [[], undefined],
    [['--auto'], 'auto'],
    [['--bare'], 'bare'],
    [['--wrapped'], 'wrapped'],
  ])('with %j, tells the page to read multicall results as %j', async (flags, shape) => {
    const io = createTestIo();
    const run = runCli(['dashboard', 'http://127.0.0.1:9/RPC2', ...flags, '--port', '0'], io);
    await io.stdout.waitFor(/\n/);
    const url = /^Dashboard of 1 host at (\S+) /m.exec(io.stdout.text())?.[1];
    const config = (await (await fetch(`${url}config.json`)).json()) as DashboardConfig;
    expect(config.multicallResults).toBe(shape);
    io.signal('SIGINT');
    expect(await run).toBe(0);
  });

  it('exits 1 when its port is taken', async () => {
    const taken = createServer().listen(0, '127.0.0.1');
    await new Promise((resolve) => taken.once('listening', resolve));
    const { port } = taken.address() as { port: number };
    try {
      const { status, stderr } = await runInProcess([
        'dashboard',
        'http://127.0.0.1:9/RPC2',
        '--port',
        String(port),
      ]);
      expect(status).toBe(1);
      expect(stderr).toMatch(`cannot listen on 127.0.0.1:${port}`);
    } finally {
      taken.close();
    }
  });
});
