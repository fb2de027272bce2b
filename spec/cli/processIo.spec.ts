import { describe, expect, it } from 'vitest';
import { startCli } from './cliProcess.js';

describe.concurrent('processIo (in a process of its own)', () => {
  it.each(['SIGINT', 'SIGTERM'] as const)(
    "reads the process's stdin and environment, writes its stdout and stderr, and stops on %s without being killed",
    async (signal) => {
      const probe = startCli([], 'spec/cli/processIoProbe.ts');
      probe.child.stdin!.write('hello\n');
      await probe.waitForStdout(/read: hello\n/);
      probe.child.kill(signal);
      const { status, signal: killedBy, stdout, stderr } = await probe.ended();
      expect([status, killedBy]).toEqual([0, null]);
      expect(stdout).toBe(`read: hello\nstopped by ${signal}\n`);
      expect(stderr).toBe('NO_COLOR=1\n'); // startCli sets it
    },
  );
});
