import { describe, expect, it } from 'vitest';
import { startCli } from './cliProcess.js';

describe.concurrent('npm run demo (src/cli/demo.ts)', () => {
  it.each(['SIGINT', 'SIGTERM'] as const)(
    'serves on 127.0.0.1, shows the table and the requests saved, and exits 0 on %s',
    async (signal) => {
      const demo = startCli([], 'src/cli/demo.ts');
      await demo.waitForStdout(/So far: 14 calls in 2 HTTP requests: batching saved 12 requests\.\n/);
      demo.child.kill(signal);
      const { status, signal: killedBy, stdout, stderr } = await demo.ended();
      expect(stderr).toBe('');
      expect([status, killedBy]).toEqual([0, null]);
      const [first] = stdout.split(/\n\n(?=rxjs-xmlrpc demo)/);
      const lines = first!.split('\n');
      expect(lines[0]).toMatch(
        /^rxjs-xmlrpc demo: a supervisor-like XML-RPC server at http:\/\/127\.0\.0\.1:\d+\/RPC2$/,
      );
      expect(lines[1]).toBe('round 1 · every 1s · Ctrl-C stops');
      expect(lines).toContain('supervisor.getState                statecode=1  statename=RUNNING');
      expect(lines).toContain('supervisor.getProcessInfo("nope")  FAULT 10: BAD_NAME: nope');
      expect(lines.some((line) => /^demo\.alwaysFaults +FAULT 30: FAILED: /.test(line))).toBe(true);
      expect(lines).toContain('  name      group    statename  state  pid   description');
      expect(lines).toContain('This round: 7 calls in 1 HTTP request (system.multicall).');
      expect(lines).toContain('So far: 7 calls in 1 HTTP request: batching saved 6 requests.');
      expect(stdout.endsWith('\nDemo stopped.\n')).toBe(true);
    },
  );
});
