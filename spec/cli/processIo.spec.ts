import { describe, expect, it } from 'vitest';
import { onStopSignal } from '../../src/cli/onStopSignal.js';
import { processIo } from '../../src/cli/processIo.js';

describe('processIo', () => {
  it("is the process's own stdio and environment, stopped by SIGINT or SIGTERM", () => {
    expect(processIo.stdin).toBe(process.stdin);
    expect(processIo.stdout).toBe(process.stdout);
    expect(processIo.stderr).toBe(process.stderr);
    expect(processIo.env).toBe(process.env);
    expect(processIo.onStopSignal).toBe(onStopSignal);
  });
});
