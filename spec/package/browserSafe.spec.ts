import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

/**
 * The core and testing entries must run in a browser: bundling them for the browser platform fails
 * on any `node:` module (or Node built-in) reachable from them, however indirectly.
 */
describe('browser-facing entry points', () => {
  it.each(['src/index.ts', 'src/testing/index.ts'])(
    '%s bundles for the browser with no Node module',
    async (entry) => {
      const result = await build({
        entryPoints: [fileURLToPath(new URL(`../../${entry}`, import.meta.url))],
        bundle: true,
        platform: 'browser',
        format: 'esm',
        write: false,
        metafile: true,
        logLevel: 'silent',
      });
      const inputs = Object.keys(result.metafile.inputs);
      expect(inputs.some((input) => input.startsWith('node:'))).toBe(false);
      expect(inputs.some((input) => input.includes('node_modules/txml'))).toBe(true);
      expect(inputs.some((input) => input.includes('@angular'))).toBe(false); // Angular-free
    },
  );

  it.each(['src/server/index.ts', 'src/node/index.ts'])(
    '%s is one that needs Node (the check can fail)',
    async (entry) => {
      await expect(
        build({
          entryPoints: [fileURLToPath(new URL(`../../${entry}`, import.meta.url))],
          bundle: true,
          platform: 'browser',
          write: false,
          logLevel: 'silent',
        }),
      ).rejects.toThrow(/node:/);
    },
  );

  it('the supervisor entry bundles to its own constants alone: no dependency, not even rxjs or the codec', async () => {
    const result = await build({
      entryPoints: [fileURLToPath(new URL('../../src/supervisor/index.ts', import.meta.url))],
      bundle: true,
      platform: 'browser',
      format: 'esm',
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    expect(Object.keys(result.metafile.inputs).sort()).toEqual([
      'src/supervisor/ProcessState.ts',
      'src/supervisor/SupervisorFaultCode.ts',
      'src/supervisor/SupervisorState.ts',
      'src/supervisor/index.ts',
    ]);
  });

  it('src/angular/index.ts bundles for the browser with no Node module (Angular, its peer, left out)', async () => {
    const result = await build({
      entryPoints: [fileURLToPath(new URL('../../src/angular/index.ts', import.meta.url))],
      bundle: true,
      platform: 'browser',
      format: 'esm',
      external: ['@angular/*'],
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.some((input) => input.startsWith('node:'))).toBe(false);
    expect(inputs.some((input) => input.endsWith('src/angular/pollSignal.ts'))).toBe(true);
  });
});
