import { afterEach, describe, expect, it, vi } from 'vitest';
import { onStopSignal } from '../../src/cli/processIo.js';
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

/** The listener `onStopSignal` added last for `signal`; calling it is what a real signal would do. */
function lastListener(signal: NodeJS.Signals): (signal: NodeJS.Signals) => void {
  return process.listeners(signal).at(-1) as (signal: NodeJS.Signals) => void;
}

describe('onStopSignal', () => {
  let remove = () => {};
  afterEach(() => remove());

  it('calls stop with the signal, once, and removes both handlers first', () => {
    const before = [process.listenerCount('SIGINT'), process.listenerCount('SIGTERM')];
    const stop = vi.fn(() => {
      // By now a second Ctrl-C must find the default behaviour (kill) again.
      expect([process.listenerCount('SIGINT'), process.listenerCount('SIGTERM')]).toEqual(before);
    });
    remove = onStopSignal(stop);
    expect([process.listenerCount('SIGINT'), process.listenerCount('SIGTERM')]).toEqual(
      before.map((count) => count + 1),
    );
    lastListener('SIGTERM')('SIGTERM');
    expect(stop).toHaveBeenCalledTimes(1);
    expect(stop).toHaveBeenCalledWith('SIGTERM');
  });

  it('listens to SIGINT as well', () => {
    const stop = vi.fn();
    remove = onStopSignal(stop);
    lastListener('SIGINT')('SIGINT');
    expect(stop).toHaveBeenCalledWith('SIGINT');
  });

  it('removes its handlers without calling stop when told to', () => {
    const before = [process.listenerCount('SIGINT'), process.listenerCount('SIGTERM')];
    const stop = vi.fn();
    onStopSignal(stop)();
    expect([process.listenerCount('SIGINT'), process.listenerCount('SIGTERM')]).toEqual(before);
    expect(stop).not.toHaveBeenCalled();
  });
});
