import { describe, expect, it } from 'vitest';
import { startCli } from '../cliProcess.js';

describe('rxjs-xmlrpc demo', () => {
  it('polls at --every and exits 0 on SIGINT', async () => {
    const demo = startCli(['demo', '--every', '20ms']);
    await demo.waitForStdout(/So far: 21 calls in 3 HTTP requests: batching saved 18 requests\.\n/);
    demo.child.kill('SIGINT');
    const { status, signal, stdout } = await demo.ended();
    expect([status, signal]).toEqual([0, null]);
    expect(stdout).toContain('\nround 3 · every 20ms · Ctrl-C stops\n');
    expect(stdout.endsWith('\nDemo stopped.\n')).toBe(true);
  });
});
