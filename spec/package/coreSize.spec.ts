import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const README = readFileSync(fileURLToPath(new URL('../../README.md', import.meta.url)), 'utf8');

/** The minified and gzipped size of everything the core entry exports, rxjs (a peer) left out. */
async function coreSizeKiB(): Promise<number> {
  const result = await build({
    entryPoints: [fileURLToPath(new URL('../../src/index.ts', import.meta.url))],
    bundle: true,
    platform: 'browser',
    format: 'esm',
    minify: true,
    external: ['rxjs', 'rxjs/*'],
    write: false,
    logLevel: 'silent',
  });
  return gzipSync(result.outputFiles[0]!.contents, { level: 9 }).length / 1024;
}

describe('the core size the README reports', () => {
  it('is within 10% of the real minified+gzipped size', async () => {
    const claim = /The core entry is \*\*(\d+(?:\.\d)?) KiB\*\* minified and gzipped/.exec(README);
    expect(claim, 'README.md states the size of the core entry').not.toBeNull();
    const actual = await coreSizeKiB();
    expect(
      Math.abs(Number(claim![1]) - actual) / actual,
      `README says ${claim![1]} KiB, the core is ${actual.toFixed(1)} KiB: update README.md`,
    ).toBeLessThan(0.1);
  });
});
