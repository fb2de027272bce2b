import { afterEach, describe, expect, it, vi } from 'vitest';
import { onStopSignal } from '../../src/cli/onStopSignal.js';

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
