import { describe, expect, it } from 'vitest';
import { runCli } from '../../../src/cli/runCli.js';
import { createTestIo, runInProcess } from '../testIo.js';

// `npm run demo` as a process, with real signals: ../main.spec.ts.
describe('rxjs-xmlrpc demo', () => {
  it('polls at --every, counts the requests saved, and resolves 0 once told to stop', async () => {
    const io = createTestIo();
    const run = runCli(['demo', '--every', '20ms'], io);
    await io.stdout.waitFor(/So far: 21 calls in 3 HTTP requests: batching saved 18 requests\.\n/);
    io.signal('SIGINT');
    expect(await run).toBe(0);
    expect(io.stopHandlers()).toBe(0);
    const stdout = io.stdout.text();
    expect(io.stderr.text()).toBe('');
    const rounds = stdout.split(/\n\n(?=rxjs-xmlrpc demo)/);
    expect(rounds[0]).toMatch(
      /^rxjs-xmlrpc demo: a supervisor-like XML-RPC server at http:\/\/127\.0\.0\.1:\d+\/RPC2\nround 1 · every 20ms · Ctrl-C stops\n\n/,
    );
    expect(rounds[0]).toContain('\nsupervisor.getProcessInfo("nope")  FAULT 10: BAD_NAME: nope\n');
    expect(rounds[0]).toMatch(
      /\n\nThis round: 7 calls in 1 HTTP request \(system\.multicall\)\.\nSo far: 7 calls in 1 HTTP request: batching saved 6 requests\.$/,
    );
    expect(rounds[2]).toContain('\nround 3 · every 20ms · Ctrl-C stops\n');
    expect(rounds[2]).toContain('\nThis round: 7 calls in 1 HTTP request (system.multicall).\n');
    expect(stdout.endsWith('\n\nDemo stopped.\n')).toBe(true);
  });

  it('closes its server when stopped', async () => {
    const io = createTestIo();
    const run = runCli(['demo', '--every', '1m'], io);
    await io.stdout.waitFor(/So far: /);
    const url = /server at (\S+)\n/.exec(io.stdout.text())![1]!;
    io.signal('SIGTERM');
    await run;
    await expect(fetch(url, { method: 'POST', body: '' })).rejects.toThrow();
  });

  it('rejects a bad --every with status 2', async () => {
    const { status, stdout, stderr } = await runInProcess(['demo', '--every', 'often']);
    expect([status, stdout]).toEqual([2, '']);
    expect(stderr).toBe(
      'rxjs-xmlrpc demo: --every must be a duration such as 500ms, 1s or 2m (at least 1ms), but got "often" ' +
        '(see rxjs-xmlrpc demo --help)\n',
    );
  });
});
