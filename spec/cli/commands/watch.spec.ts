import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../src/cli/runCli.js';
import { encodeMethodResponse } from '../../../src/codec/encodeMethodResponse.js';
import type { XmlRpcServerHandle } from '../../../src/server/serveXmlRpc.js';
import { closedPort, runCliProcess, startCli } from '../cliProcess.js';
import { createTestIo, runInProcess, TestOutput } from '../testIo.js';
import { startRawServer, startTestServer } from '../testServer.js';

let server: XmlRpcServerHandle;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

describe.concurrent('rxjs-xmlrpc watch', () => {
  it('appends one table per round when stdout is not a terminal, and stops after --count', async () => {
    const { status, stdout, stderr, io } = await runInProcess([
      'watch',
      server.url,
      'supervisor.getState',
      'supervisor.getProcessInfo("nope")',
      'echo({"$i8": "5"}, "x")',
      'supervisor.getAllProcessInfo',
      '--every',
      '10ms',
      '--count',
      '2',
    ]);
    expect(stderr).toBe('');
    expect(status).toBe(0);
    // Each round is its header, a blank line, the table, and a blank line that ends the block.
    const rounds = stdout.trimEnd().split(/\n\n(?=http)/);
    expect(rounds).toHaveLength(2);
    rounds.forEach((round, i) => {
      const [header, blank, ...table] = round.split('\n');
      expect(header).toMatch(
        new RegExp(
          `^${server.url.replaceAll('.', '\\.')} · round ${i + 1} · .+ · every 10ms · Ctrl-C stops$`,
        ),
      );
      expect(blank).toBe('');
      expect(table).toEqual([
        'supervisor.getState                statecode=1  statename=RUNNING',
        'supervisor.getProcessInfo("nope")  FAULT 10: BAD_NAME: nope',
        'echo({"$i8": "5"}, "x")            [5,"x"]',
        'supervisor.getAllProcessInfo',
        '  name      group    statename  state  pid   description',
        '  web       web      RUNNING    20     4242  pid 4242, uptime 0:00:00',
        '  worker-1  workers  RUNNING    20     5100  pid 5100, uptime 0:00:00',
        '  worker-2  workers  STARTING   10     0',
        '  cron      cron     STOPPED    0      0     Not started',
        '  flaky     flaky    STARTING   10     0',
      ]);
    });
    expect(io.stopHandlers()).toBe(0);
  });

  it('hides the credentials of the URL in its header', async () => {
    const url = server.url.replace('http://', 'http://admin:s3cret@');
    const { status, stdout } = await runInProcess(['watch', url, 'supervisor.getState', '--count', '1']);
    expect(status).toBe(0);
    expect(stdout).not.toContain('s3cret');
    expect(stdout.startsWith(`${server.url} · round 1`)).toBe(true);
  });

  it('redraws each round in place when stdout is a terminal', async () => {
    const stdout = new TestOutput({ isTTY: true, columns: 120, rows: 40 });
    const { status } = await runInProcess(
      ['watch', server.url, 'supervisor.getState', 'demo.getCounters', '--every', '10ms', '--count', '2'],
      { stdout },
    );
    expect(status).toBe(0);
    // Each frame is the header, a blank line and two rows; the second moves up over the first.
    const [before, first, second, ...more] = stdout.text().split('\x1b[0J');
    expect([before, more]).toEqual(['', []]);
    expect(first).toMatch(
      /^http:.* · round 1 · .*\n\nsupervisor\.getState +statecode=1 {2}statename=RUNNING\ndemo\.getCounters .*\n/,
    );
    expect(first!.endsWith('\n\x1b[4F')).toBe(true);
    expect(second).toMatch(/^http:.* · round 2 · /);
  });

  it('reads the multicall answer bare with --bare (supervisord)', async () => {
    const { status, stdout } = await runInProcess([
      'watch',
      server.url,
      'echo("a")',
      'supervisor.getState',
      '--bare',
      '--count',
      '1',
    ]);
    expect(status).toBe(0);
    // This server wraps each result as the spec says, so a bare reading sees the wrapping arrays
    // (and a list of one struct is shown as a table).
    expect(stdout.split('\n').slice(2)).toEqual([
      'echo("a")            [["a"]]',
      'supervisor.getState',
      '  statecode  statename',
      '  1          RUNNING',
      '',
      '',
    ]);
  });

  it('shows the columns of --columns in sub-tables, an unknown one as an empty column', async () => {
    const { status, stdout } = await runInProcess([
      'watch',
      server.url,
      'supervisor.getAllProcessInfo',
      '--columns',
      'name,statename,pid,uptime',
      '--count',
      '1',
    ]);
    expect(status).toBe(0);
    expect(stdout.split('\n').slice(2, -2)).toEqual([
      'supervisor.getAllProcessInfo',
      '  name      statename  pid   uptime',
      '  web       RUNNING    4242',
      '  worker-1  RUNNING    5100',
      '  worker-2  STARTING   0',
      '  cron      STOPPED    0',
      '  flaky     STARTING   0',
    ]);
  });

  it.each([
    ['', '--columns must be member names separated by commas, but got ""'],
    ['name,,pid', '--columns must be member names separated by commas, but got "name,,pid"'],
    ['name,pid,name', '--columns names "name" twice'],
  ])('refuses --columns %j', async (columns, message) => {
    const { status, stderr } = await runInProcess(['watch', server.url, 'm', '--columns', columns]);
    expect(stderr).toBe(`rxjs-xmlrpc watch: ${message} (see rxjs-xmlrpc watch --help)\n`);
    expect(status).toBe(2);
  });

  it.each(['SIGINT', 'SIGTERM'] as const)(
    'stops on %s, removing its handlers, with status 0',
    async (signal) => {
      const io = createTestIo();
      const run = runCli(['watch', server.url, 'supervisor.getState', '--every', '10ms'], io);
      await io.stdout.waitFor(/round 2 /);
      expect(io.stopHandlers()).toBe(1);
      io.signal(signal);
      expect(await run).toBe(0);
      expect(io.stopHandlers()).toBe(0);
    },
  );
});

