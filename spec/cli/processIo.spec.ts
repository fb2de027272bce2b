import { describe, expect, it } from 'vitest';
import { onStopSignal } from '../../src/cli/onStopSignal.js';
import { processIo } from '../../src/cli/processIo.js';

describe('processIo', () => {
  it("is the process's own stdio, stopped by SIGINT or SIGTERM", () => {
    expect(processIo.stdin).toBe(process.stdin);
    expect(processIo.stdout).toBe(process.stdout);
    expect(processIo.stderr).toBe(process.stderr);
    expect(processIo.onStopSignal).toBe(onStopSignal);
  });
});
