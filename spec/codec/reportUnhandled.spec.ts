import { config } from 'rxjs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { reportUnhandled } from '../../src/codec/reportUnhandled.js';

afterEach(() => {
  config.onUnhandledError = null;
  vi.useRealTimers();
});

describe('reportUnhandled', () => {
  it("hands the error to RxJS's config.onUnhandledError on a later macrotask", () => {
    vi.useFakeTimers();
    const reported: unknown[] = [];
    config.onUnhandledError = (error) => reported.push(error);
    const error = new Error('nobody handled this');
    reportUnhandled(error);
    expect(reported).toEqual([]);
    vi.runAllTimers();
    expect(reported).toEqual([error]);
  });

  it('throws it on a later macrotask when no hook is set, so the host reports it', () => {
    vi.useFakeTimers();
    reportUnhandled(new Error('thrown later'));
    expect(() => vi.runAllTimers()).toThrow('thrown later');
  });
});