describe.concurrent('rxjs-xmlrpc watch against a server without system.multicall', () => {
  it('falls back to single calls and shows every result', async () => {
    const own = await startTestServer({ multicall: false });
    try {
      const { status, stdout } = await runInProcess([
        'watch',
        own.url,
        'supervisor.getState',
        'echo(1)',
        '--count',
        '1',
      ]);
      expect(status).toBe(0);
      expect(stdout.split('\n').slice(2, 4)).toEqual([
        'supervisor.getState  statecode=1  statename=RUNNING',
        'echo(1)              [1]',
      ]);
    } finally {
      await own.close();
    }
  });
});

describe.concurrent('rxjs-xmlrpc watch --fail-on-error', () => {
  it("exits 0 when the last round was answered, a call's own fault included", async () => {
    const { status, stderr } = await runInProcess([
      'watch',
      server.url,
      'supervisor.getState',
      'supervisor.getProcessInfo("nope")',
      '--count',
      '1',
      '--fail-on-error',
    ]);
    expect([status, stderr]).toEqual([0, '']);
  });

  it('exits 1 when the last round had a transport error, saying so on stderr', async () => {
    const url = `http://127.0.0.1:${await closedPort()}/RPC2`;
    const { status, stdout, stderr } = await runInProcess([
      'watch',
      url,
      'a',
      'b',
      '--count',
      '1',
      '--fail-on-error',
    ]);
    expect(stdout).toMatch(/^a +TRANSPORT ERROR: /m);
    expect(stderr).toBe('rxjs-xmlrpc watch: round 1 failed: 0 of 2 calls ok, 0 faults, 2 errors\n');
    expect(status).toBe(1);
  });

  it('exits 1 when every call of the last round faulted', async () => {
    const { status, stderr } = await runInProcess([
      'watch',
      server.url,
      'supervisor.getProcessInfo("nope")',
      'demo.alwaysFaults',
      '--count',
      '1',
      '--fail-on-error',
    ]);
    expect(stderr).toBe('rxjs-xmlrpc watch: round 1 failed: 0 of 2 calls ok, 2 faults, 0 errors\n');
    expect(status).toBe(1);
  });

  it('judges the last round only', async () => {
    let requests = 0;
    // Round 1 gets HTTP 503, round 2 an answer; then the other way round.
    const flaky = await startRawServer(() =>
      ++requests % 2 === 1 ? { status: 503, body: 'busy' } : { body: encodeMethodResponse('fine') },
    );
    try {
      const args = ['watch', flaky.url, 'm', '--count', '2', '--every', '10ms', '--fail-on-error'];
      const recovered = await runInProcess(args);
      expect(recovered.stdout).toMatch(/^m {2}TRANSPORT ERROR: .*HTTP 503/m);
      expect([recovered.status, recovered.stderr]).toEqual([0, '']);
      requests = 1;
      const broken = await runInProcess(args);
      expect(broken.status).toBe(1);
      expect(broken.stderr).toBe('rxjs-xmlrpc watch: round 2 failed: 0 of 1 calls ok, 0 faults, 1 errors\n');
    } finally {
      await flaky.close();
    }
  });

  it('exits 1 when stopped before any round was answered', async () => {
    const silent = await startRawServer(() => undefined);
    try {
      const io = createTestIo();
      const run = runCli(['watch', silent.url, 'm', '--fail-on-error'], io);
      while (silent.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
      io.signal('SIGINT');
      expect(await run).toBe(1);
      expect(io.stderr.text()).toBe('rxjs-xmlrpc watch: stopped before any round was answered\n');
    } finally {
      await silent.close();
    }
  });

  it('leaves the exit status at 0 without the flag', async () => {
    const url = `http://127.0.0.1:${await closedPort()}/RPC2`;
    const { status, stderr } = await runInProcess(['watch', url, 'a', '--count', '1']);
    expect([status, stderr]).toEqual([0, '']);
  });
});

describe.concurrent('rxjs-xmlrpc watch, as a process', () => {
  it('serves as a health check with --count 1 --fail-on-error', async () => {
    const url = `http://127.0.0.1:${await closedPort()}/RPC2`;
    const [healthy, down] = await Promise.all([
      runCliProcess(['watch', server.url, 'supervisor.getState', '--count', '1', '--fail-on-error']),
      runCliProcess(['watch', url, 'supervisor.getState', '--count', '1', '--fail-on-error']),
    ]);
    expect(healthy.status).toBe(0);
    expect(down.status).toBe(1);
    expect(down.stderr).toBe('rxjs-xmlrpc watch: round 1 failed: 0 of 1 calls ok, 0 faults, 1 errors\n');
  });

  it.each(['SIGINT', 'SIGTERM'] as const)('stops on %s with exit status 0', async (signal) => {
    const cli = startCli(['watch', server.url, 'supervisor.getState', '--every', '50ms']);
    await cli.waitForStdout(/round 2 /);
    cli.child.kill(signal);
    const { status, signal: killedBy } = await cli.ended();
    expect([status, killedBy]).toEqual([0, null]);
  });
});
